"""Read what a person typed: whole numbers, dates and where to go next. Pure, never raises.

Python's own digit tests accept the digits of every script: `"²".isdigit()` is true but
`int("²")` raises, `int("٣")` is 3, and `int()` of 5,000 digits raises too. A check with one
and a conversion with the other crashed pages, so every number, month, date or PIN read
from a form goes through here, where a digit is one of ASCII 0-9 and nothing else.
"""

from __future__ import annotations

from datetime import date

ASCII_DIGITS = frozenset("0123456789")
# More digits than any number, month or year a form asks for; an int this size is cheap.
MAX_DIGITS = 9
FIRST_YEAR = 1900
LAST_YEAR = 2999


def is_ascii_digits(text: str) -> bool:
    """Only 0-9, at least one: a PIN, or a whole number before it is read."""
    return bool(text) and set(text) <= ASCII_DIGITS


def read_digits(text: str | None, max_digits: int = MAX_DIGITS) -> int | None:
    """The whole number written in ASCII digits (spaces around it allowed), or None for
    anything else: empty, a sign, a decimal point, other scripts' digits, too many digits."""
    if text is None:
        return None
    text = text.strip()
    if not is_ascii_digits(text) or len(text) > max_digits:
        return None
    return int(text)


def read_date(
    year: str | None,
    month: str | None,
    day: str | None,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
) -> date | None:
    """The day named by three typed fields, or None when any is not a number or the day
    does not exist (31 April, a year outside first_year to last_year)."""
    numbers = (read_digits(year, 4), read_digits(month, 2), read_digits(day, 2))
    if None in numbers:
        return None
    year_number, month_number, day_number = numbers
    if not first_year <= year_number <= last_year or not 1 <= month_number <= 12:
        return None
    try:
        return date(year_number, month_number, day_number)
    except ValueError:  # a day past the end of its month, or day 0
        return None


def read_local_path(target: str | None, default: str = "/") -> str:
    """A place on this site to go next, or `default` when the target could lead anywhere else.

    Only a path starting with one '/': no scheme or host, no '//' (another host), no
    back-slash (browsers read it as '/'), no control characters or spaces (a browser
    drops a tab or new line, so "/\\t/evil.example" becomes "//evil.example"; a new line
    would also try to start a header) and nothing outside printable ASCII.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if any(not "!" <= character <= "~" or character == "\\" for character in target):
        return default
    return target
