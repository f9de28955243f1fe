"""Server-side sessions: start, look up (with idle and absolute limits), revoke."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from youthvoice.extensions import db
from youthvoice.models import AuthSession

SHARED_DEVICE_IDLE = timedelta(minutes=5)


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta
    absolute: timedelta


# Activity is written at most this often: a write on every request would cost more than
# the whole page, and an idle time-out of minutes does not need second precision.
TOUCH_EVERY = timedelta(seconds=30)


def token_hash(token: str) -> str:
    """What the database keeps of a session token."""
    return _hash(token)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def limits_for(user_kind: str, shared_device: bool = False) -> SessionLimits:
    settings = current_app.config["YOUTHVOICE_SETTINGS"]
    minutes = settings.youth_idle_minutes if user_kind == "youth" else settings.staff_idle_minutes
    idle = timedelta(minutes=minutes)
    if shared_device:
        idle = min(idle, SHARED_DEVICE_IDLE)
    return SessionLimits(idle, timedelta(hours=settings.absolute_session_hours))


def start(user_kind: str, user_id: str, shared_device: bool = False) -> str:
    """A new session; returns the token for the cookie (stored only as its hash)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    db.session.add(
        AuthSession(
            id_hash=_hash(token),
            user_kind=user_kind,
            user_id=user_id,
            shared_device=shared_device,
            created_at=now,
            last_seen_at=now,
            expires_at=now + limits_for(user_kind).absolute,
        )
    )
    db.session.flush()
    return token


def current(token: str | None, now: datetime | None = None) -> AuthSession | None:
    """The live session for a token, touched; None when unknown, revoked or timed out."""
    if not token:
        return None
    now = now or datetime.now(UTC)
    record = db.session.get(AuthSession, _hash(token))
    if record is None or record.revoked_at is not None:
        return None
    idle = limits_for(record.user_kind, record.shared_device).idle
    if now >= _aware(record.expires_at) or now - _aware(record.last_seen_at) >= idle:
        record.revoked_at = now
        return None
    if now - _aware(record.last_seen_at) >= TOUCH_EVERY:
        record.last_seen_at = now
    return record


def revoke(token: str) -> None:
    record = db.session.get(AuthSession, _hash(token))
    if record is not None and record.revoked_at is None:
        record.revoked_at = datetime.now(UTC)


def revoke_all(user_kind: str, user_id: str) -> int:
    """Sign out everywhere (also on role change or deactivation). Returns sessions ended."""
    result = db.session.execute(
        update(AuthSession)
        .where(AuthSession.user_kind == user_kind, AuthSession.user_id == user_id)
        .where(AuthSession.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    return result.rowcount


def seconds_left(record: AuthSession, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    idle = limits_for(record.user_kind, record.shared_device).idle
    return max(0, int((_aware(record.last_seen_at) + idle - now).total_seconds()))


def live_sessions(user_kind: str, user_id: str) -> list[AuthSession]:
    return list(
        db.session.scalars(
            select(AuthSession).where(
                AuthSession.user_kind == user_kind,
                AuthSession.user_id == user_id,
                AuthSession.revoked_at.is_(None),
            )
        )
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
