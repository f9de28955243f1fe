"""Server-side sessions: start, look up (with idle and absolute limits), revoke."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, or_, select, update

from youthvoice.extensions import db
from youthvoice.models import AuthSession, StaffUser, Youth
from youthvoice.models.youth import DEFAULT_THEME

SHARED_DEVICE_IDLE = timedelta(minutes=5)


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta
    absolute: timedelta


# Activity is written at most this often: a write on every request would cost more than
# the whole page, and an idle time-out of minutes does not need second precision.
TOUCH_EVERY = timedelta(seconds=30)
# An ended session's row is kept this long, then deleted by the daily purge: kept, the table
# would be a lasting record of when each young person used the app.
ENDED_SESSIONS_KEPT = timedelta(days=1)


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


@dataclass(frozen=True)
class Current:
    """A live session, with what a request needs of the person signed in."""

    kind: str  # "staff" or "youth"
    id: str
    seconds_left: int
    role: str | None = None  # staff only
    language: str | None = None  # youth only
    discreet: bool = True  # youth only
    theme: str = DEFAULT_THEME  # youth only: the look they picked


_SESSIONS = AuthSession.__table__
_YOUTH = Youth.__table__
_STAFF = StaffUser.__table__
# Plain SQL built once, on table columns (no ORM objects): this runs on every request, and
# building and loading entities cost more than the query. The person comes in the same row.
_LOOKUP = (
    select(
        _SESSIONS.c.user_kind,
        _SESSIONS.c.user_id,
        _SESSIONS.c.shared_device,
        _SESSIONS.c.last_seen_at,
        _SESSIONS.c.expires_at,
        _SESSIONS.c.revoked_at,
        _YOUTH.c.id.label("youth_id"),
        _YOUTH.c.language,
        _YOUTH.c.discreet_mode,
        _YOUTH.c.theme,
        _STAFF.c.role,
        _STAFF.c.active,
    )
    .outerjoin(_YOUTH, _YOUTH.c.id == _SESSIONS.c.user_id)
    .outerjoin(_STAFF, _STAFF.c.id == _SESSIONS.c.user_id)
    .where(_SESSIONS.c.id_hash == bindparam("token_hash"))
)
_TOUCH = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id_hash == bindparam("token_hash"))
    .values(last_seen_at=bindparam("now"))
)
_END = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id_hash == bindparam("token_hash"))
    .values(revoked_at=bindparam("now"))
)


def current(token: str | None, now: datetime | None = None) -> Current | None:
    """The live session for a token, touched; None when unknown, revoked, timed out, or its
    person is gone or deactivated.

    A time-out is written as the session's end, and activity as its last use; both are
    committed at once, so a page that fails afterwards cannot undo them."""
    if not token:
        return None
    now = now or datetime.now(UTC)
    key = _hash(token)
    row = db.session.execute(_LOOKUP, {"token_hash": key}).first()
    if row is None or row.revoked_at is not None:
        return None
    idle = limits_for(row.user_kind, row.shared_device).idle
    last_seen = row.last_seen_at
    if now >= row.expires_at or now - last_seen >= idle:
        db.session.execute(_END, {"token_hash": key, "now": now})
        db.session.commit()
        return None
    if now - last_seen >= TOUCH_EVERY:
        db.session.execute(_TOUCH, {"token_hash": key, "now": now})
        db.session.commit()
        last_seen = now
    # Activity renews only the idle limit: near the absolute limit the countdown must show
    # the few seconds really left, not a fresh idle period the server will not honour.
    ends_at = min(last_seen + idle, row.expires_at)
    left = max(0, int((ends_at - now).total_seconds()))
    if row.user_kind == "staff":
        if not row.active:  # no such staff member (NULL), or deactivated
            return None
        return Current("staff", row.user_id, left, role=row.role)
    if row.youth_id is None:
        return None
    return Current(
        "youth",
        row.user_id,
        left,
        language=row.language,
        discreet=row.discreet_mode,
        theme=row.theme,
    )


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


def forget_all(user_kind: str, user_id: str) -> None:
    """Delete a person's session rows (their account is gone): a token still in a cookie
    then finds nothing, and no row keeps saying when they used the app."""
    db.session.execute(
        delete(AuthSession).where(
            AuthSession.user_kind == user_kind, AuthSession.user_id == user_id
        )
    )


def purge_ended(now: datetime | None = None) -> int:
    """Delete sessions that ended more than ENDED_SESSIONS_KEPT ago; returns how many."""
    cutoff = (now or datetime.now(UTC)) - ENDED_SESSIONS_KEPT
    ended = or_(AuthSession.revoked_at < cutoff, AuthSession.expires_at < cutoff)
    return db.session.execute(delete(AuthSession).where(ended)).rowcount


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
