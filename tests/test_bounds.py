"""Bounds at the doors of every value: numbers Excel holds exactly, years of a report, texts without
control characters and within a size (issue 10)."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from forms.catalog import load_template
from forms.errors import ValueInputError
from forms.numbers import parse_date
from forms.periods import parse_period
from forms.values import MAX_NARRATIVE_BYTES, check_text, parse_value

TEMPLATE = load_template()
COUNT = TEMPLATE.indicators["tcc.kt.kien_nghi"]
AMOUNT = TEMPLATE.indicators["tcc.thu.thuc_hien"]
PERCENT = next(i for i in TEMPLATE.indicators.values() if i.type == "percent")
DAY = TEMPLATE.indicators["tcc.ngay_chot"]
TEXT = TEMPLATE.indicators["nx.uu_diem"]


def refusal(indicator, raw) -> str:
    with pytest.raises(ValueInputError) as caught:
        parse_value(indicator, raw)
    return str(caught.value)


@pytest.mark.parametrize(
    ("indicator", "raw", "expected"),
    [
        (COUNT, "999.999.999.999.999", 999_999_999_999_999),
        (COUNT, 999_999_999_999_999, 999_999_999_999_999),
        (AMOUNT, "999.999.999.999.999", Decimal("999999999999999")),
        (AMOUNT, "999.999.999.999,9", Decimal("999999999999.9")),
        (AMOUNT, "999.999.999.999,999", Decimal("999999999999.999")),
        (AMOUNT, "99.999.999.999.999,99", None),
        (PERCENT, "100", Decimal(100)),
    ],
)
def test_largest_numbers_are_kept_or_refused_at_the_digit_bound(indicator, raw, expected):
    if expected is None:
        message = refusal(indicator, raw)
        assert f"“{indicator.label}”" in message and "15 chữ số" in message and "99.999.999.999.999,99" in message
    else:
        assert parse_value(indicator, raw) == expected


@pytest.mark.parametrize("indicator", [COUNT, AMOUNT])
@pytest.mark.parametrize("raw", ["1.000.000.000.000.000", "1000000000000000", 10**15, 1e300, "9" * 60])
def test_a_number_past_what_excel_holds_names_field_value_and_bound(indicator, raw):
    message = refusal(indicator, raw)
    assert f"“{indicator.label}” quá lớn: tối đa 999.999.999.999.999" in message
    assert "đã gõ" in message and len(message) < 300


def test_huge_numbers_are_refused_fast_and_shown_short():
    started = time.perf_counter()
    for raw in ["9" * 310, "9" * 5000, "1" + "0" * 100_000, "1,5" + "0" * 100_000]:
        message = refusal(AMOUNT, raw)
        assert "quá dài" in message and f"“{AMOUNT.label}”" in message and len(message) < 400
    message = refusal(COUNT, 10**5000)  # a JSON integer past Python's own 4300-digit limit for str()
    assert "quá lớn" in message and "hơn 60 chữ số" in message
    assert time.perf_counter() - started < 2


def test_percent_stays_within_its_range():
    assert "từ 0 đến 100" in refusal(PERCENT, "100,01")
    assert "từ 0 đến 100" in refusal(PERCENT, 1e300)


@pytest.mark.parametrize("text", ["2023", "2000-01", "2100-Q4", "2050-H1", "2099-9M"])
def test_periods_within_2000_to_2100_are_read(text):
    assert str(parse_period(text)) == text


@pytest.mark.parametrize("text", ["0001-07", "1999-12", "2101", "9999-Q4", "1000-H1", "0000"])
def test_periods_outside_2000_to_2100_are_refused(text):
    with pytest.raises(ValueInputError) as caught:
        parse_period(text)
    assert "năm phải từ 2000 đến 2100" in str(caught.value) and text in str(caught.value)


def test_a_very_long_period_text_is_refused_briefly():
    with pytest.raises(ValueInputError) as caught:
        parse_period("2023-0" + "7" * 10_000)
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize("text", ["31/12/1899", "1/1/0001", "01/01/2101", "0001-01-01"])
def test_dates_outside_1900_to_2100_are_refused(text):
    message = refusal(DAY, text)
    assert f"“{DAY.label}”" in message and "từ 1900 đến 2100" in message
    with pytest.raises(ValueInputError):
        parse_date(text)


def test_dates_inside_are_read():
    assert parse_value(DAY, "31/8/2023") == date(2023, 8, 31)


@pytest.mark.parametrize(
    ("raw", "code"), [("a\x1bb", "U+001B"), ("a\x00b", "U+0000"), ("\x7f", "U+007F"), ("x\x85y", "U+0085")]
)
def test_control_characters_in_a_text_are_refused_by_name(raw, code):
    message = refusal(TEXT, raw)
    assert f"“{TEXT.label}” có ký tự điều khiển {code}" in message


def test_a_lone_surrogate_in_a_text_is_refused():
    assert "U+D800" in refusal(TEXT, "a\ud800b")


def test_newline_tab_and_carriage_return_are_kept_as_lines():
    assert parse_value(TEXT, "Dòng 1\r\n\tDòng 2\rDòng 3") == "Dòng 1\n\tDòng 2\nDòng 3"


def test_a_narrative_is_at_most_100_kb():
    assert parse_value(TEXT, "a" * MAX_NARRATIVE_BYTES) == "a" * MAX_NARRATIVE_BYTES
    message = refusal(TEXT, "ă" * 60_000)  # 120 kB in UTF-8
    assert f"“{TEXT.label}” quá dài: 120 kB, tối đa 100 kB" in message


def test_check_text_bounds_characters():
    assert check_text("Tên đơn vị", "UBND phường An Hòa", max_chars=200) == "UBND phường An Hòa"
    with pytest.raises(ValueInputError, match="“Tên đơn vị” quá dài: 201 ký tự, tối đa 200 ký tự"):
        check_text("Tên đơn vị", "x" * 201, max_chars=200)


def test_unit_texts_are_bounded_and_without_control_characters():
    from cchc_desktop.app.usecases.units import check_unit_texts

    check_unit_texts({"name": "UBND phường An Hòa", "place": "Sa Đéc", "recipients": ["Như trên;", "Lưu: VT."]})
    with pytest.raises(ValueInputError, match=r"“Tên đơn vị” có ký tự điều khiển U\+001B"):
        check_unit_texts({"name": "UBND\x1b[31m"})
    with pytest.raises(ValueInputError, match="“Địa danh” quá dài: 101 ký tự, tối đa 100 ký tự"):
        check_unit_texts({"place": "x" * 101})
    with pytest.raises(ValueInputError, match=r"“Nơi nhận” có ký tự điều khiển U\+0000"):
        check_unit_texts({"recipients": ["Như trên;", "Lưu\x00"]})
