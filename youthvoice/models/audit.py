"""The audit log: append-only events chained by HMAC, and the one chain-head row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from youthvoice.extensions import db
from youthvoice.models.keys import OWNER_ID_LENGTH
from youthvoice.models.types import UTCDateTime


class AuditEvent(db.Model):
    """Who did what, when, in plaintext; the details are encrypted under the subject's key."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(OWNER_ID_LENGTH))
    event_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str | None] = mapped_column(String(OWNER_ID_LENGTH), index=True)
    details: Mapped[bytes | None] = mapped_column(LargeBinary)
    mac: Mapped[bytes] = mapped_column(LargeBinary)


class AuditChainHead(db.Model):
    """One row, locked by every append, so the chain stays linear across workers."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column()
    mac: Mapped[bytes] = mapped_column(LargeBinary)
