"""Check-ins: start one, save each answer as the youth goes, take a break, submit.

A draft belongs to the youth alone: it is never shared, never counted, and purged after
DRAFT_DAYS. Which instrument a check-in is, its answers and the youth's choices about
sensitive sections are one ciphertext under the youth's data key, so the database shows
only that a check-in exists, its status and its times.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from sqlalchemy import Row, bindparam, delete, insert, select, update

from youthvoice import audit
from youthvoice.crypto import OwnerCipher, WrappedKey, keys
from youthvoice.extensions import db
from youthvoice.models import DataKey
from youthvoice.models.checkin import DRAFT, SUBMITTED, CheckIn
from youthvoice.models.staff import new_id
from youthvoice.policy import Viewer, YouthData
from youthvoice.services import reading, rhythm
from youthvoice.surveys import flow, stage_moves
from youthvoice.surveys.answers import Answer, State, answer_state
from youthvoice.surveys.catalogue import Catalogue

# Re-exported: views find their way through a check-in here, never in surveys.flow itself.
from youthvoice.surveys.flow import CHECK_OUT as CHECK_OUT
from youthvoice.surveys.flow import INTRO as INTRO
from youthvoice.surveys.flow import OPT_IN as OPT_IN
from youthvoice.surveys.flow import QUESTION as QUESTION
from youthvoice.surveys.flow import REVIEW as REVIEW
from youthvoice.surveys.flow import Screen as Screen
from youthvoice.surveys.loader import Instrument
from youthvoice.surveys.scoring import NOT_AN_ANSWER, score_instrument

DRAFT_DAYS = 30


class CheckInNotFound(Exception):
    """No such check-in for this youth (or it was discarded or purged)."""


class AlreadySubmitted(Exception):
    """The check-in was sent; its answers can no longer change."""


class NotOffered(Exception):
    """The instrument is not one this deployment offers."""


@dataclass
class CheckInRecord:
    """A check-in row as stored: only ids, status and times are plain.

    Check-ins are read and written as plain rows, not ORM entities: a youth's every answer
    reads one and writes it back, and the ORM's bookkeeping cost more than the SQL."""

    id: str
    youth_id: str
    status: str
    content: bytes
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None


@dataclass
class CheckInState:
    """A check-in, decrypted for its youth."""

    record: CheckInRecord
    instrument: Instrument
    answers: dict[str, Answer] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    sections: dict[str, str] = field(default_factory=dict)  # section id: "yes" or "no"
    # How they felt at a sensitive section's check-out (section id: code), private like it.
    feelings: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    scores: dict[str, float | None] = field(default_factory=dict)
    # After sending: item id -> {"resolved": True, "last": "YYYY-MM"} (Recommendation 4.3)
    notes: dict[str, dict] = field(default_factory=dict)
    # After sending: how each stage of change moved since the last check-in about the same
    # change, {"change": area, "from": stage, "to": stage, "move": "forward"|"back"|"same"}.
    moves: list[dict] = field(default_factory=list)
    # Answered with an earlier version of the instrument (read from surveys/archive/).
    outdated: bool = False
    # Kept for the request: one data-key look-up per check-in.
    cipher: OwnerCipher | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def submitted(self) -> bool:
        return self.record.status == SUBMITTED

    # Navigation: views ask the check-in, never surveys.flow.

    @cached_property
    def screens(self) -> list[Screen]:
        """Every screen the youth passes through now, in order. Worked out once, and again
        only after a save changed the answers (`_save` forgets it)."""
        return flow.screens(self.instrument.data, self.answers, self.sections)

    def following(self, screen: Screen) -> Screen:
        return flow.following(self.screens, screen)

    def preceding(self, screen: Screen) -> Screen:
        return flow.preceding(self.screens, screen)

    def question_count(self, screen: Screen) -> tuple[int, int]:
        """("Question 3 of 8"): this question's place among the questions shown now."""
        return flow.question_count(self.screens, screen)

    def resume_point(self) -> Screen:
        return flow.resume_point(
            self.screens, self.instrument.data, self.answers, self.skipped, self.sections
        )

    def start_point(self) -> Screen:
        """Where "Start" (or "Continue where you left off") on the intro goes."""
        return self.resume_point() if self.has_progress() else self.following(Screen(INTRO))

    def has_progress(self) -> bool:
        return bool(self.answers or self.skipped or self.sections)

    def state_of(self, item_id: str) -> State:
        """Answered, skipped by choice, doesn't apply, or not reached (never put to them)."""
        return answer_state(item_id, self.answers, self.skipped)

    def seen(self, number: int) -> bool:
        """Whether the question at this position was answered or skipped."""
        item_id = self.instrument.positions[number - 1].item["id"]
        return item_id in self.answers or item_id in self.skipped

    def forget_screens(self) -> None:
        """After the answers or sections changed: the screens are worked out again."""
        self.__dict__.pop("screens", None)

    def remembered(self) -> str | None:
        """What the young person wrote where the instrument says `remember: true` (their
        goal, the change they named), given back on their own thanks page; None when they
        wrote nothing there."""
        items = (position.item for position in self.instrument.positions)
        item = next((item for item in items if item.get("remember")), None)
        words = self.answers.get(item["id"]) if item else None
        if not isinstance(words, str) or words in NOT_AN_ANSWER:
            return None
        return words.strip() or None


