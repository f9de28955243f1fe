"""The encrypted backup file: a readable header, then AES-256-GCM chunks under the backup key.

    YOUTHVOICE-BACKUP 1\n
    {"backup_id": ..., "created_at": ..., "engine": ...}\n
    chunks: length (4 bytes) | nonce (12) | ciphertext+tag

Each chunk's associated data names the backup, the chunk's number and whether it is the last,
so chunks cannot be reordered, dropped or cut off unnoticed.
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from youthvoice.crypto.envelope import NONCE_BYTES, IntegrityError

MAGIC = b"YOUTHVOICE-BACKUP 1\n"
CHUNK_BYTES = 1024 * 1024
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True)
class BackupHeader:
    backup_id: str
    created_at: str
    engine: str


def _chunk_label(backup_id: str, number: int, last: bool) -> bytes:
    return f"youthvoice-backup|{backup_id}|{number}|{'last' if last else 'more'}".encode()


def write_backup(path: Path, header: BackupHeader, key: bytes, payload: bytes) -> None:
    """Write the file only its owner can read; never a plaintext byte on disk."""
    aead = AESGCM(key)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as sink:
        sink.write(MAGIC)
        sink.write(json.dumps(header.__dict__).encode() + b"\n")
        count = max(1, -(-len(payload) // CHUNK_BYTES))
        for number in range(count):
            chunk = payload[number * CHUNK_BYTES : (number + 1) * CHUNK_BYTES]
            nonce = os.urandom(NONCE_BYTES)
            label = _chunk_label(header.backup_id, number, number == count - 1)
            sealed = aead.encrypt(nonce, chunk, label)
            sink.write(_LENGTH.pack(len(sealed)) + nonce + sealed)


def read_header(path: Path) -> BackupHeader:
    with path.open("rb") as source:
        if source.readline() != MAGIC:
            raise IntegrityError(f"{path} is not a YouthVoice backup")
        try:
            return BackupHeader(**json.loads(source.readline()))
        except (ValueError, TypeError):
            raise IntegrityError(f"{path}: the backup header is damaged") from None


def read_backup(path: Path, key: bytes) -> bytes:
    """The decrypted payload, or IntegrityError if any byte was changed, moved or cut."""
    header = read_header(path)
    aead = AESGCM(key)
    with path.open("rb") as source:
        source.readline()
        source.readline()
        body = source.read()
    parts, offset, number = [], 0, 0
    while offset < len(body):
        (length,) = _LENGTH.unpack_from(body, offset)
        nonce = body[offset + 4 : offset + 4 + NONCE_BYTES]
        sealed = body[offset + 4 + NONCE_BYTES : offset + 4 + NONCE_BYTES + length]
        offset += 4 + NONCE_BYTES + length
        last = offset >= len(body)
        try:
            parts.append(aead.decrypt(nonce, sealed, _chunk_label(header.backup_id, number, last)))
        except InvalidTag:
            raise IntegrityError(
                f"{path} failed its integrity check (wrong key, or the file was changed or cut)"
            ) from None
        number += 1
    if not parts:
        raise IntegrityError(f"{path} holds no data")
    return b"".join(parts)
