"""Wrapped keys and the deletion ledger. No key here is usable without the KEK provider."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from youthvoice.extensions import db
from youthvoice.models.organisation import utc_now

OWNER_ID_LENGTH = 64
KEK_ID_LENGTH = 64


class DataKey(db.Model):
    """One owner's (a youth's, or the system's) data key, wrapped by a KEK."""

    __tablename__ = "data_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(OWNER_ID_LENGTH), unique=True)
    kek_id: Mapped[str] = mapped_column(String(KEK_ID_LENGTH), index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class WrappedSecret(db.Model):
    """Application secrets (the index secret behind keyed hashes), wrapped by a KEK."""

    __tablename__ = "wrapped_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    kek_id: Mapped[str] = mapped_column(String(KEK_ID_LENGTH), index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class DeletionRecord(db.Model):
    """A deleted owner, as a keyed hash: enough to re-delete after a restore, nothing more."""

    __tablename__ = "deletion_ledger"

    owner_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
