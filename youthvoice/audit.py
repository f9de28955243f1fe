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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import LargeBinary, Row, String, bindparam, cast, select, text
from sqlalchemy.exc import DBAPIError

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
    # Padded: a staff read lists the scales and items seen, whose length names the instrument.
    return cipher.encrypt("audit_events", "details", seq, payload, padded=True)


def _genesis(chain_key: bytes) -> bytes:
    return hmac.new(chain_key, b"youthvoice-audit-genesis", hashlib.sha256).digest()


def _mac(chain_key: bytes, previous: bytes, event: Row | _NewEvent) -> bytes:
    fields = (
        str(event.seq),
        event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
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
    for event in _stored_events():
        if isinstance(event, _Unreadable):
            problem = (
                f"event {event.seq} ({event.event_type or 'type unreadable'}) cannot be read: "
                "a stored value was changed outside the app"
            )
            break
        if event.seq != expected_seq:
            problem = f"event {expected_seq} is missing (deleted or renumbered)"
            break
        if not hmac.compare_digest(_mac(chain_key, previous, event), event.mac):
            problem = (
                f"event {event.seq} ({event.event_type}) does not match the chain "
                "(edited, reordered or inserted)"
            )
            break
        previous, expected_seq = event.mac, expected_seq + 1
    checked = expected_seq - 1
    if problem is None:
        problem = _check_head(head.seq, head.mac, checked, previous, expected_head)
    return Verification(checked, head.seq, (head.mac or b"").hex(), problem)


@dataclass(frozen=True)
class _Unreadable:
    """A stored event the database cannot hand back as written (see _stored_events)."""

    seq: int
    event_type: str | None


VERIFY_BATCH = 1000
_EVENT = AuditEvent.__table__.c
# Read as the MAC saw them: SQLite keeps whatever a tamperer wrote in any column (text in a
# binary column, a number in a text one), and the casts turn that into a mismatch, not a crash.
_STORED_EVENTS = select(
    _EVENT.seq,
    _EVENT.occurred_at,
    cast(_EVENT.actor_kind, String).label("actor_kind"),
    cast(_EVENT.actor_id, String).label("actor_id"),
    cast(_EVENT.event_type, String).label("event_type"),
    cast(_EVENT.subject_id, String).label("subject_id"),
    cast(_EVENT.details, LargeBinary).label("details"),
    cast(_EVENT.mac, LargeBinary).label("mac"),
).order_by(_EVENT.seq)
# What a tampered SQLite row raises when read: bytes that are not UTF-8 in a text column
# (DBAPIError), or a time that is not a time (ValueError, TypeError).
_UNREADABLE = (DBAPIError, ValueError, TypeError)


def _stored_events() -> Iterator[Row | _Unreadable]:
    """Every event in order, a batch at a time; a row that cannot be read ends the walk named."""
    after = 0
    while True:
        try:
            batch = db.session.execute(
                _STORED_EVENTS.where(_EVENT.seq > after).limit(VERIFY_BATCH)
            ).all()
        except _UNREADABLE:
            unreadable = _first_unreadable(after)
            if unreadable is None:  # it failed for another reason after all
                raise
            yield unreadable
            return
        if not batch:
            return
        yield from batch
        after = batch[-1].seq


def _first_unreadable(after: int) -> _Unreadable | None:
    """Read the failed batch one event at a time to name the event that cannot be read."""
    seqs = db.session.scalars(
        select(_EVENT.seq).where(_EVENT.seq > after).order_by(_EVENT.seq).limit(VERIFY_BATCH)
    ).all()
    for seq in seqs:
        try:
            db.session.execute(_STORED_EVENTS.where(_EVENT.seq == seq)).one()
        except _UNREADABLE:
            return _Unreadable(seq, _readable_type(seq))
    return None


def _readable_type(seq: int) -> str | None:
    try:
        return db.session.scalar(select(cast(_EVENT.event_type, String)).where(_EVENT.seq == seq))
    except _UNREADABLE:
        return None


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
        mac = db.session.scalar(select(cast(_EVENT.mac, LargeBinary)).where(_EVENT.seq == seq))
        if mac is None or mac.hex() != mac_hex.lower():
            return f"event {seq} differs from the head written to the log"
    return None
