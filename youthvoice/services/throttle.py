"""Sign-in throttling kept in the database, so every app process sees the same counts.

Follows OWASP's "Slow down online guessing attacks with device cookies":
- Each action (youth PIN, staff password, staff code, invite code, ...) has counters of its
  own; a failure at one never slows another. Only failed POSTs are counted.
- A browser that signed in to an account before carries a device token for it. Its failures
  count against that token alone, so failures from anywhere else never lock it out.
- Tries without one count against the account (more than 5 in a row: a wait that doubles,
  up to an hour) and against the client address (more than 20 in a minute: wait out that
  minute, never longer, so a shared address such as shelter Wi-Fi cannot be locked for long).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import ThrottleState

WINDOW = timedelta(seconds=60)
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
ACCOUNT_FREE_FAILURES = 5  # in a row, per account (untrusted devices) or per device token
ADDRESS_FREE_FAILURES = 20  # per minute, per client address and action
DEVICE_TOKENS_KEPT = 4  # accounts one browser is remembered for (a family's shared tablet)


@dataclass(frozen=True)
class Source:
    """Where a try comes from: the client address, and the device tokens the browser sent."""

    address: str
    device_tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class Counter:
    key_hash: str
    doubling: bool  # True: a run of failures, ever longer waits; False: failures per minute
    free: int  # failures allowed before a wait


@dataclass(frozen=True)
class Counters:
    """What one try counts against; `trusted` when the browser carried this account's token."""

    counters: tuple[Counter, ...]
    trusted: bool


def account_key(action: str, identity: str) -> str:
    return keys().keyed_hash("throttle", f"account|{action}|{identity}")


def address_key(action: str, address: str) -> str:
    return keys().keyed_hash("throttle", f"address|{action}|{address}")


def _device_key(action: str, nonce: str) -> str:
    return keys().keyed_hash("throttle", f"device|{action}|{nonce}")


def new_device_token(identity: str) -> str:
    """A token for the browser that just signed in to `identity` (kept in a cookie)."""
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_device_mac(identity, nonce)}"


def device_nonce(source: Source, identity: str) -> str | None:
    """The nonce of the browser's token for this account, if it carries a genuine one."""
    for token in source.device_tokens:
        nonce, _, mac = token.partition(".")
        if nonce and mac and hmac.compare_digest(mac, _device_mac(identity, nonce)):
            return nonce
    return None


def _device_mac(identity: str, nonce: str) -> str:
    return keys().keyed_hash("device-token", f"{identity}|{nonce}")[:32]


def counters_for(action: str, source: Source, identity: str | None = None) -> Counters:
    """The counters a try of `action` on account `identity` (None: no account) counts on."""
    nonce = device_nonce(source, identity) if identity else None
    if nonce is not None:
        device = Counter(_device_key(action, nonce), True, ACCOUNT_FREE_FAILURES)
        return Counters((device,), trusted=True)
    address = Counter(address_key(action, source.address), False, ADDRESS_FREE_FAILURES)
    if identity is None:
        return Counters((address,), trusted=False)
    account = Counter(account_key(action, identity), True, ACCOUNT_FREE_FAILURES)
    return Counters((account, address), trusted=False)


def seconds_to_wait(counters: Counters, now: datetime | None = None) -> int:
    """How long these counters must wait before the next try (0: go ahead)."""
    now = now or datetime.now(UTC)
    key_hashes = [counter.key_hash for counter in counters.counters]
    rows = db.session.scalars(select(ThrottleState).where(ThrottleState.key_hash.in_(key_hashes)))
    waits = [row.locked_until - now for row in rows if row.locked_until]
    longest = max(waits, default=timedelta(0))
    return max(0, int(longest.total_seconds() + 0.999))


def failed(counters: Counters, now: datetime | None = None) -> int:
    """Count a failed try; commit at once, so a failed request cannot roll the count back.
    Returns the wait in seconds."""
    now = now or datetime.now(UTC)
    for counter in counters.counters:
        _record_failure(counter, now)
    db.session.commit()
    return seconds_to_wait(counters, now)


def succeeded(counters: Counters) -> None:
    """A good try ends the run of failures of its account or device (not of its address)."""
    for counter in counters.counters:
        if counter.doubling:
            state = db.session.get(ThrottleState, counter.key_hash)
            if state is not None:
                db.session.delete(state)


def clear_account(action: str, identity: str) -> int:
    """Forget an account's run of failures (its PIN was just reset); returns how long it was."""
    state = db.session.get(ThrottleState, account_key(action, identity))
    if state is None:
        return 0
    db.session.delete(state)
    return state.consecutive_failures


def _record_failure(counter: Counter, now: datetime) -> None:
    state = db.session.scalar(
        select(ThrottleState).where(ThrottleState.key_hash == counter.key_hash).with_for_update()
    )
    if state is None:
        state = ThrottleState(
            key_hash=counter.key_hash,
            window_started_at=now,
            window_failures=0,
            consecutive_failures=0,
        )
        db.session.add(state)
    window_start = state.window_started_at
    if now - window_start > WINDOW:
        window_start, state.window_started_at, state.window_failures = now, now, 0
    state.window_failures += 1
    state.consecutive_failures += 1
    if counter.doubling and state.consecutive_failures > counter.free:
        beyond = state.consecutive_failures - counter.free
        doublings = min(beyond - 1, 10)  # 30 s × 2^7 passes the hour already
        state.locked_until = now + min(FIRST_WAIT * (2**doublings), LONGEST_WAIT)
    elif not counter.doubling and state.window_failures > counter.free:
        state.locked_until = window_start + WINDOW
    db.session.flush()
