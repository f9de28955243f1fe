"""Data keys per owner, the index secret, shredding and KEK rotation."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, func, select

from youthvoice.crypto import envelope
from youthvoice.crypto.envelope import IntegrityError, Place
from youthvoice.crypto.keystore import KeyStore
from youthvoice.crypto.providers import KeyCustodyError, KeyProvider
from youthvoice.extensions import after_commit, db
from youthvoice.models import DataKey, DeletionRecord, WrappedSecret

INDEX_SECRET = "index-secret"  # noqa: S105 (a name, not a secret)
SYSTEM_OWNER = "system"


class KeyShredded(IntegrityError):
    """The owner's data key was destroyed: nothing of theirs can be read again."""

    def __init__(self, owner_id: str) -> None:
        super().__init__(f"no data key for owner {owner_id}")
        self.owner_id = owner_id  # so a page can tell a youth meeting their own deleted key


def _data_key_label(owner_id: str) -> bytes:
    return b"data-key|" + owner_id.encode()


def _secret_label(name: str) -> bytes:
    return b"secret|" + name.encode()


def _backup_label(backup_id: str) -> bytes:
    return b"backup|" + backup_id.encode()


class WrappedKey(NamedTuple):
    """A data-key row's columns, for a caller that read them in its own query."""

    id: int
    owner_id: str
    kek_id: str
    wrapped_key: bytes


@dataclass
class OwnerCipher:
    """Encrypts and decrypts the fields of one owner (a youth, or the system)."""

    owner_id: str
    key_id: int
    _aead: AESGCM

    def place(self, table: str, column: str, row_id: str | int) -> Place:
        return Place(table, column, str(row_id), self.owner_id)

    def encrypt(
        self,
        table: str,
        column: str,
        row_id: str | int,
        plaintext: str | bytes,
        *,
        padded: bool = False,
    ) -> bytes:
        """`padded`: for a field whose length would tell what it holds (which instrument)."""
        data = plaintext.encode() if isinstance(plaintext, str) else plaintext
        place = self.place(table, column, row_id)
        return envelope.encrypt(self._aead, self.key_id, place, data, padded=padded)

    def decrypt(self, table: str, column: str, row_id: str | int, blob: bytes) -> bytes:
        return envelope.decrypt(self._aead, self.key_id, self.place(table, column, row_id), blob)

    def decrypt_text(self, table: str, column: str, row_id: str | int, blob: bytes) -> str:
        return self.decrypt(table, column, row_id, blob).decode()


