"""Sign-in throttling kept in the database, so every app process sees the same counts.

More than 5 failures within 60 seconds for one account or one client address means a wait;
for an account, every further failure doubles the wait (up to an hour).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import ThrottleState

WINDOW = timedelta(seconds=60)
FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)


def account_key(kind: str, name: str) -> str:
    return keys().keyed_hash("throttle", f"account|{kind}|{name}")


def address_key(address: str) -> str:
    return keys().keyed_hash("throttle", f"address|{address}")


def seconds_to_wait(*key_hashes: str, now: datetime | None = None) -> int:
    """How long these keys must wait before the next try (0: go ahead)."""
    now = now or datetime.now(UTC)
    rows = db.session.scalars(select(ThrottleState).where(ThrottleState.key_hash.in_(key_hashes)))
    waits = [_aware(row.locked_until) - now for row in rows if row.locked_until]
    longest = max(waits, default=timedelta(0))
    return max(0, int(longest.total_seconds() + 0.999))


def record_failure(key_hash: str, *, doubling: bool, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    state = db.session.scalar(
        select(ThrottleState).where(ThrottleState.key_hash == key_hash).with_for_update()
    )
    if state is None:
        state = ThrottleState(
            key_hash=key_hash, window_started_at=now, window_failures=0, consecutive_failures=0
        )
        db.session.add(state)
    if now - _aware(state.window_started_at) > WINDOW:
        state.window_started_at, state.window_failures = now, 0
    state.window_failures += 1
    state.consecutive_failures += 1
    beyond = state.consecutive_failures - FREE_FAILURES if doubling else 0
    if state.window_failures > FREE_FAILURES or beyond > 0:
        wait = FIRST_WAIT * (2 ** max(0, beyond - 1))
        state.locked_until = now + min(wait, LONGEST_WAIT)
    db.session.flush()


def failed_sign_in(account_key_hash: str, address_key_hash: str) -> int:
    """Count a failed try against the account (doubling wait) and the address; commit at
    once, so a failed request cannot roll the count back. Returns the wait in seconds."""
    record_failure(account_key_hash, doubling=True)
    record_failure(address_key_hash, doubling=False)
    db.session.commit()
    return seconds_to_wait(account_key_hash, address_key_hash)


def record_success(key_hash: str) -> None:
    state = db.session.get(ThrottleState, key_hash)
    if state is not None:
        db.session.delete(state)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
