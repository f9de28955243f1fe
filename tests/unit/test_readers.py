"""The one digit reader, date reader and redirect check, on tables of what people (and
attackers) type."""

from __future__ import annotations

from datetime import date

import pytest

from youthvoice.readers import is_ascii_digits, read_date, read_digits, read_local_path


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0", 0),
        ("7", 7),
        ("42", 42),
        (" 12 ", 12),  # spaces around a number are a slip, not a different number
        ("007", 7),
        ("999999999", 999_999_999),
        ("", None),
        ("   ", None),
        (None, None),
        ("-3", None),
        ("+3", None),
        ("3.0", None),
        ("1e3", None),
        ("1_000", None),
        ("1 000", None),
        ("0x1F", None),
        ("three", None),
        ("²", None),  # superscript two: isdigit() says yes, int() raises
        ("⑤", None),  # circled five: the same
        ("٣", None),  # Arabic-Indic three: int() would give 3
        ("１２", None),  # full-width digits
        ("𝟗", None),  # mathematical bold nine
        ("Ⅻ", None),  # Roman numeral twelve
        ("½", None),
        ("1\x00", None),
        ("1234567890", None),  # more digits than any form asks for
        ("9" * 5000, None),  # int() refuses strings this long outright
        ("99999999999999999999", None),
    ],
)
def test_only_ascii_digits_make_a_number(typed, number):
    assert read_digits(typed) == number


def test_a_reader_can_allow_fewer_digits():
    assert read_digits("12", max_digits=2) == 12
    assert read_digits("123", max_digits=2) is None


@pytest.mark.parametrize(
    ("typed", "pin_digits"),
    [
        ("493817", True),
        ("0000", True),
        ("", False),
        ("49381٧", False),
        ("4938 17", False),
        ("²²²²²²", False),
        ("493817\n", False),
    ],
)
def test_a_pin_is_ascii_digits_and_nothing_else(typed, pin_digits):
    assert is_ascii_digits(typed) is pin_digits


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        ("2027", "3", "5", date(2027, 3, 5)),
        ("2027", "03", "05", date(2027, 3, 5)),
        (" 2027", "3 ", " 5 ", date(2027, 3, 5)),
        ("2028", "2", "29", date(2028, 2, 29)),
        ("1900", "1", "1", date(1900, 1, 1)),
        ("2999", "12", "31", date(2999, 12, 31)),
        ("2027", "2", "29", None),  # not a leap year
        ("2027", "4", "31", None),
        ("2027", "0", "5", None),
        ("2027", "13", "5", None),
        ("2027", "3", "0", None),
        ("1899", "12", "31", None),
        ("3000", "1", "1", None),
        ("0", "1", "1", None),
        ("99999999999999999999", "1", "1", None),  # OverflowError in date()
        ("2027", "99999999999999999999", "1", None),
        ("2027", "1", "99999999999999999999", None),
        ("202٧", "3", "5", None),
        ("2027", "³", "5", None),
        ("2027", "3", "⑤", None),
        ("", "", "", None),
        (None, None, None, None),
        ("2027", "3", None, None),
        ("-2027", "3", "5", None),
        ("2027.0", "3", "5", None),
    ],
)
def test_a_date_is_read_from_three_fields_or_not_at_all(year, month, day, expected):
    assert read_date(year, month, day) == expected


def test_a_date_reader_can_be_held_to_nearer_years():
    assert read_date("2027", "3", "5", first_year=2026, last_year=2030) == date(2027, 3, 5)
    assert read_date("2031", "3", "5", first_year=2026, last_year=2030) is None


@pytest.mark.parametrize(
    ("target", "goes_to"),
    [
        ("/support", "/support"),
        ("/youth/check-ins/abc/q/3", "/youth/check-ins/abc/q/3"),
        ("/support?x=1#top", "/support?x=1#top"),
        ("/%2F/evil.example", "/%2F/evil.example"),  # encoded: a browser keeps it a path
        ("/", "/"),
        ("", "/"),
        (None, "/"),
        ("support", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("//evil.example/", "/"),
        ("///evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/support\\..\\x", "/"),
        ("\\\\evil.example", "/"),
        ("/\t/evil.example", "/"),  # browsers drop the tab: //evil.example
        ("/\n/evil.example", "/"),
        ("/support\r\nSet-Cookie: x=1", "/"),
        ("/support\x00", "/"),
        ("/support\x7f", "/"),
        (" /support", "/"),
        ("/sup port", "/"),
        ("/\u00a0/evil.example", "/"),  # no-break space
        ("/\u2028/evil.example", "/"),  # line separator
        ("/\u202e/evil.example", "/"),  # right-to-left override
        ("/ñ", "/"),
    ],
)
def test_only_a_plain_path_on_this_site_is_followed(target, goes_to):
    assert read_local_path(target) == goes_to


def test_the_safe_default_can_be_chosen():
    assert read_local_path("//evil.example", default="/youth/") == "/youth/"
