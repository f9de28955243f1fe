"""AES-256-GCM field encryption: the ciphertext format and the associated data that binds it.

Format: version (1 byte) | data-key id (4 bytes, big-endian) | 96-bit nonce | ciphertext+tag.
Version 1 seals the plaintext as it is. Version 2 first pads it ISO/IEC 7816-4 style (0x80,
then zeros) so the whole ciphertext is a multiple of BUCKET_BYTES: its size then says nothing
about what is inside (which instrument a check-in is, say). Both versions decrypt, so
ciphertexts stored before padding stay readable.
The associated data names the ciphertext's place (table, column, row id, owner id) and the
format version, so a ciphertext copied to another row, column or youth fails to decrypt, and
a padded one cannot pass for an unpadded one.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
PADDED_VERSION = 2
VERSIONS = (FORMAT_VERSION, PADDED_VERSION)
BUCKET_BYTES = 512
PAD_MARK = b"\x80"
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


def pad(plaintext: bytes) -> bytes:
    """0x80 then zeros, up to the length that makes the sealed blob fill whole buckets."""
    sealed_size = len(plaintext) + len(PAD_MARK) + OVERHEAD
    blob_size = -(-sealed_size // BUCKET_BYTES) * BUCKET_BYTES
    return plaintext + PAD_MARK + bytes(blob_size - sealed_size)


def unpad(padded: bytes) -> bytes:
    # The last non-zero byte is the mark: unambiguous whatever the plaintext ends with.
    end = len(padded.rstrip(b"\x00")) - 1
    if end < 0 or padded[end] != PAD_MARK[0]:
        raise IntegrityError("padding is damaged")
    return padded[:end]


def encrypt(
    aead: AESGCM, key_id: int, place: Place, plaintext: bytes, *, padded: bool = False
) -> bytes:
    """Seal plaintext for its place; `padded` hides its length to the nearest bucket."""
    version = PADDED_VERSION if padded else FORMAT_VERSION
    nonce = os.urandom(NONCE_BYTES)  # fresh from the OS for every ciphertext, never a counter
    header = _HEADER.pack(version, key_id)
    data = pad(plaintext) if padded else plaintext
    return header + nonce + seal(aead, nonce, data, place.associated_data(version))


def _header(blob: bytes) -> tuple[int, int]:
    if len(blob) < OVERHEAD:
        raise IntegrityError("ciphertext too short")
    version, key_id = _HEADER.unpack_from(blob)
    if version not in VERSIONS:
        raise IntegrityError(f"unknown ciphertext format {version}")
    return version, key_id


def key_id_of(blob: bytes) -> int:
    return _header(blob)[1]


def decrypt(aead: AESGCM, key_id: int, place: Place, blob: bytes) -> bytes:
    """The plaintext of either version; IntegrityError if anything was changed or moved."""
    version, blob_key_id = _header(blob)
    if blob_key_id != key_id:
        raise IntegrityError(f"ciphertext at {place} was made with another data key")
    nonce = blob[_HEADER.size : _HEADER.size + NONCE_BYTES]
    try:
        data = open_sealed(
            aead, nonce, blob[_HEADER.size + NONCE_BYTES :], place.associated_data(version)
        )
    except InvalidTag:
        raise IntegrityError(f"ciphertext at {place} failed its integrity check") from None
    return unpad(data) if version == PADDED_VERSION else data
