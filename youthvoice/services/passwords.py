"""Password and PIN hashing: Argon2id, rehashed on sign-in when the parameters change."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Hash of a random value nobody knows: verifying against it costs what a real check costs,
# so an unknown account cannot be told apart by time.
_DUMMY_SOURCE = "youthvoice-no-such-account"


@dataclass(frozen=True)
class Verified:
    ok: bool
    new_hash: str | None = None  # set when the stored hash used old parameters


def hasher() -> PasswordHasher:
    settings = current_app.config["YOUTHVOICE_SETTINGS"]
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=2,
        type=Type.ID,
    )


def hash_secret(secret: str, pepper: bytes = b"") -> str:
    return hasher().hash(pepper + secret.encode())


def verify_secret(stored: str, secret: str, pepper: bytes = b"") -> Verified:
    current = hasher()
    try:
        current.verify(stored, pepper + secret.encode())
    except (VerificationError, InvalidHashError):
        return Verified(False)
    if current.check_needs_rehash(stored):
        return Verified(True, current.hash(pepper + secret.encode()))
    return Verified(True)


def verify_nothing(secret: str) -> None:
    """Do the work of a failed check for an account that does not exist."""
    current = hasher()
    dummy = current_app.extensions.setdefault("youthvoice.dummy_hash", current.hash(_DUMMY_SOURCE))
    with suppress(VerificationError, InvalidHashError):
        current.verify(dummy, secret.encode())
