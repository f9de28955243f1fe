"""Check-ins: start one, save each answer as the youth goes, take a break, submit.

A draft belongs to the youth alone: it is never shared, never counted, and purged after
DRAFT_DAYS. Which instrument a check-in is, its answers and the youth's choices about
sensitive sections are one ciphertext under the youth's data key, so the database shows
only that a check-in exists, its status and its times.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, select

from youthvoice import audit, policy
from youthvoice.crypto import OwnerCipher, keys
from youthvoice.extensions import db
from youthvoice.models import DataKey
from youthvoice.models.checkin import DRAFT, SUBMITTED, CheckIn
from youthvoice.models.staff import new_id
from youthvoice.surveys import flow
from youthvoice.surveys.answers import Answer
from youthvoice.surveys.loader import Instrument
from youthvoice.surveys.scoring import score_instrument

DRAFT_DAYS = 30
QUICK_MINUTES = 3  # check-ins this short are offered weekly; longer ones every 90 days
QUICK_EVERY = timedelta(days=7)
LONG_EVERY = timedelta(days=90)


class CheckInNotFound(Exception):
    """No such check-in for this youth (or it was discarded or purged)."""


class AlreadySubmitted(Exception):
    """The check-in was sent; its answers can no longer change."""


class NotOffered(Exception):
    """The instrument is not one this deployment offers."""


@dataclass
class CheckInState:
    """A check-in, decrypted for its youth."""

    record: CheckIn
    instrument: Instrument
    answers: dict[str, Answer] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    sections: dict[str, str] = field(default_factory=dict)  # section id: "yes" or "no"
    language: str | None = None
    scores: dict[str, float | None] = field(default_factory=dict)
    # After sending: item id -> {"resolved": True, "last": "YYYY-MM"} (Recommendation 4.3)
    notes: dict[str, dict] = field(default_factory=dict)
    # Kept for the request: one data-key look-up per check-in, and no reload after a commit.
    cipher: OwnerCipher | None = field(default=None, repr=False)
    key: str = ""

    def __post_init__(self) -> None:
        self.key = self.key or self.record.id

    @property
    def id(self) -> str:
        return self.key

    @property
    def submitted(self) -> bool:
        return self.record.status == SUBMITTED

    def screens(self) -> list[flow.Screen]:
        return flow.screens(self.instrument.data, self.answers, self.sections)

    def resume_point(self) -> flow.Screen:
        return flow.resume_point(
            self.screens(), self.instrument.data, self.answers, self.skipped, self.sections
        )

    def has_progress(self) -> bool:
        return bool(self.answers or self.skipped or self.sections)


@dataclass(frozen=True)
class Offer:
    instrument: Instrument
    due: bool
    draft_id: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _actor(youth_id: str) -> audit.Actor:
    return audit.Actor("youth", youth_id)


# Reading -------------------------------------------------------------------------------


def _decrypt(
    record: CheckIn, instruments: dict[str, Instrument], cipher: OwnerCipher | None = None
) -> CheckInState | None:
    cipher = cipher or keys().cipher_for(record.youth_id)
    content = json.loads(cipher.decrypt_text("check_ins", "content", record.id, record.content))
    instrument = instruments.get(content["instrument"])
    if instrument is None or instrument.version != content["version"]:
        return None  # answered with an instrument this deployment no longer has
    return CheckInState(
        record=record,
        instrument=instrument,
        answers=content["answers"],
        skipped=set(content["skipped"]),
        sections=content["sections"],
        language=content.get("language"),
        scores=content.get("scores", {}),
        notes=content.get("notes", {}),
        cipher=cipher,
    )


def instrument_of(record: CheckIn, instruments: dict[str, Instrument]) -> Instrument | None:
    """Which instrument a check-in was, for the youth's own access log (None: unknown here).

    Only the instrument is returned; the answers are decrypted and dropped at once."""
    cipher = keys().cipher_for(record.youth_id)
    content = json.loads(cipher.decrypt_text("check_ins", "content", record.id, record.content))
    return instruments.get(content["instrument"])


def _records(youth_id: str, status: str) -> list[CheckIn]:
    query = select(CheckIn).where(CheckIn.youth_id == youth_id, CheckIn.status == status)
    return list(db.session.scalars(query.order_by(CheckIn.updated_at.desc())))


# Built once: this runs on every screen, and building a statement costs more than running it.
_WITH_KEY = (
    select(CheckIn, DataKey)
    .outerjoin(DataKey, DataKey.owner_id == CheckIn.youth_id)
    .where(CheckIn.id == bindparam("id"), CheckIn.youth_id == bindparam("youth_id"))
)


def open_check_in(
    youth_id: str, check_in_id: str, instruments: dict[str, Instrument]
) -> CheckInState:
    """The youth's own check-in, through the access policy; another youth's is not found."""
    # The check-in and its youth's data key in one query: this runs on every screen.
    found = db.session.execute(_WITH_KEY, {"id": check_in_id, "youth_id": youth_id}).first()
    if found is None:
        raise CheckInNotFound
    record, data_key = found
    policy.read(
        policy.Viewer("youth", youth_id), policy.YouthData(youth_id, "check_in", record.id), "view"
    )
    if record.status == DRAFT and _expired(record):
        _purge([record])
        raise CheckInNotFound
    state = _decrypt(record, instruments, keys().cipher_from(youth_id, data_key))
    if state is None:
        raise CheckInNotFound
    return state


def editable(youth_id: str, check_in_id: str, instruments: dict[str, Instrument]) -> CheckInState:
    state = open_check_in(youth_id, check_in_id, instruments)
    if state.submitted:
        raise AlreadySubmitted
    return state


def drafts(youth_id: str, instruments: dict[str, Instrument]) -> list[CheckInState]:
    purge_expired_drafts(youth_id)
    found = [_decrypt(record, instruments) for record in _records(youth_id, DRAFT)]
    return [state for state in found if state is not None]


def submitted(youth_id: str, instruments: dict[str, Instrument]) -> list[CheckInState]:
    found = [_decrypt(record, instruments) for record in _records(youth_id, SUBMITTED)]
    return [state for state in found if state is not None]


def offers(
    youth_id: str, instruments: dict[str, Instrument], offered: Iterable[str]
) -> list[Offer]:
    """What the youth can start: due ones first, each with its draft if there is one."""
    open_drafts = {state.instrument.id: state.id for state in drafts(youth_id, instruments)}
    last_sent: dict[str, datetime] = {}
    for state in submitted(youth_id, instruments):
        sent = _aware(state.record.submitted_at)
        last_sent[state.instrument.id] = max(sent, last_sent.get(state.instrument.id, sent))
    found = []
    for instrument_id in offered:
        instrument = instruments[instrument_id]
        every = QUICK_EVERY if instrument.data["minutes"] <= QUICK_MINUTES else LONG_EVERY
        sent = last_sent.get(instrument_id)
        due = sent is None or _now() - sent >= every
        found.append(Offer(instrument, due, open_drafts.get(instrument_id)))
    return sorted(found, key=lambda offer: not offer.due)


# Writing -------------------------------------------------------------------------------


def _seal(state: CheckInState) -> None:
    content = {
        "instrument": state.instrument.id,
        "version": state.instrument.version,
        "hash": state.instrument.content_hash,
        "answers": state.answers,
        "skipped": sorted(state.skipped),
        "sections": state.sections,
        "language": state.language,
    }
    if state.scores:
        content["scores"] = state.scores
    if state.notes:
        content["notes"] = state.notes
    if state.cipher is None:
        state.cipher = keys().cipher_for(state.record.youth_id)
    plaintext = json.dumps(content, sort_keys=True, ensure_ascii=False)
    state.record.content = state.cipher.encrypt("check_ins", "content", state.id, plaintext)
    state.record.updated_at = _now()


def start(
    youth_id: str,
    instrument_id: str,
    instruments: dict[str, Instrument],
    offered: Iterable[str],
    language: str | None,
) -> CheckInState:
    """A new draft, or the draft the youth already has for this instrument."""
    if instrument_id not in set(offered) or instrument_id not in instruments:
        raise NotOffered
    for state in drafts(youth_id, instruments):
        if state.instrument.id == instrument_id:
            return state
    record = CheckIn(id=new_id(), youth_id=youth_id, status=DRAFT)
    state = CheckInState(record, instruments[instrument_id], language=language)
    _seal(state)  # before adding: a half-made row must never be flushed
    db.session.add(record)
    db.session.flush()
    audit.append(_actor(youth_id), "check_in.started", youth_id)
    return state


def save_answer(state: CheckInState, item_id: str, value: Answer | None) -> None:
    """Save one answer at once (None: skipped). Answers hidden by a change are dropped."""
    if value is None:
        state.answers.pop(item_id, None)
        state.skipped.add(item_id)
    else:
        state.answers[item_id] = value
        state.skipped.discard(item_id)
    _drop_hidden_answers(state)
    _seal(state)
    audit.append(_actor(state.record.youth_id), "check_in.answer_saved", state.record.youth_id)


def choose_section(state: CheckInState, section_id: str, answer: bool) -> None:
    """Yes or no to a sensitive section. No removes anything answered in it before."""
    state.sections[section_id] = "yes" if answer else "no"
    if not answer:
        section = next(s for s in state.instrument.data["sections"] if s["id"] == section_id)
        for item in section["items"]:
            state.answers.pop(item["id"], None)
            state.skipped.discard(item["id"])
    _seal(state)
    audit.append(_actor(state.record.youth_id), "check_in.answer_saved", state.record.youth_id)


def _drop_hidden_answers(state: CheckInState) -> None:
    """An answer to a question that no longer shows (its show_if changed) is not kept."""
    changed = True
    while changed:
        changed = False
        for position in flow.positions(state.instrument.data):
            item_id = position.item["id"]
            if item_id in state.answers and not flow.is_shown(position.item, state.answers):
                del state.answers[item_id]
                changed = True


def submit(state: CheckInState) -> bool:
    """Send the check-in; True when this call sent it (a second submit changes nothing)."""
    if state.submitted:
        return False
    screens = state.screens()
    shown = {
        position.item["id"]
        for position in flow.positions(state.instrument.data)
        if flow.Screen(flow.QUESTION, position.number) in screens
    }
    state.answers = {key: value for key, value in state.answers.items() if key in shown}
    scores = score_instrument(state.instrument.data, state.answers)
    state.scores = {scale_id: score.value for scale_id, score in scores.items()}
    state.record.status = SUBMITTED
    state.record.submitted_at = _now()
    _seal(state)
    audit.append(_actor(state.record.youth_id), "check_in.submitted", state.record.youth_id)
    return True


def discard(state: CheckInState) -> None:
    if state.submitted:
        raise AlreadySubmitted
    db.session.delete(state.record)
    audit.append(_actor(state.record.youth_id), "check_in.draft_discarded", state.record.youth_id)


def set_note(state: CheckInState, item_id: str, note: dict | None) -> None:
    """A note on a sent answer, such as "this is over; it last happened in March 2025".
    The answer itself never changes."""
    if note is None:
        state.notes.pop(item_id, None)
    else:
        state.notes[item_id] = note
    _seal(state)
    audit.append(_actor(state.record.youth_id), "check_in.note_saved", state.record.youth_id)


def delete_sent(state: CheckInState) -> None:
    """Delete a sent check-in. Shares that named it show nothing from then on."""
    db.session.delete(state.record)
    audit.append(_actor(state.record.youth_id), "check_in.deleted", state.record.youth_id)


# Purging -------------------------------------------------------------------------------


def _expired(record: CheckIn) -> bool:
    return _now() - _aware(record.updated_at) > timedelta(days=DRAFT_DAYS)


def _purge(records: list[CheckIn]) -> int:
    for record in records:
        audit.append(audit.SYSTEM, "check_in.draft_purged", record.youth_id)
    ids = [record.id for record in records]
    if ids:
        db.session.execute(delete(CheckIn).where(CheckIn.id.in_(ids)))
    return len(ids)


def purge_expired_drafts(youth_id: str | None = None) -> int:
    """Delete drafts untouched for DRAFT_DAYS: everyone's, or one youth's (on access)."""
    cutoff = _now() - timedelta(days=DRAFT_DAYS)
    query = select(CheckIn).where(CheckIn.status == DRAFT, CheckIn.updated_at < cutoff)
    if youth_id is not None:
        query = query.where(CheckIn.youth_id == youth_id)
    return _purge(list(db.session.scalars(query)))
