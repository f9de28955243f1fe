"""Wrapped keys and the deletion ledger. No key here is usable without the KEK provider."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from youthvoice.extensions import db
from youthvoice.models.types import UTCDateTime, utc_now

OWNER_ID_LENGTH = 64
KEK_ID_LENGTH = 64


class WrappedByKek:
    """What every wrapped key row holds: which KEK wrapped it, the wrapped bytes, and when.
    Key rotation counts and rewraps the rows of both tables through these columns."""

    kek_id: Mapped[str] = mapped_column(String(KEK_ID_LENGTH), index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class DataKey(WrappedByKek, db.Model):
    """One owner's (a youth's, or the system's) data key, wrapped by a KEK."""

    __tablename__ = "data_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(OWNER_ID_LENGTH), unique=True)


class WrappedSecret(WrappedByKek, db.Model):
    """Application secrets (the index secret behind keyed hashes), wrapped by a KEK."""

    __tablename__ = "wrapped_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)


class DeletionRecord(db.Model):
    """A deleted owner, as a keyed hash: enough to re-delete after a restore, nothing more."""

    __tablename__ = "deletion_ledger"

    owner_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
