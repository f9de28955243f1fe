"""When a check-in is due, as a table of cases at the boundaries of each rhythm.

Pure: the rhythm, when one was last sent and the time now in; due or not (and when next)
out. No app, no database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from youthvoice.services.rhythm import is_due, next_due

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def ago(days: int = 0, hours: int = 0, minutes: int = 0) -> datetime:
    return NOW - timedelta(days=days, hours=hours, minutes=minutes)


@pytest.mark.parametrize(
    ("rhythm", "last_sent", "due"),
    [
        ("weekly", None, True),
        ("weekly", ago(days=3), False),
        ("weekly", ago(days=6, hours=23), False),
        ("weekly", ago(days=6, hours=23, minutes=59), False),
        ("weekly", ago(days=7), True),
        ("weekly", ago(days=40), True),
        ("monthly", None, True),
        ("monthly", ago(days=2), False),
        ("monthly", ago(days=27, hours=23), False),
        ("monthly", ago(days=28), True),
        ("quarterly", None, True),
        ("quarterly", ago(days=89, hours=23), False),
        ("quarterly", ago(days=90), True),
        ("once", None, True),
        ("once", ago(minutes=1), False),
        ("once", ago(days=2000), False),  # never due again, however long ago
        ("on_request", None, False),
        ("on_request", ago(days=2000), False),
    ],
)
def test_a_check_in_is_due_when_its_rhythm_says_so(rhythm, last_sent, due):
    assert is_due(rhythm, last_sent, NOW) is due


@pytest.mark.parametrize(
    ("rhythm", "days"),
    [("weekly", 7), ("monthly", 28), ("quarterly", 90)],
)
def test_the_next_due_day_is_the_rhythm_after_the_last_one_sent(rhythm, days):
    sent = ago(days=2)
    assert next_due(rhythm, sent) == sent + timedelta(days=days)


@pytest.mark.parametrize(
    ("rhythm", "last_sent"),
    [
        ("weekly", None),  # never sent: due now, not on a later day
        ("once", ago(days=2)),
        ("on_request", ago(days=2)),
        ("on_request", None),
    ],
)
def test_a_check_in_that_never_comes_due_by_itself_has_no_next_day(rhythm, last_sent):
    assert next_due(rhythm, last_sent) is None
