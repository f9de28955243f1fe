"""The key store: files kept with the KEK, outside the database and its backups.

It holds the backup-key registry (each backup's key, wrapped by a KEK, until its retention
ends) and a copy of the deletion ledger, so a restored database can be made to forget
every youth deleted since the backup was taken.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from youthvoice.crypto.providers import KeyCustodyError, write_private

REGISTRY = "backup-keys.json"
LEDGER = "deletion-ledger.json"


class KeyStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time across processes."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with (self.directory / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _load(self, name: str, empty: object) -> object:
        path = self.directory / name
        if not path.exists():
            return empty
        try:
            return json.loads(path.read_text())
        except ValueError:
            raise KeyCustodyError(f"{path} is damaged: restore it from the escrow copy") from None

    def _save(self, name: str, data: object) -> None:
        path = self.directory / name
        temporary = path.with_suffix(".tmp")
        write_private(temporary, json.dumps(data, indent=1, sort_keys=True))
        os.replace(temporary, path)

    # Backup keys -------------------------------------------------------------------------

    def record_backup_key(self, backup_id: str, kek_id: str, wrapped: bytes) -> None:
        with self._locked():
            registry = self._load(REGISTRY, {})
            registry[backup_id] = {
                "created_at": datetime.now(UTC).isoformat(),
                "kek_id": kek_id,
                "wrapped_key": base64.b64encode(wrapped).decode(),
            }
            self._save(REGISTRY, registry)

    def backup_key(self, backup_id: str) -> tuple[str, bytes]:
        entry = self._load(REGISTRY, {}).get(backup_id)
        if entry is None:
            raise KeyCustodyError(
                f"backup {backup_id} is not in the backup-key registry at "
                f"{self.directory / REGISTRY}: it was made with other keys"
            )
        if entry.get("destroyed_at"):
            raise KeyCustodyError(
                f"the key of backup {backup_id} was destroyed on {entry['destroyed_at'][:10]} "
                "when its retention ended: this backup can never be read again"
            )
        return entry["kek_id"], base64.b64decode(entry["wrapped_key"])

    def prune_backup_keys(self, retention_days: int, now: datetime | None = None) -> list[str]:
        """Destroy the keys of backups older than the retention window. Returns their ids."""
        now = now or datetime.now(UTC)
        cutoff = now - timedelta(days=retention_days)
        destroyed = []
        with self._locked():
            registry = self._load(REGISTRY, {})
            for backup_id, entry in registry.items():
                if "wrapped_key" in entry and datetime.fromisoformat(entry["created_at"]) < cutoff:
                    del entry["wrapped_key"]
                    entry["destroyed_at"] = now.isoformat()
                    destroyed.append(backup_id)
            self._save(REGISTRY, registry)
        return destroyed

    def backup_keys_by_kek(self) -> dict[str, list[str]]:
        by_kek: dict[str, list[str]] = {}
        for backup_id, entry in self._load(REGISTRY, {}).items():
            if "wrapped_key" in entry:
                by_kek.setdefault(entry["kek_id"], []).append(backup_id)
        return by_kek

    def rewrap_backup_key(self, backup_id: str, kek_id: str, wrapped: bytes) -> None:
        with self._locked():
            registry = self._load(REGISTRY, {})
            registry[backup_id].update(
                kek_id=kek_id, wrapped_key=base64.b64encode(wrapped).decode()
            )
            self._save(REGISTRY, registry)

    # Deletion ledger ---------------------------------------------------------------------

    def add_deletions(self, owner_hashes: list[str]) -> None:
        with self._locked():
            ledger = set(self._load(LEDGER, []))
            ledger.update(owner_hashes)
            self._save(LEDGER, sorted(ledger))

    def deletions(self) -> set[str]:
        return set(self._load(LEDGER, []))
