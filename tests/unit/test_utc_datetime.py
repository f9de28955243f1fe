"""Every time column hands back aware UTC and refuses a time without a zone, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from youthvoice.extensions import db
from youthvoice.models import ThrottleState
from youthvoice.models.types import NaiveDatetimeError

INDIA = timezone(timedelta(hours=5, minutes=30))
NOON_IN_INDIA = datetime(2026, 3, 1, 12, 0, tzinfo=INDIA)
SAME_INSTANT_IN_UTC = datetime(2026, 3, 1, 6, 30, tzinfo=UTC)
_STATES = ThrottleState.__table__


def _store(moment: datetime, locked_until: datetime | None = None) -> None:
    db.session.add(ThrottleState(key_hash="k", window_started_at=moment, locked_until=locked_until))
    db.session.commit()
    db.session.expunge_all()  # the next read comes from the database, not the identity map


def _read() -> ThrottleState:
    return db.session.scalar(select(ThrottleState).where(ThrottleState.key_hash == "k"))


def _on_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def test_a_time_in_another_zone_comes_back_as_the_same_instant_in_utc(app_context):
    _store(NOON_IN_INDIA)
    moment = _read().window_started_at
    assert moment == SAME_INSTANT_IN_UTC
    assert moment.tzinfo is UTC


def test_what_is_stored_is_the_utc_instant(app_context):
    _store(NOON_IN_INDIA)
    raw = db.session.scalar(text("SELECT window_started_at FROM throttle_states"))
    if _on_sqlite():  # no zone is kept: the wall time must be UTC's
        assert raw.startswith("2026-03-01 06:30:00")
    else:
        assert raw == SAME_INSTANT_IN_UTC


def test_a_time_written_outside_the_app_still_reads_as_utc(app_context):
    """SQLite keeps no zone (the wall time is read as UTC); PostgreSQL hands times back in the
    session's zone, here New York's, and they are turned back into UTC."""
    if _on_sqlite():
        db.session.execute(
            text(
                "INSERT INTO throttle_states (key_hash, window_started_at, window_failures,"
                " consecutive_failures) VALUES ('k', '2026-03-01 06:30:00', 0, 0)"
            )
        )
    else:
        _store(SAME_INSTANT_IN_UTC)
        db.session.execute(text("SET LOCAL TIME ZONE 'America/New_York'"))
        assert db.session.scalar(text("SELECT window_started_at FROM throttle_states")).utcoffset()
    moment = _read().window_started_at
    assert moment == SAME_INSTANT_IN_UTC
    assert moment.tzinfo is UTC


def test_plain_rows_from_table_columns_are_aware_too(app_context):
    _store(NOON_IN_INDIA, locked_until=SAME_INSTANT_IN_UTC + timedelta(minutes=5))
    row = db.session.execute(select(_STATES.c.window_started_at, _STATES.c.locked_until)).one()
    assert row.window_started_at.tzinfo is UTC
    assert row.locked_until - row.window_started_at == timedelta(minutes=5)


def test_an_empty_time_stays_empty(app_context):
    _store(NOON_IN_INDIA)
    assert _read().locked_until is None


def test_a_time_without_a_zone_is_refused(app_context):
    db.session.add(ThrottleState(key_hash="k", window_started_at=datetime(2026, 3, 1, 6, 30)))
    with pytest.raises(StatementError) as refused:
        db.session.flush()
    assert isinstance(refused.value.orig, NaiveDatetimeError)
    db.session.rollback()
    assert _read() is None


def test_a_query_compared_with_a_time_without_a_zone_is_refused(app_context):
    naive = select(ThrottleState).where(ThrottleState.locked_until < datetime(2026, 3, 1))
    with pytest.raises(StatementError):
        db.session.execute(naive)
