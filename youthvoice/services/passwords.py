"""Password and PIN hashing: Argon2id, rehashed on sign-in when the parameters change.

Each hash or check holds one of a few slots per app process: Argon2 takes 64 MiB and a
few hundred milliseconds, so unthrottled requests could otherwise exhaust the server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Hash of a value nobody knows: checking against it costs what a real check costs, so an
# unknown account cannot be told apart by time. Made once per app process, never per try.
_DUMMY_SOURCE = "youthvoice-no-such-account"
SLOT_WAIT_SECONDS = 10


class Busy(RuntimeError):
    """Every Argon2 slot stayed taken for SLOT_WAIT_SECONDS: the caller should try later."""


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


@contextmanager
def _slot() -> Iterator[None]:
    slots = current_app.extensions.get("youthvoice.argon2_slots")
    if slots is None:
        size = current_app.config["YOUTHVOICE_SETTINGS"].argon2_concurrency
        slots = current_app.extensions.setdefault(
            "youthvoice.argon2_slots", threading.BoundedSemaphore(size)
        )
    if not slots.acquire(timeout=SLOT_WAIT_SECONDS):
        raise Busy("no Argon2 slot came free")
    try:
        yield
    finally:
        slots.release()


def hash_secret(secret: str, pepper: bytes = b"") -> str:
    with _slot():
        return hasher().hash(pepper + secret.encode())


def verify_secret(stored: str, secret: str, pepper: bytes = b"") -> Verified:
    current = hasher()
    with _slot():
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
    dummy = current_app.extensions.get("youthvoice.dummy_hash")
    if dummy is None:
        with _slot():
            dummy = current_app.extensions.setdefault(
                "youthvoice.dummy_hash", current.hash(_DUMMY_SOURCE)
            )
    with _slot(), suppress(VerificationError, InvalidHashError):
        current.verify(dummy, secret.encode())