@dataclass(frozen=True)
class Offer:
    """A check-in the youth may start, and whether its rhythm says it is due."""

    instrument: Instrument
    due: bool
    draft_id: str | None
    last_sent: datetime | None = None
    next_due: datetime | None = None  # when not due: the day its rhythm makes it due again

    @property
    def rhythm(self) -> str:
        return self.instrument.data["rhythm"]


def _now() -> datetime:
    return datetime.now(UTC)


def _actor(youth_id: str) -> audit.Actor:
    return audit.Actor("youth", youth_id)


# Reading -------------------------------------------------------------------------------


def _decrypt(
    record: CheckInRecord, instruments: dict[str, Instrument], cipher: OwnerCipher | None = None
) -> CheckInState | None:
    cipher = cipher or keys().cipher_for(record.youth_id)
    content = json.loads(cipher.decrypt_text("check_ins", "content", record.id, record.content))
    instrument = _answered_with(content, instruments)
    if instrument is None:
        return None  # answered with an instrument this deployment does not have
    return CheckInState(
        record=record,
        instrument=instrument,
        outdated=_is_outdated(instrument, instruments),
        answers=content["answers"],
        skipped=set(content["skipped"]),
        sections=content["sections"],
        feelings=content.get("feelings", {}),
        language=content.get("language"),
        scores=content.get("scores", {}),
        notes=content.get("notes", {}),
        moves=content.get("moves", []),
        cipher=cipher,
    )


def _answered_with(content: dict, instruments: Mapping[str, Instrument]) -> Instrument | None:
    """The version of the instrument the check-in was answered with: the current one, or
    an earlier one the catalogue keeps in its archive. None: not a version known here."""
    if isinstance(instruments, Catalogue):
        return instruments.version(content["instrument"], content["version"])
    instrument = instruments.get(content["instrument"])
    return instrument if instrument and instrument.version == content["version"] else None


def _is_outdated(instrument: Instrument, instruments: Mapping[str, Instrument]) -> bool:
    current = instruments.get(instrument.id)
    return current is None or current.version != instrument.version


_TABLE = CheckIn.__table__
_KEYS = DataKey.__table__
_COLUMNS = (
    _TABLE.c.id,
    _TABLE.c.youth_id,
    _TABLE.c.status,
    _TABLE.c.content,
    _TABLE.c.started_at,
    _TABLE.c.updated_at,
    _TABLE.c.submitted_at,
)


def _record(row: Row) -> CheckInRecord:
    """A check-in row, read by column name (a row may carry the data key's columns too)."""
    return CheckInRecord(
        id=row.id,
        youth_id=row.youth_id,
        status=row.status,
        content=row.content,
        started_at=row.started_at,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
    )


