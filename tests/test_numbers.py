"""Vietnamese number and date notation: parsing, formatting, rounding."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from forms.errors import TemplateError, ValueInputError
from forms.numbers import (
    format_count,
    format_date,
    format_number,
    format_percent,
    parse_date,
    parse_number,
    round_half_up,
)

VIETNAMESE_NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,2}(\.[0-9]{3})*)(,[0-9]+)?")
SPACES = ["\u0020", "\t", "\u00a0", "\u202f", "\u2009"]


def rejection(text: str, kind: str = "decimal") -> str:
    with pytest.raises(ValueInputError) as info:
        parse_number(text, kind)
    message = str(info.value)
    assert unicodedata.is_normalized("NFC", message)
    return message


# --- errors ---------------------------------------------------------------


def test_value_input_error_is_a_value_error_with_its_message():
    err = ValueInputError('Không đọc được số "x".', "x")
    assert isinstance(err, ValueError)
    assert str(err) == 'Không đọc được số "x".'
    assert err.value == "x"
    assert str(ValueInputError("Thông báo")) == "Thông báo"


def test_template_error_is_not_a_value_error():
    assert issubclass(TemplateError, Exception)
    assert not issubclass(TemplateError, ValueError)


# --- parse_number: accepted -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("1.138", "int", 1138),
        ("1.138", "decimal", Decimal("1138")),
        ("301.953,3", "decimal", Decimal("301953.3")),
        ("92,52", "percent", Decimal("92.52")),
        ("92,52", "decimal", Decimal("92.52")),
        ("7.727.149.829", "int", 7727149829),
        ("-5", "int", -5),
        ("-5", "decimal", Decimal("-5")),
        ("+5", "int", 5),
        ("1138", "int", 1138),
        ("301953.3", "decimal", Decimal("301953.3")),
        ("92.52", "percent", Decimal("92.52")),
        ("1 138", "int", 1138),
        ("1\u00a0138", "int", 1138),
        ("1\u202f138,5", "decimal", Decimal("1138.5")),
        ("1\u2009138", "int", 1138),
        ("\t 1.138 \n", "int", 1138),
        ("106.543,046", "decimal", Decimal("106543.046")),
        ("0", "int", 0),
        ("-0", "int", 0),
        ("0,5", "decimal", Decimal("0.5")),
        ("1,000", "decimal", Decimal("1")),
        ("100", "percent", Decimal("100")),
        ("92,520", "percent", Decimal("92.52")),
        ("92,52%", "percent", Decimal("92.52")),
        ("-1.234,5", "decimal", Decimal("-1234.5")),
    ],
)
def test_parse_examples(text, kind, expected):
    result = parse_number(text, kind)
    assert result == expected
    assert type(result) is type(expected)
    if isinstance(result, Decimal):
        assert "E" not in str(result)
        assert str(result) == str(expected)


def test_integral_decimal_has_no_exponent_and_no_fraction():
    assert str(parse_number("1.138", "decimal")) == "1138"
    assert str(parse_number("1.000.000", "decimal")) == "1000000"
    assert str(parse_number("12,500", "decimal")) == "12.5"
    assert str(parse_number("-0,0", "decimal")) == "0"


def test_default_kind_is_decimal():
    assert parse_number("301.953,3") == Decimal("301953.3")
    assert isinstance(parse_number("5"), Decimal)


def test_huge_numbers_are_exact():
    digits = "123456789" * 5
    grouped = format_number(int(digits))
    assert parse_number(grouped, "int") == int(digits)
    assert parse_number(grouped + ",125", "decimal") == Decimal(digits + ".125")


# --- parse_number: rejected -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("abc", "decimal"),
        ("12a", "int"),
        ("1e5", "decimal"),
        ("1,2,3", "decimal"),
        ("1.13.8", "int"),
        ("1.13.8", "decimal"),
        ("12.34.567", "int"),
        ("1.2345.678", "int"),
        ("01.138", "int"),
        ("01.138.000", "int"),
        ("1234.567.890", "int"),
        ("12345.678,5", "decimal"),
        ("1.2345,5", "decimal"),
        ("1,5", "int"),
        ("1.5", "int"),
        ("1,2345", "decimal"),
        ("1,234", "percent"),
        ("--5", "int"),
        ("5-", "int"),
        ("+", "int"),
        ("1.", "decimal"),
        (",5", "decimal"),
        ("1,", "decimal"),
        ("1,2.5", "decimal"),
        ("1234.567", "decimal"),
        ("0.138", "decimal"),
        ("5%", "int"),
    ],
)
def test_rejections_name_the_text(text, kind):
    assert f"“{text}”" in rejection(text, kind)


def test_generic_message_explains_vietnamese_notation():
    assert rejection("abc") == (
        "Không đọc được số “abc”: chỉ được gõ chữ số, dấu chấm ngăn cách hàng nghìn "
        "và dấu phẩy thập phân (ví dụ 1.138 hoặc 301.953,3)."
    )


@pytest.mark.parametrize("text", ["", "   ", "\u00a0"])
def test_empty_is_rejected(text):
    assert "trống" in rejection(text, "int")


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("1,234.5", "1.234,5"), ("1,234,567.25", "1.234.567,25"), ("1,234,567", "1.234.567")],
)
def test_english_notation_gets_a_specific_message(text, suggestion):
    message = rejection(text)
    assert f"“{text}”" in message
    assert suggestion in message
    assert "tiếng Anh" in message


def test_decimal_in_int_field_says_it_must_be_whole():
    assert "phải là số nguyên" in rejection("1,5", "int")
    assert "phải là số nguyên" in rejection("92.52", "int")


def test_comma_thousands_in_int_field_suggests_the_dot():
    assert "1.000" in rejection("1,000", "int")


def test_decimal_limits_per_kind():
    assert "3 chữ số" in rejection("1,2345", "decimal")
    assert "2 chữ số" in rejection("1,234", "percent")
    assert parse_number("1,234", "decimal") == Decimal("1.234")
    assert parse_number("1,23", "percent") == Decimal("1.23")


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError) as info:
        parse_number("1", "money")
    assert not isinstance(info.value, ValueInputError)


# --- round trips ------------------------------------------------------------


@given(st.integers())
def test_int_round_trip(n):
    text = format_number(n)
    assert VIETNAMESE_NUMBER.fullmatch(text)
    assert parse_number(text, "int") == n
    assert parse_number(text, "decimal") == Decimal(n)


@given(st.integers(min_value=-(10**40), max_value=10**40))
def test_int_format_has_thousands_dots_only(n):
    text = format_number(n)
    assert "," not in text
    assert text.replace(".", "").lstrip("-") == str(abs(n))


@given(
    st.decimals(
        min_value=Decimal("-1e15"),
        max_value=Decimal("1e15"),
        places=3,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_decimal_round_trip(d):
    text = format_number(d)
    assert VIETNAMESE_NUMBER.fullmatch(text)
    parsed = parse_number(text, "decimal")
    assert parsed == d
    assert "E" not in str(parsed)


@given(
    st.decimals(
        min_value=Decimal(0),
        max_value=Decimal(100),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_percent_round_trip(d):
    assert parse_number(format_number(d), "percent") == d
    assert parse_number(format_percent(d), "percent") == d


@given(
    st.decimals(
        min_value=Decimal(0),
        max_value=Decimal("1e9"),
        places=3,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.data(),
)
def test_spaces_anywhere_are_ignored(d, data):
    text = format_number(d)
    position = data.draw(st.integers(min_value=0, max_value=len(text)))
    space = data.draw(st.sampled_from(SPACES))
    assert parse_number(text[:position] + space + text[position:], "decimal") == d


@given(
    st.decimals(
        min_value=Decimal(0),
        max_value=Decimal("1e9"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_plain_notation_with_up_to_two_decimals(d):
    plain = format(d, "f")
    assume("." not in plain or len(plain.split(".")[1]) != 3)
    assert parse_number(plain, "decimal") == d


# --- formatting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1138, "1.138"),
        (Decimal("301953.3"), "301.953,3"),
        (-1234, "-1.234"),
        (0, "0"),
        (Decimal("106543.046"), "106.543,046"),
        (7727149829, "7.727.149.829"),
        (Decimal("1.138E+3"), "1.138"),
        (Decimal("12.500"), "12,5"),
        (Decimal("-0"), "0"),
        (Decimal("0.05"), "0,05"),
        (999, "999"),
        (1000, "1.000"),
        (-100000, "-100.000"),
    ],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("92.525"), 2, "92,53"),
        (Decimal("0.125"), 2, "0,13"),
        (1138, 2, "1.138,00"),
        (Decimal("1234.5"), 0, "1.235"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("999.995"), 2, "1.000,00"),
    ],
)
def test_format_number_with_fixed_decimals(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (3, "03"),
        (9, "09"),
        (Decimal("3"), "03"),
        (10, "10"),
        (33, "33"),
        (1138, "1.138"),
        (-3, "-3"),
        (Decimal("3.5"), "3,5"),
    ],
)
def test_format_count(value, expected):
    assert format_count(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("92.525"), "92,53%"),
        (Decimal("0.125"), "0,13%"),
        (Decimal("76.404"), "76,40%"),
        (50, "50,00%"),
        (Decimal("76.4"), "76,40%"),
        (100, "100,00%"),
        (Decimal("92.5238095"), "92,52%"),
        (92.525, "92,53%"),
    ],
)
def test_format_percent(value, expected):
    assert format_percent(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("92.525"), 2, "92.53"),
        (Decimal("0.125"), 2, "0.13"),
        (Decimal("76.404"), 2, "76.40"),
        (Decimal("0.115"), 2, "0.12"),
        (Decimal("-0.125"), 2, "-0.13"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("1.05"), 1, "1.1"),
        (0.125, 2, "0.13"),
        (7, 2, "7.00"),
    ],
)
def test_round_half_up(value, places, expected):
    result = round_half_up(value, places)
    assert isinstance(result, Decimal)
    assert str(result) == expected


@given(
    st.decimals(
        min_value=Decimal("-1e12"),
        max_value=Decimal("1e12"),
        places=3,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_round_half_up_matches_integer_arithmetic(d):
    thousandths = int(d * 1000)
    hundredths, remainder = divmod(abs(thousandths), 10)
    if remainder >= 5:
        hundredths += 1
    expected = Decimal(hundredths if thousandths >= 0 else -hundredths).scaleb(-2)
    assert round_half_up(d, 2) == expected
    assert round_half_up(d, 2).as_tuple().exponent == -2


# --- dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/8/2023", date(2023, 8, 31)),
        ("31/08/2023", date(2023, 8, 31)),
        ("2023-08-31", date(2023, 8, 31)),
        ("5/2/2023", date(2023, 2, 5)),
        ("05/02/2023", date(2023, 2, 5)),
        (" 14/12/2023 ", date(2023, 12, 14)),
        ("29/2/2024", date(2024, 2, 29)),
        ("31-8-2023", date(2023, 8, 31)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2023",
        "29/2/2023",
        "0/1/2023",
        "1/13/2023",
        "32/1/2023",
        "abc",
        "31/8/23",
        "2023/08/31",
    ],
)
def test_parse_date_rejections_name_the_text(text):
    with pytest.raises(ValueInputError) as info:
        parse_date(text)
    assert f"“{text}”" in str(info.value)


def test_impossible_date_message_says_why():
    with pytest.raises(ValueInputError) as info:
        parse_date("31/2/2023")
    assert "28 ngày" in str(info.value)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2023, 2, 5), "5/2/2023"),
        (date(2023, 8, 31), "31/8/2023"),
        (date(2023, 1, 1), "1/1/2023"),
        (date(2023, 12, 14), "14/12/2023"),
        (date(2023, 3, 9), "9/3/2023"),
        (date(2022, 12, 15), "15/12/2022"),
        (date(2023, 2, 28), "28/2/2023"),
    ],
)
def test_format_date(d, expected):
    assert format_date(d) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_date_round_trip(d):
    assert parse_date(format_date(d)) == d
