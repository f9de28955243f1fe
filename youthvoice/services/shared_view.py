"""What a staff member sees of one young person: only what that youth shared with them.

Check-ins with nothing shared with this person are left out entirely: no date, no count,
no placeholder. In a shared check-in every score and question is listed, each with its
value or "not shared", so the list itself says nothing about what was answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from youthvoice.grants import Grant
from youthvoice.policy import Viewer, Visible, YouthData
from youthvoice.services import checkins, reading
from youthvoice.services.plain_text import answer_without_bidi_controls
from youthvoice.surveys.answers import Answer, State
from youthvoice.surveys.catalogue import answered_with
from youthvoice.surveys.loader import Instrument

NOT_SHARED = object()  # a value the viewer may not see (never None: None means skipped)


@dataclass(frozen=True)
class ScoreRow:
    scale: dict
    value: object  # float, None (not enough answers) or NOT_SHARED


@dataclass(frozen=True)
class AnswerRow:
    item: dict
    value: object  # Answer, None (no answer: see state) or NOT_SHARED
    note: dict | None = None  # "over now, last happened…", only with a shared answer
    state: State | None = None  # skipped, doesn't apply or not asked; None when not shared


@dataclass(frozen=True)
class SharedCheckIn:
    instrument: Instrument
    submitted_at: datetime
    scores: list[ScoreRow]
    answers: list[AnswerRow]


@dataclass(frozen=True)
class ToldNow:
    instrument: Instrument | None
    item: dict | None
    value: Answer
    told_at: datetime


def shared_with(
    staff_id: str,
    youth_id: str,
    instruments: dict[str, Instrument],
    via: str = "view",
    *,
    preview: bool = False,
) -> tuple[list[SharedCheckIn], list[ToldNow]]:
    """Raises reading.AccessDenied unless the staff member is on the youth's care team.

    With `preview`, the youth sees exactly what this person sees; nothing is audited,
    because no one but the youth read anything.
    """
    viewer = Viewer("staff", staff_id)
    if not preview:
        reading.read(viewer, YouthData(youth_id, "enrolment"), via=via)
    shown = []
    for state in checkins.submitted(youth_id, instruments):
        sent = reading.sent_check_in(
            youth_id, state.id, state.instrument, state.record.submitted_at
        )
        visible = reading.visible_in_check_in(viewer, sent, via, preview=preview)
        if visible:
            shown.append(_rows(state, visible))
    told_grants = reading.answers_told_now(viewer, youth_id, via, preview=preview)
    told = [_told(grant, instruments) for grant in told_grants]
    return shown, told


def _rows(state: checkins.CheckInState, visible: Visible) -> SharedCheckIn:
    data = state.instrument.data
    scores = [
        ScoreRow(
            scale, state.scores.get(scale["id"]) if scale["id"] in visible.scales else NOT_SHARED
        )
        for scale in state.instrument.scales
    ]
    answers = []
    for section in data["sections"]:
        for item in section["items"]:
            if item["id"] in visible.items:
                value = answer_without_bidi_controls(state.answers.get(item["id"]))
                row = AnswerRow(
                    item, value, state.notes.get(item["id"]), state.state_of(item["id"])
                )
            else:
                row = AnswerRow(item, NOT_SHARED)
            answers.append(row)
    return SharedCheckIn(state.instrument, state.record.submitted_at, scores, answers)


def _told(grant: Grant, instruments: dict[str, Instrument]) -> ToldNow:
    instrument = answered_with(instruments, grant.answer["instrument"], grant.answer.get("version"))
    item = instrument.items().get(grant.answer["item"]) if instrument else None
    value = answer_without_bidi_controls(grant.answer["value"])
    return ToldNow(instrument, item, value, grant.created_at)