def _data_key(row: Row) -> WrappedKey | None:
    """The youth's data key from the same row; None when it was shredded (none joined)."""
    if row.key_id is None:
        return None
    return WrappedKey(row.key_id, row.key_owner_id, row.kek_id, row.wrapped_key)


def _records(youth_id: str, status: str) -> list[CheckInRecord]:
    query = select(*_COLUMNS).where(_TABLE.c.youth_id == youth_id, _TABLE.c.status == status)
    rows = db.session.execute(query.order_by(_TABLE.c.updated_at.desc()))
    return [_record(row) for row in rows]


def instrument_of(
    youth_id: str, check_in_id: str, instruments: dict[str, Instrument]
) -> Instrument | None:
    """Which instrument the youth's check-in was, for their own access log (None: no such
    check-in of theirs, or an instrument unknown here).

    Only the instrument is returned; the answers are decrypted and dropped at once."""
    query = select(_TABLE.c.content).where(
        _TABLE.c.id == check_in_id, _TABLE.c.youth_id == youth_id
    )
    sealed = db.session.scalar(query)
    if not sealed:
        return None
    cipher = keys().cipher_for(youth_id)
    content = json.loads(cipher.decrypt_text("check_ins", "content", check_in_id, sealed))
    return _answered_with(content, instruments)


# Built once: these run on every screen, and building a statement costs more than running it.
_WITH_KEY = (
    select(
        *_COLUMNS,
        _KEYS.c.id.label("key_id"),
        _KEYS.c.owner_id.label("key_owner_id"),
        _KEYS.c.kek_id,
        _KEYS.c.wrapped_key,
    )
    .outerjoin(_KEYS, _KEYS.c.owner_id == _TABLE.c.youth_id)
    .where(_TABLE.c.id == bindparam("check_in_id"), _TABLE.c.youth_id == bindparam("youth_id"))
)
_STORE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("check_in_id"))
    .values(
        status=bindparam("new_status"),
        content=bindparam("new_content"),
        updated_at=bindparam("new_updated_at"),
        submitted_at=bindparam("new_submitted_at"),
    )
)


def open_check_in(
    youth_id: str, check_in_id: str, instruments: dict[str, Instrument]
) -> CheckInState:
    """The youth's own check-in, through the access policy; another youth's is not found."""
    # The check-in and its youth's data key in one query: this runs on every screen.
    row = db.session.execute(_WITH_KEY, {"check_in_id": check_in_id, "youth_id": youth_id}).first()
    if row is None:
        raise CheckInNotFound
    record = _record(row)
    reading.read(Viewer("youth", youth_id), YouthData(youth_id, "check_in", record.id), "view")
    if record.status == DRAFT and _expired(record):
        _purge([record])
        db.session.commit()  # the purge must last, though the request is refused (404)
        raise CheckInNotFound
    state = _decrypt(record, instruments, keys().cipher_from(youth_id, _data_key(row)))
    if state is None:
        raise CheckInNotFound
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
    """What the youth can start, in the program's order: each with its draft if there is
    one, and whether it is due by its instrument's rhythm."""
    open_drafts = {state.instrument.id: state.id for state in drafts(youth_id, instruments)}
    last_sent: dict[str, datetime] = {}
    for state in submitted(youth_id, instruments):
        sent = state.record.submitted_at
        last_sent[state.instrument.id] = max(sent, last_sent.get(state.instrument.id, sent))
    now = _now()
    return [
        _offer(instruments[each], open_drafts.get(each), last_sent.get(each), now)
        for each in offered
    ]


def _offer(
    instrument: Instrument, draft_id: str | None, last_sent: datetime | None, now: datetime
) -> Offer:
    every = instrument.data["rhythm"]
    if rhythm.is_due(every, last_sent, now):
        return Offer(instrument, True, draft_id, last_sent)
    return Offer(instrument, False, draft_id, last_sent, rhythm.next_due(every, last_sent))


# Writing -------------------------------------------------------------------------------


