"""AES-256-GCM field encryption: the ciphertext format and the associated data that binds it.

Format (version 1): 0x01 | data-key id (4 bytes, big-endian) | 96-bit nonce | ciphertext+tag.
The associated data names the ciphertext's place (table, column, row id, owner id) and the
format version, so a ciphertext copied to another row, column or youth fails to decrypt.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32
TAG_BYTES = 16
_HEADER = struct.Struct(">BI")
OVERHEAD = _HEADER.size + NONCE_BYTES + TAG_BYTES


class IntegrityError(Exception):
    """A ciphertext was altered, moved, or its key is gone. Carries no plaintext."""


@dataclass(frozen=True)
class Place:
    """Where a ciphertext lives; part of what it is bound to."""

    table: str
    column: str
    row_id: str
    owner_id: str

    def associated_data(self, version: int = FORMAT_VERSION) -> bytes:
        parts = (
            b"youthvoice",
            str(version).encode(),
            *(part.encode() for part in (self.table, self.column, self.row_id, self.owner_id)),
        )
        # Length-prefixed, so no two different places can encode to the same bytes.
        return b"".join(struct.pack(">H", len(part)) + part for part in parts)

    def __str__(self) -> str:
        return f"{self.table}.{self.column} row {self.row_id}"


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def seal(aead: AESGCM, nonce: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    """AES-GCM with a given nonce: the primitive, exposed for known-answer tests."""
    return aead.encrypt(nonce, plaintext, associated_data)


def open_sealed(aead: AESGCM, nonce: bytes, sealed: bytes, associated_data: bytes) -> bytes:
    return aead.decrypt(nonce, sealed, associated_data)


def encrypt(aead: AESGCM, key_id: int, place: Place, plaintext: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)  # fresh from the OS for every ciphertext, never a counter
    header = _HEADER.pack(FORMAT_VERSION, key_id)
    return header + nonce + seal(aead, nonce, plaintext, place.associated_data())


def key_id_of(blob: bytes) -> int:
    if len(blob) < OVERHEAD:
        raise IntegrityError("ciphertext too short")
    version, key_id = _HEADER.unpack_from(blob)
    if version != FORMAT_VERSION:
        raise IntegrityError(f"unknown ciphertext format {version}")
    return key_id


def decrypt(aead: AESGCM, key_id: int, place: Place, blob: bytes) -> bytes:
    if key_id_of(blob) != key_id:
        raise IntegrityError(f"ciphertext at {place} was made with another data key")
    nonce = blob[_HEADER.size : _HEADER.size + NONCE_BYTES]
    try:
        return open_sealed(aead, nonce, blob[_HEADER.size + NONCE_BYTES :], place.associated_data())
    except InvalidTag:
        raise IntegrityError(f"ciphertext at {place} failed its integrity check") from None
