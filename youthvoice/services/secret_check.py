"""The one way a secret (staff password, youth PIN, backup code) is checked: the wait comes
first, an unknown account costs the same hashing work, and every failure is counted."""

from __future__ import annotations

from dataclasses import dataclass

from youthvoice.services import passwords, throttle


@dataclass(frozen=True)
class Outcome:
    ok: bool
    retry_after: int = 0
    checked: bool = True  # False: refused for the wait alone, the secret was not looked at
    trusted: bool = False  # the browser carried this account's device token
    new_hash: str | None = None  # set when the stored hash used old parameters


def check_secret(
    action: str,
    identity: str,
    source: throttle.Source,
    stored_hash: str | None,
    secret: str,
    pepper: bytes = b"",
) -> Outcome:
    """Check `secret` for the account `identity` (its stored hash, or None when there is no
    such account: then the same work is done and the same answer given)."""
    counters = throttle.counters_for(action, source, identity)
    if wait := throttle.seconds_to_wait(counters):
        return Outcome(False, retry_after=wait, checked=False)
    if stored_hash is None:
        passwords.verify_nothing(secret)
        return Outcome(False, retry_after=throttle.failed(counters))
    verified = passwords.verify_secret(stored_hash, secret, pepper)
    if not verified.ok:
        return Outcome(False, retry_after=throttle.failed(counters))
    throttle.succeeded(counters)
    return Outcome(True, new_hash=verified.new_hash, trusted=counters.trusted)