def _encrypt(state: CheckInState) -> None:
    """The state's content, encrypted into its record (not yet written)."""
    content = {
        "instrument": state.instrument.id,
        "version": state.instrument.version,
        "hash": state.instrument.content_hash,
        "answers": state.answers,
        "skipped": sorted(state.skipped),
        "sections": state.sections,
        "language": state.language,
    }
    if state.feelings:
        content["feelings"] = state.feelings
    if state.scores:
        content["scores"] = state.scores
    if state.notes:
        content["notes"] = state.notes
    if state.moves:
        content["moves"] = state.moves
    if state.cipher is None:
        state.cipher = keys().cipher_for(state.record.youth_id)
    plaintext = json.dumps(content, sort_keys=True, ensure_ascii=False)
    # Padded: unpadded, an empty draft's size alone told several instruments apart.
    state.record.content = state.cipher.encrypt(
        "check_ins", "content", state.id, plaintext, padded=True
    )
    state.record.updated_at = _now()


def _save(state: CheckInState) -> None:
    """Encrypt the state and write it over its row."""
    state.forget_screens()
    _encrypt(state)
    record = state.record
    db.session.execute(
        _STORE,
        {
            "check_in_id": record.id,
            "new_status": record.status,
            "new_content": record.content,
            "new_updated_at": record.updated_at,
            "new_submitted_at": record.submitted_at,
        },
    )


def start(
    youth_id: str,
    instrument_id: str,
    instruments: dict[str, Instrument],
    offered: Iterable[str],
    language: str | None,
) -> CheckInState:
    """A new draft, or the draft the youth already has for this instrument (even one of
    an earlier version: the youth chooses whether to finish it or start again)."""
    _check_offered(instrument_id, instruments, offered)
    for state in drafts(youth_id, instruments):
        if state.instrument.id == instrument_id:
            return state
    now = _now()
    record = CheckInRecord(new_id(), youth_id, DRAFT, b"", now, now)
    state = CheckInState(record, instruments[instrument_id], language=language)
    _encrypt(state)  # before the insert: a half-made row must never be written
    db.session.execute(insert(_TABLE).values(**vars(record)))
    audit.append(_actor(youth_id), "check_in.started", youth_id)
    return state


def _check_offered(
    instrument_id: str, instruments: Mapping[str, Instrument], offered: Iterable[str]
) -> None:
    if instrument_id not in set(offered) or instrument_id not in instruments:
        raise NotOffered


def restart(
    state: CheckInState,
    instruments: Mapping[str, Instrument],
    offered: Iterable[str],
    language: str | None,
) -> CheckInState:
    """A draft of an earlier version given up: it is discarded and the current version
    started in its place (its answers are not carried over: the questions changed)."""
    _check_offered(state.instrument.id, instruments, offered)
    discard(state)
    return start(state.record.youth_id, state.instrument.id, instruments, offered, language)


def save_answer(state: CheckInState, item_id: str, value: Answer | None) -> None:
    """Save one answer at once (None: skipped). Answers hidden by a change are dropped."""
    if value is None:
        state.answers.pop(item_id, None)
        state.skipped.add(item_id)
    else:
        state.answers[item_id] = value
        state.skipped.discard(item_id)
    _drop_hidden_answers(state)
    _save(state)
    audit.append(_actor(state.record.youth_id), "check_in.answer_saved", state.record.youth_id)


def choose_section(state: CheckInState, section_id: str, answer: bool) -> None:
    """Yes or no to a sensitive section. No removes anything answered in it before."""
    state.sections[section_id] = "yes" if answer else "no"
    if not answer:
        section = next(s for s in state.instrument.data["sections"] if s["id"] == section_id)
        for item in section["items"]:
            state.answers.pop(item["id"], None)
            state.skipped.discard(item["id"])
        state.feelings.pop(section_id, None)
    _save(state)
    audit.append(_actor(state.record.youth_id), "check_in.answer_saved", state.record.youth_id)


def save_feeling(state: CheckInState, section_id: str, feeling: str) -> None:
    """How they feel after a sensitive section: their own answer, kept with the others."""
    state.feelings[section_id] = feeling
    _save(state)
    audit.append(_actor(state.record.youth_id), "check_in.answer_saved", state.record.youth_id)


