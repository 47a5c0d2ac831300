"""Report periods: identifiers, labels, cut-off dates, navigation, entry periods."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.errors import ValueInputError
from forms.periods import Period, parse_period

M = "month"
Q = "quarter"


def months(year: int, *numbers: int) -> list[Period]:
    return [Period(M, year, n) for n in numbers]


@st.composite
def periods(draw, kinds=("month", "quarter", "half", "9m", "year")) -> Period:
    kind = draw(st.sampled_from(kinds))
    year = draw(st.integers(min_value=2000, max_value=2100))
    top = {"month": 12, "quarter": 4}.get(kind, 1)
    return Period(kind, year, draw(st.integers(min_value=1, max_value=top)))


# --- identifiers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-07", Period(M, 2023, 7)),
        ("2023-01", Period(M, 2023, 1)),
        ("2023-12", Period(M, 2023, 12)),
        ("2023-Q3", Period(Q, 2023, 3)),
        ("2023-q1", Period(Q, 2023, 1)),
        ("2023-H1", Period("half", 2023, 1)),
        ("2023-9M", Period("9m", 2023, 1)),
        ("2023", Period("year", 2023, 1)),
        (" 2023-Q4 ", Period(Q, 2023, 4)),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2023-07", "2023-Q3", "2023-H1", "2023-9M", "2023", "2024-01"])
def test_str_gives_the_id_back(text):
    assert str(parse_period(text)) == text
    assert parse_period(text).id == text


@given(periods())
def test_id_round_trip(p):
    assert parse_period(str(p)) == p


@pytest.mark.parametrize(
    "text",
    [
        "2023-13",
        "2023-00",
        "2023-Q5",
        "2023-Q0",
        "23-07",
        "2023-H2",
        "2023-6M",
        "2023/07",
        "07-2023",
        "quý 3",
        "",
        "20234",
    ],
)
def test_parse_period_rejections(text):
    with pytest.raises(ValueInputError) as info:
        parse_period(text)
    message = str(info.value)
    assert f'"{text}"' in message
    assert "2023-Q3" in message and "2023-H1" in message and "2023-9M" in message
    assert unicodedata.is_normalized("NFC", message)


@pytest.mark.parametrize(
    ("kind", "year", "index"),
    [(M, 2023, 13), (M, 2023, 0), (Q, 2023, 5), ("half", 2023, 2), ("week", 2023, 1), (M, 0, 1)],
)
def test_invalid_periods_cannot_be_built(kind, year, index):
    with pytest.raises(ValueInputError):
        Period(kind, year, index)


def test_period_is_frozen_and_hashable():
    p = Period(M, 2023, 7)
    with pytest.raises(AttributeError):
        p.year = 2024  # type: ignore[misc]
    assert len({p, Period(M, 2023, 7), parse_period("2023-07")}) == 1
    assert {Period(Q, 2023, 3): "x"}[parse_period("2023-Q3")] == "x"


# --- labels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "short"),
    [
        ("2023-07", "tháng 7 năm 2023", "Tháng 7/2023"),
        ("2023-Q3", "quý III năm 2023", "Quý III/2023"),
        ("2023-Q1", "quý I năm 2023", "Quý I/2023"),
        ("2023-Q4", "quý IV năm 2023", "Quý IV/2023"),
        ("2023-H1", "6 tháng đầu năm 2023", "6 tháng/2023"),
        ("2023-9M", "9 tháng năm 2023", "9 tháng/2023"),
        ("2023", "năm 2023", "Năm 2023"),
    ],
)
def test_labels(text, label, short):
    p = parse_period(text)
    assert p.label() == label
    assert p.short_label() == short
    assert unicodedata.is_normalized("NFC", p.label() + p.short_label())


# --- cut-off (Nghị định 09/2019/NĐ-CP) ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023-01", date(2022, 12, 15), date(2023, 1, 14)),
        ("2023-07", date(2023, 6, 15), date(2023, 7, 14)),
        ("2023-12", date(2023, 11, 15), date(2023, 12, 14)),
        ("2023-03", date(2023, 2, 15), date(2023, 3, 14)),
        ("2023-Q1", date(2022, 12, 15), date(2023, 3, 14)),
        ("2023-Q2", date(2023, 3, 15), date(2023, 6, 14)),
        ("2023-Q3", date(2023, 6, 15), date(2023, 9, 14)),
        ("2023-Q4", date(2023, 9, 15), date(2023, 12, 14)),
        ("2023-H1", date(2022, 12, 15), date(2023, 6, 14)),
        ("2023-9M", date(2022, 12, 15), date(2023, 9, 14)),
        ("2023", date(2022, 12, 15), date(2023, 12, 14)),
        ("2000-01", date(1999, 12, 15), date(2000, 1, 14)),
    ],
)
def test_cutoff(text, start, end):
    assert parse_period(text).cutoff() == (start, end)


@given(periods(kinds=("month", "quarter")))
def test_consecutive_cutoffs_tile_without_gap_or_overlap(p):
    _, previous_end = p.previous().cutoff()
    start, _ = p.cutoff()
    assert previous_end + timedelta(days=1) == start


@given(periods())
def test_cutoff_spans_the_covered_months(p):
    start, end = p.cutoff()
    assert start.day == 15 and end.day == 14
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == len(p.months())
    assert p.months()[0].cutoff()[0] == start
    assert p.months()[-1].cutoff()[1] == end


# --- navigation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01", "2022-12"),
        ("2023-07", "2023-06"),
        ("2023-Q1", "2022-Q4"),
        ("2023-Q3", "2023-Q2"),
        ("2023-H1", "2022-H1"),
        ("2023-9M", "2022-9M"),
        ("2023", "2022"),
    ],
)
def test_previous(text, expected):
    assert str(parse_period(text).previous()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01", "2022-01"),
        ("2023-Q3", "2022-Q3"),
        ("2023-H1", "2022-H1"),
        ("2023-9M", "2022-9M"),
        ("2023", "2022"),
    ],
)
def test_same_period_last_year(text, expected):
    assert str(parse_period(text).same_period_last_year()) == expected


@given(periods())
def test_previous_is_earlier_and_same_kind(p):
    before = p.previous()
    assert before.kind == p.kind
    assert before < p
    assert not p.contains(before)


def test_twelve_previous_months_is_same_month_last_year():
    p = Period(M, 2023, 3)
    q = p
    for _ in range(12):
        q = q.previous()
    assert q == p.same_period_last_year() == Period(M, 2022, 3)


# --- months, quarters, containment ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-07", months(2023, 7)),
        ("2023-Q1", months(2023, 1, 2, 3)),
        ("2023-Q3", months(2023, 7, 8, 9)),
        ("2023-Q4", months(2023, 10, 11, 12)),
        ("2023-H1", months(2023, *range(1, 7))),
        ("2023-9M", months(2023, *range(1, 10))),
        ("2023", months(2023, *range(1, 13))),
    ],
)
def test_months(text, expected):
    assert parse_period(text).months() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-07", []),
        ("2023-Q3", ["2023-Q3"]),
        ("2023-H1", ["2023-Q1", "2023-Q2"]),
        ("2023-9M", ["2023-Q1", "2023-Q2", "2023-Q3"]),
        ("2023", ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]),
    ],
)
def test_quarters(text, expected):
    assert [str(q) for q in parse_period(text).quarters()] == expected


def test_contains():
    q3 = parse_period("2023-Q3")
    assert q3.contains(parse_period("2023-08"))
    assert q3.contains(q3)
    assert not q3.contains(parse_period("2023-06"))
    assert not q3.contains(parse_period("2022-08"))
    assert not q3.contains(parse_period("2023-9M"))
    assert parse_period("2023-9M").contains(q3)
    assert parse_period("2023").contains(parse_period("2023-H1"))
    assert not parse_period("2023-H1").contains(q3)


@given(periods(), periods(kinds=("month",)))
def test_contains_agrees_with_months(p, month):
    assert p.contains(month) == (month in p.months())


# --- entry periods --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "frequency", "expected"),
    [
        ("2023-07", "month", ["2023-07"]),
        ("2023-Q3", "month", ["2023-07", "2023-08", "2023-09"]),
        ("2023-Q3", "quarter", ["2023-Q3"]),
        ("2023-H1", "quarter", ["2023-Q1", "2023-Q2"]),
        ("2023-9M", "quarter", ["2023-Q1", "2023-Q2", "2023-Q3"]),
        ("2023", "quarter", ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]),
        ("2023", "month", [f"2023-{m:02d}" for m in range(1, 13)]),
    ],
)
def test_entry_periods(text, frequency, expected):
    assert [str(p) for p in parse_period(text).entry_periods(frequency)] == expected


def test_month_of_a_quarterly_unit_is_refused():
    with pytest.raises(ValueInputError) as info:
        parse_period("2023-07").entry_periods("quarter")
    assert "tháng 7 năm 2023" in str(info.value)


@pytest.mark.parametrize("frequency", ["week", "year", ""])
def test_unknown_frequency(frequency):
    with pytest.raises(ValueInputError):
        parse_period("2023").entry_periods(frequency)
    with pytest.raises(ValueInputError):
        parse_period("2023").is_entry_period(frequency)


@pytest.mark.parametrize(
    ("text", "monthly", "quarterly"),
    [
        ("2023-07", True, False),
        ("2023-Q3", False, True),
        ("2023-H1", False, False),
        ("2023-9M", False, False),
        ("2023", False, False),
    ],
)
def test_is_entry_period(text, monthly, quarterly):
    p = parse_period(text)
    assert p.is_entry_period("month") is monthly
    assert p.is_entry_period("quarter") is quarterly


# --- ordering -----------------------------------------------------------------------


def test_sorted_by_start_month_then_length():
    ids = ["2023", "2023-Q3", "2023-9M", "2022-12", "2023-07", "2023-Q1", "2023-H1", "2023-01"]
    ordered = [str(p) for p in sorted(parse_period(i) for i in ids)]
    assert ordered == [
        "2022-12",
        "2023-01",
        "2023-Q1",
        "2023-H1",
        "2023-9M",
        "2023",
        "2023-07",
        "2023-Q3",
    ]


@given(periods(), periods())
def test_ordering_is_consistent_with_equality(a, b):
    assert (a == b) == (not a < b and not b < a)
    assert (a <= b) or (b <= a)
    if a.first_month + 12 * a.year < b.first_month + 12 * b.year:
        assert a < b


def test_month_is_shorter_than_a_quarterly_entry_only():
    from forms.periods import parse_period

    assert parse_period("2023-07").is_shorter_than_entry("quarter") is True
    assert parse_period("2023-07").is_shorter_than_entry("month") is False
    assert parse_period("2023-Q3").is_shorter_than_entry("quarter") is False
