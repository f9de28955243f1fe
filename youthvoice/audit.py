"""Append-only audit log, chained by HMAC so edits, deletions, reordering and cuts show.

Who, when and what kind stay in plaintext; details are encrypted under the subject youth's
data key, so shredding a youth shreds their trail while the chain still verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select, text

from youthvoice.crypto import keys
from youthvoice.extensions import after_commit, db
from youthvoice.models import AuditChainHead, AuditEvent

logger = logging.getLogger("youthvoice.audit")

HEAD_ROW = 1
LOG_HEAD_EVERY = 100
CHAIN_PURPOSE = "audit-chain"


@dataclass(frozen=True)
class Actor:
    kind: str  # "youth", "staff" or "system"
    id: str | None = None


SYSTEM = Actor("system")


@dataclass(frozen=True)
class Verification:
    checked: int
    head_seq: int
    head_mac: str
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


# Plain SQL, prepared once: an append happens on most writes, and building these with the
# ORM cost more than running them. Taking the write lock first (the UPDATE) serialises
# appenders on SQLite and PostgreSQL alike; it hands back the new number and previous link.
_NEXT_SEQ = text("UPDATE audit_chain_head SET seq = seq + 1 WHERE id = :head RETURNING seq, mac")
_INSERT_EVENT = text(
    "INSERT INTO audit_events "
    "(seq, occurred_at, actor_kind, actor_id, event_type, subject_id, details, mac) VALUES "
    "(:seq, :occurred_at, :actor_kind, :actor_id, :event_type, :subject_id, :details, :mac)"
).bindparams(
    bindparam("occurred_at", type_=AuditEvent.__table__.c.occurred_at.type),
    bindparam("details", type_=AuditEvent.__table__.c.details.type),
    bindparam("mac", type_=AuditEvent.__table__.c.mac.type),
)
_SET_HEAD_MAC = text("UPDATE audit_chain_head SET mac = :mac WHERE id = :head").bindparams(
    bindparam("mac", type_=AuditChainHead.__table__.c.mac.type)
)


class _NewEvent(NamedTuple):
    """An event as appended: the columns the chain's MAC covers."""

    seq: int
    occurred_at: datetime
    actor_kind: str
    actor_id: str | None
    event_type: str
    subject_id: str | None
    details: bytes | None


def append(
    actor: Actor, event_type: str, subject_id: str | None = None, details: dict | None = None
) -> None:
    """Add one event in the caller's transaction; the head row is locked until it commits."""
    chain_key = keys().purpose_key(CHAIN_PURPOSE)  # before the lock: hold it briefly
    connection = db.session.connection()
    seq, previous = connection.execute(_NEXT_SEQ, {"head": HEAD_ROW}).one()
    event = _NewEvent(
        seq,
        datetime.now(UTC),
        actor.kind,
        actor.id,
        event_type,
        subject_id,
        _seal_details(seq, subject_id, details),
    )
    mac = _mac(chain_key, previous or _genesis(chain_key), event)
    connection.execute(_INSERT_EVENT, {**event._asdict(), "mac": mac})
    connection.execute(_SET_HEAD_MAC, {"mac": mac, "head": HEAD_ROW})
    if seq % LOG_HEAD_EVERY == 0:
        after_commit(lambda: log_head(seq, mac))


def read_details(event: AuditEvent) -> dict | None:
    """The event's details (None if it has none); KeyShredded once the subject was deleted."""
    if event.details is None:
        return None
    service = keys()
    cipher = service.cipher_for(event.subject_id) if event.subject_id else service.system_cipher()
    return json.loads(cipher.decrypt("audit_events", "details", event.seq, event.details))


def details_reader(subject_id: str | None) -> Callable[[AuditEvent], dict | None]:
    """read_details for many events of one subject: the data key is unwrapped only once."""
    service = keys()
    cipher = service.cipher_for(subject_id) if subject_id else service.system_cipher()

    def read(event: AuditEvent) -> dict | None:
        if event.details is None or event.subject_id != subject_id:
            return None
        return json.loads(cipher.decrypt("audit_events", "details", event.seq, event.details))

    return read


def _seal_details(seq: int, subject_id: str | None, details: dict | None) -> bytes | None:
    if details is None:
        return None
    service = keys()
    cipher = service.cipher_for(subject_id) if subject_id else service.system_cipher()
    payload = json.dumps(details, sort_keys=True, separators=(",", ":"))
    return cipher.encrypt("audit_events", "details", seq, payload)


def _genesis(chain_key: bytes) -> bytes:
    return hmac.new(chain_key, b"youthvoice-audit-genesis", hashlib.sha256).digest()


def _mac(chain_key: bytes, previous: bytes, event: AuditEvent | _NewEvent) -> bytes:
    occurred = event.occurred_at
    if occurred.tzinfo is None:  # SQLite hands back naive UTC
        occurred = occurred.replace(tzinfo=UTC)
    fields = (
        str(event.seq),
        occurred.astimezone(UTC).isoformat(timespec="microseconds"),
        event.actor_kind,
        event.actor_id or "",
        event.event_type,
        event.subject_id or "",
    )
    message = previous + b"".join(
        struct.pack(">I", len(part)) + part
        for part in (*(field.encode() for field in fields), event.details or b"")
    )
    return hmac.new(chain_key, message, hashlib.sha256).digest()


def log_head(seq: int, mac: bytes) -> None:
    """Written to the application log, outside the database's reach, to catch a cut chain."""
    logger.info("audit chain head seq=%d mac=%s", seq, mac.hex())


def verify(expected_head: tuple[int, str] | None = None) -> Verification:
    """Walk the chain; name the first event that was edited, deleted, moved or cut off."""
    chain_key = keys().purpose_key(CHAIN_PURPOSE)
    head = db.session.execute(
        select(AuditChainHead.seq, AuditChainHead.mac).where(AuditChainHead.id == HEAD_ROW)
    ).one()
    previous, expected_seq, problem = _genesis(chain_key), 1, None
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000)
    for event in events:
        if event.seq != expected_seq:
            problem = f"event {expected_seq} is missing (deleted or renumbered)"
            break
        if not hmac.compare_digest(_mac(chain_key, previous, event), event.mac):
            problem = f"event {event.seq} does not match the chain (edited, reordered or inserted)"
            break
        previous, expected_seq = event.mac, expected_seq + 1
    checked = expected_seq - 1
    if problem is None:
        problem = _check_head(head.seq, head.mac, checked, previous, expected_head)
    return Verification(checked, head.seq, (head.mac or b"").hex(), problem)


def _check_head(
    head_seq: int,
    head_mac: bytes,
    last_seq: int,
    last_mac: bytes,
    expected_head: tuple[int, str] | None,
) -> str | None:
    if head_seq != last_seq or (last_seq and head_mac != last_mac):
        return f"events after {last_seq} are missing (the chain was cut at {last_seq})"
    if expected_head is not None:
        seq, mac_hex = expected_head
        if seq > last_seq:
            return f"the logged head {seq} is past the last event {last_seq}: the chain was cut"
        event = db.session.get(AuditEvent, seq)
        if event is None or event.mac.hex() != mac_hex.lower():
            return f"event {seq} differs from the head written to the log"
    return None