def _drop_hidden_answers(state: CheckInState) -> None:
    """An answer to a question that no longer shows (its show_if changed) is not kept."""
    changed = True
    while changed:
        changed = False
        for position in state.instrument.positions:
            item_id = position.item["id"]
            if item_id in state.answers and not flow.is_shown(position.item, state.answers):
                del state.answers[item_id]
                changed = True


def submit(state: CheckInState) -> bool:
    """Send the check-in; True when this call sent it (a second submit changes nothing)."""
    if state.submitted:
        return False
    screens = state.screens
    shown = {
        position.item["id"]
        for position in state.instrument.positions
        if Screen(QUESTION, position.number) in screens
    }
    state.answers = {key: value for key, value in state.answers.items() if key in shown}
    # A question not shown when sent was not skipped: it was never asked.
    state.skipped = state.skipped & shown
    checked_out = {
        state.instrument.section(screen.number)["id"]
        for screen in screens
        if screen.kind == CHECK_OUT
    }
    state.feelings = {key: value for key, value in state.feelings.items() if key in checked_out}
    scores = score_instrument(state.instrument.data, state.answers)
    state.scores = {scale_id: score.value for scale_id, score in scores.items()}
    state.moves = _stage_moves(state)
    state.record.status = SUBMITTED
    state.record.submitted_at = _now()
    _save(state)
    audit.append(_actor(state.record.youth_id), "check_in.submitted", state.record.youth_id)
    return True


def _stage_moves(state: CheckInState) -> list[dict]:
    """How each stage of change moved since the youth last sent this instrument about the
    same change (only instruments with a stage question read the earlier ones)."""
    data = state.instrument.data
    if not stage_moves.stage_items(data):
        return []
    return stage_moves.moves(
        data, state.answers, sent_answers(state.record.youth_id, state.instrument)
    )


def sent_answers(youth_id: str, instrument: Instrument) -> list[dict]:
    """The answers of the youth's sent check-ins with this instrument, newest first."""
    sent = submitted(youth_id, {instrument.id: instrument})
    sent.sort(key=lambda each: each.record.submitted_at, reverse=True)
    return [each.answers for each in sent]


def discard(state: CheckInState) -> None:
    if state.submitted:
        raise AlreadySubmitted
    _delete(state.record)
    audit.append(_actor(state.record.youth_id), "check_in.draft_discarded", state.record.youth_id)


def set_note(state: CheckInState, item_id: str, note: dict | None) -> None:
    """A note on a sent answer, such as "this is over; it last happened in March 2025".
    The answer itself never changes."""
    if note is None:
        state.notes.pop(item_id, None)
    else:
        state.notes[item_id] = note
    _save(state)
    audit.append(_actor(state.record.youth_id), "check_in.note_saved", state.record.youth_id)


def delete_sent(state: CheckInState) -> None:
    """Delete a sent check-in. Shares that named it show nothing from then on."""
    _delete(state.record)
    audit.append(_actor(state.record.youth_id), "check_in.deleted", state.record.youth_id)


# Purging -------------------------------------------------------------------------------


def _delete(record: CheckInRecord) -> None:
    db.session.execute(delete(_TABLE).where(_TABLE.c.id == record.id))


def _expired(record: CheckInRecord) -> bool:
    return _now() - record.updated_at > timedelta(days=DRAFT_DAYS)


def _purge(records: list[CheckInRecord]) -> int:
    for record in records:
        audit.append(audit.SYSTEM, "check_in.draft_purged", record.youth_id)
    ids = [record.id for record in records]
    if ids:
        db.session.execute(delete(_TABLE).where(_TABLE.c.id.in_(ids)))
    return len(ids)


def purge_expired_drafts(youth_id: str | None = None) -> int:
    """Delete drafts untouched for DRAFT_DAYS: everyone's, or one youth's (on access)."""
    cutoff = _now() - timedelta(days=DRAFT_DAYS)
    query = select(*_COLUMNS).where(_TABLE.c.status == DRAFT, _TABLE.c.updated_at < cutoff)
    if youth_id is not None:
        query = query.where(_TABLE.c.youth_id == youth_id)
    return _purge([_record(row) for row in db.session.execute(query)])