class KeyService:
    """All key handling for one app. The provider is loaded when first needed."""

    def __init__(self, load_provider: Callable[[], KeyProvider], store: KeyStore) -> None:
        self._load_provider = load_provider
        self._provider: KeyProvider | None = None
        self._purpose_keys: dict[str, bytes] = {}
        self.store = store

    @property
    def provider(self) -> KeyProvider:
        """The provider, read again when its key file changed (a rotation in another process)."""
        if self._provider is None or self._provider.changed_since_loaded():
            self._provider = self._load_provider()
        return self._provider

    def reload(self) -> None:
        self._provider = None
        self._purpose_keys.clear()

    # Data keys ---------------------------------------------------------------------------

    def create_data_key(self, owner_id: str) -> OwnerCipher:
        """A new random data key for an owner, stored only wrapped by the current KEK."""
        key = envelope.new_key()
        kek_id = self.provider.current_id()
        record = DataKey(
            owner_id=owner_id,
            kek_id=kek_id,
            wrapped_key=self.provider.wrap(kek_id, key, _data_key_label(owner_id)),
        )
        db.session.add(record)
        db.session.flush()
        return OwnerCipher(owner_id, record.id, AESGCM(key))

    def cipher_for(self, owner_id: str) -> OwnerCipher:
        record = db.session.scalar(select(DataKey).where(DataKey.owner_id == owner_id))
        return self.cipher_from(owner_id, record)

    def cipher_from(self, owner_id: str, record: DataKey | WrappedKey | None) -> OwnerCipher:
        """The cipher for a data-key row the caller already loaded (say, in a join)."""
        if record is None or record.owner_id != owner_id:
            raise KeyShredded(owner_id)
        key = self.provider.unwrap(record.kek_id, record.wrapped_key, _data_key_label(owner_id))
        return OwnerCipher(owner_id, record.id, AESGCM(key))

    def system_cipher(self) -> OwnerCipher:
        try:
            return self.cipher_for(SYSTEM_OWNER)
        except KeyShredded:
            return self.create_data_key(SYSTEM_OWNER)

    def shred(self, owner_id: str) -> bool:
        """Destroy an owner's data key and record the deletion; the caller's transaction commits.

        True when a key was destroyed. Afterwards nothing encrypted for the owner decrypts.
        """
        result = db.session.execute(delete(DataKey).where(DataKey.owner_id == owner_id))
        owner_hash = self.keyed_hash("deletion-ledger", owner_id)
        if db.session.get(DeletionRecord, owner_hash) is None:
            db.session.add(DeletionRecord(owner_hash=owner_hash))
        # A copy outside the database, so restoring an older copy cannot bring them back.
        after_commit(lambda: self.store.add_deletions([owner_hash]))
        return result.rowcount > 0

    def apply_deletion_ledger(self) -> int:
        """Shred every owner the ledgers (key store and database) say was deleted.

        Run after a restore. Returns how many data keys it destroyed.
        """
        owners = db.session.scalars(select(DataKey.owner_id)).all()
        return sum(self.shred(owner_id) for owner_id in sorted(self.deleted_owners(owners)))

    def deleted_owners(self, owner_ids: Iterable[str]) -> set[str]:
        """Those of owner_ids that either ledger (key store or database) names as deleted.

        The key store's copy counts too: a restored database's own ledger is as old as it is.
        """
        deleted = self.store.deletions() | set(
            db.session.scalars(select(DeletionRecord.owner_hash))
        )
        return {
            owner_id
            for owner_id in owner_ids
            if self.keyed_hash("deletion-ledger", owner_id) in deleted
        }

    def is_deleted(self, owner_id: str) -> bool:
        return (
            db.session.get(DeletionRecord, self.keyed_hash("deletion-ledger", owner_id)) is not None
        )

    # Keyed hashes ------------------------------------------------------------------------

    def keyed_hash(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 under a per-purpose key: a look-up value a database copy cannot reverse."""
        return hmac.new(self.purpose_key(purpose), value.encode(), hashlib.sha256).hexdigest()

    def purpose_key(self, purpose: str) -> bytes:
        """Derived once per process: every audit append and keyed hash needs one."""
        key = self._purpose_keys.get(purpose)
        if key is None:
            hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
            key = self._purpose_keys[purpose] = hkdf.derive(self._index_secret())
        return key

    def _index_secret(self) -> bytes:
        record = db.session.get(WrappedSecret, INDEX_SECRET)
        if record is None:
            raise KeyCustodyError("the index secret is missing: run `flask --app youthvoice init`")
        return self.provider.unwrap(record.kek_id, record.wrapped_key, _secret_label(INDEX_SECRET))

    def ensure_index_secret(self) -> bool:
        if db.session.get(WrappedSecret, INDEX_SECRET) is not None:
            return False
        kek_id = self.provider.current_id()
        wrapped = self.provider.wrap(kek_id, envelope.new_key(), _secret_label(INDEX_SECRET))
        db.session.add(WrappedSecret(name=INDEX_SECRET, kek_id=kek_id, wrapped_key=wrapped))
        return True

    # Rotation ----------------------------------------------------------------------------

    def status(self) -> dict[str, int]:
        """Wrapped keys (data keys and secrets) per KEK, including KEKs that wrap nothing."""
        counts = Counter(dict.fromkeys(self.provider.ids(), 0))
        for model in (DataKey, WrappedSecret):
            rows = db.session.execute(select(model.kek_id, func.count()).group_by(model.kek_id))
            counts.update(dict(rows.all()))
        return dict(sorted(counts.items()))

    def pending_rewrap(self) -> int:
        current = self.provider.current_id()
        return sum(count for kek_id, count in self.status().items() if kek_id != current)

    def start_rotation(self) -> str:
        """A new current KEK, unless an earlier rotation is unfinished (then finish that one)."""
        if self.pending_rewrap():
            return self.provider.current_id()
        return self.provider.add_current()

    def rewrap_batch(self, batch_size: int = 500) -> int:
        """Re-wrap up to batch_size keys under the current KEK and commit. Returns how many."""
        current = self.provider.current_id()
        done = 0
        for model, label in ((WrappedSecret, _secret_label), (DataKey, _data_key_label)):
            owner = model.name if model is WrappedSecret else model.owner_id
            rows = db.session.execute(
                select(model, owner).where(model.kek_id != current).limit(batch_size - done)
            ).all()
            for record, owner_id in rows:
                key = self.provider.unwrap(record.kek_id, record.wrapped_key, label(owner_id))
                record.wrapped_key = self.provider.wrap(current, key, label(owner_id))
                record.kek_id = current
            done += len(rows)
        db.session.commit()
        return done + self._rewrap_backup_keys(current, batch_size - done)

    def _rewrap_backup_keys(self, current: str, limit: int) -> int:
        pending = [
            backup_id
            for kek_id, backup_ids in self.store.backup_keys_by_kek().items()
            if kek_id != current
            for backup_id in backup_ids
        ][:limit]
        for backup_id in pending:
            wrapped = self.provider.wrap(
                current, self.backup_key(backup_id), _backup_label(backup_id)
            )
            self.store.rewrap_backup_key(backup_id, current, wrapped)
        return len(pending)

    # Backup keys ---------------------------------------------------------------------------

    def new_backup_key(self, backup_id: str) -> bytes:
        """A fresh key for one backup, registered (wrapped) in the key store, never the database."""
        key = envelope.new_key()
        kek_id = self.provider.current_id()
        wrapped = self.provider.wrap(kek_id, key, _backup_label(backup_id))
        self.store.record_backup_key(backup_id, kek_id, wrapped)
        return key

    def backup_key(self, backup_id: str) -> bytes:
        kek_id, wrapped = self.store.backup_key(backup_id)
        return self.provider.unwrap(kek_id, wrapped, _backup_label(backup_id))

    def retire(self, kek_id: str) -> None:
        if self.status().get(kek_id, 0):
            raise KeyCustodyError(f"{kek_id} still wraps keys: finish `keys rotate` first")
        self.provider.remove(kek_id)
