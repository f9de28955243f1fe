"""The one way a secret (staff password, youth PIN) is checked at sign-in: the wait comes
first, an unknown account costs the same hashing work, and every failure is counted."""

from __future__ import annotations

from dataclasses import dataclass

from youthvoice.services import passwords, throttle


@dataclass(frozen=True)
class Outcome:
    ok: bool
    retry_after: int = 0
    new_hash: str | None = None  # set when the stored hash used old parameters


def check_secret(
    account_key: str, address: str, stored_hash: str | None, secret: str, pepper: bytes = b""
) -> Outcome:
    client = throttle.address_key(address)
    if wait := throttle.seconds_to_wait(account_key, client):
        return Outcome(False, retry_after=wait)
    if stored_hash is None:
        passwords.verify_nothing(secret)
        return Outcome(False, retry_after=throttle.failed_sign_in(account_key, client))
    verified = passwords.verify_secret(stored_hash, secret, pepper)
    if not verified.ok:
        return Outcome(False, retry_after=throttle.failed_sign_in(account_key, client))
    throttle.record_success(account_key)
    return Outcome(True, new_hash=verified.new_hash)
