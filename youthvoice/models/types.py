"""The one column type for moments in time: aware UTC in and out, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utc_now() -> datetime:
    return datetime.now(UTC)


class NaiveDatetimeError(ValueError):
    """A datetime without a zone reached the database: which instant it means is a guess."""


class UTCDateTime(TypeDecorator[datetime]):
    """DateTime(timezone=True) that hands back aware UTC datetimes and refuses naive ones.

    SQLite keeps no zone and returns naive values, PostgreSQL returns the session's zone;
    both come back as UTC here, so services compare and format them without fixing them
    up. A naive value going in is refused rather than taken as UTC: on PostgreSQL it would
    be read in the server's zone, so it is a bug to find, not a value to guess about.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise NaiveDatetimeError(f"naive datetime {value!r}: give it a zone (UTC)")
        # SQLite drops the zone when storing: converting first keeps the same instant.
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite: stored as UTC, returned without a zone
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
