"""Server-side sessions: the cookie carries only a random id; this row makes it revocable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from youthvoice.extensions import db
from youthvoice.models.types import UTCDateTime, utc_now


class AuthSession(db.Model):
    __tablename__ = "auth_sessions"

    # SHA-256 of the id in the cookie: a database copy cannot be replayed as a cookie.
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_kind: Mapped[str] = mapped_column(String(8))  # "staff" or "youth"
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    shared_device: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ThrottleState(db.Model):
    """Failed sign-ins per account or client address, shared by every app process."""

    __tablename__ = "throttle_states"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    window_failures: Mapped[int] = mapped_column(default=0)
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
