"""Key-encryption-key (KEK) providers: a key file, an environment variable. Never the database.

A provider wraps and unwraps 256-bit keys (data keys, the index secret, backup keys) under a
named KEK. Wrapping is AES-256-GCM with a label as associated data, so a wrapped key moved to
another owner fails to unwrap.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from youthvoice.crypto.envelope import NONCE_BYTES, IntegrityError, new_key

KEYRING_FORMAT = 1


class KeyCustodyError(Exception):
    """The KEK is missing, unreadable, or kept somewhere unsafe. The message says where."""


class KeyProvider(Protocol):
    description: str

    def current_id(self) -> str: ...

    def ids(self) -> list[str]: ...

    def wrap(self, kek_id: str, key: bytes, label: bytes) -> bytes: ...

    def unwrap(self, kek_id: str, wrapped: bytes, label: bytes) -> bytes: ...

    def add_current(self) -> str: ...

    def remove(self, kek_id: str) -> None: ...

    def changed_since_loaded(self) -> bool: ...


def _wrap_label(kek_id: str, label: bytes) -> bytes:
    return b"youthvoice-wrap-v1|" + kek_id.encode() + b"|" + label


class LocalKeyring:
    """KEKs held by this process, loaded from a file or an environment variable."""

    def __init__(self, keys: dict[str, bytes], current: str, description: str) -> None:
        if current not in keys:
            raise KeyCustodyError(f"{description}: current key {current!r} is not in the keyring")
        self._keys = keys
        self._current = current
        self.description = description

    def current_id(self) -> str:
        return self._current

    def ids(self) -> list[str]:
        return sorted(self._keys)

    def _aead(self, kek_id: str) -> AESGCM:
        try:
            return AESGCM(self._keys[kek_id])
        except KeyError:
            raise KeyCustodyError(f"{self.description} has no key {kek_id!r}") from None

    def wrap(self, kek_id: str, key: bytes, label: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead(kek_id).encrypt(nonce, key, _wrap_label(kek_id, label))

    def unwrap(self, kek_id: str, wrapped: bytes, label: bytes) -> bytes:
        nonce, sealed = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
        try:
            return self._aead(kek_id).decrypt(nonce, sealed, _wrap_label(kek_id, label))
        except InvalidTag:
            raise IntegrityError(f"a key wrapped by {kek_id} failed its integrity check") from None

    def add_current(self) -> str:
        kek_id = new_kek_id()
        self._keys[kek_id] = new_key()
        self._current = kek_id
        self._save()
        return kek_id

    def remove(self, kek_id: str) -> None:
        if kek_id == self._current:
            raise KeyCustodyError(f"{kek_id} is the current key; rotate before retiring it")
        self._keys.pop(kek_id, None)
        self._save()

    def _save(self) -> None:
        raise KeyCustodyError(
            f"{self.description} is read-only: change YOUTHVOICE_KEYRING and restart"
        )

    def to_json(self) -> str:
        return keyring_json(self._keys, self._current)

    def changed_since_loaded(self) -> bool:
        return False


class FileKeyring(LocalKeyring):
    """The default: a JSON keyring file, mode 0600, outside the database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        keys, current = parse_keyring(_read(path), f"key file {path}")
        super().__init__(keys, current, f"key file {path}")
        self._loaded_stamp = self._stamp()

    def _stamp(self) -> tuple[int, int]:
        status = self.path.stat()
        return status.st_mtime_ns, status.st_ino

    def changed_since_loaded(self) -> bool:
        try:
            return self._stamp() != self._loaded_stamp
        except FileNotFoundError:
            return True

    def _save(self) -> None:
        temporary = self.path.with_suffix(".tmp")
        write_private(temporary, self.to_json())
        os.replace(temporary, self.path)
        self._loaded_stamp = self._stamp()


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except FileNotFoundError:
        raise KeyCustodyError(
            f"no key file at {path} (YOUTHVOICE_KEY_FILE): on a new install create it with "
            "`python -m youthvoice.crypto create-key-file PATH` (development: `init` does it), "
            "otherwise restore it from its escrow copy"
        ) from None


def new_kek_id() -> str:
    return f"kek-{datetime.now(UTC):%Y%m%d%H%M%S}-{secrets.token_hex(3)}"


def keyring_json(keys: dict[str, bytes], current: str) -> str:
    encoded = {kek_id: base64.urlsafe_b64encode(key).decode() for kek_id, key in keys.items()}
    return json.dumps({"format": KEYRING_FORMAT, "current": current, "keys": encoded}, indent=2)


def parse_keyring(text: str, description: str) -> tuple[dict[str, bytes], str]:
    try:
        data = json.loads(text)
        keys = {kek_id: base64.urlsafe_b64decode(value) for kek_id, value in data["keys"].items()}
        current = data["current"]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyCustodyError(f"{description} is not a YouthVoice keyring") from None
    if any(len(key) != 32 for key in keys.values()):
        raise KeyCustodyError(f"{description}: every key must be 32 bytes")
    return keys, current


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, whatever the umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)


def create_key_file(path: Path) -> bool:
    """Make a new keyring file with one KEK unless one exists. True when it was created."""
    if path.exists():
        return False
    kek_id = new_kek_id()
    write_private(path, keyring_json({kek_id: new_key()}, kek_id))
    return True


def environment_keyring(text: str) -> LocalKeyring:
    keys, current = parse_keyring(text, "YOUTHVOICE_KEYRING")
    return LocalKeyring(keys, current, "YOUTHVOICE_KEYRING")
