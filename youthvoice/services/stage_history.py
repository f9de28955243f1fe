"""A young person's stage of change over time, in words: the stage question that names
their change and what they said last time about it, and each move read back to them.

Which change is which and how a stage moved is decided in surveys/stage_moves.py (pure);
here the youth's sent check-ins are found and the result is put into the page's language.
Own words are the young person's text: they go into these sentences as typed, and the
templates escape them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from youthvoice.services import checkins
from youthvoice.services.answer_text import answer_text
from youthvoice.surveys import stage_moves
from youthvoice.surveys.stages import (
    PATH,
    STAGE_ANCHORS,
    STAGE_LABELS,
    STAGE_ORDINALS,
    STAGE_PHRASES,
    STARTING_AGAIN,
)


@dataclass(frozen=True)
class StageQuestion:
    """What the stage question's page says beyond the item itself."""

    question: str | None  # the question naming the change; None: the item's own text
    direction: str | None  # "The way you want it to go: …"
    last_time: str | None  # "Last time you said: … Where are you now?"
    anchors: dict[str, str]  # stage code: its time anchor
    path: tuple[str, ...] = PATH  # the steps in order
    starting_again: str = STARTING_AGAIN  # the way back onto the path, shown apart


def stage_question(state: checkins.CheckInState, item: dict) -> StageQuestion:
    """The stage question of this draft, naming the change and, when the youth sent one
    about the same change before, what they said then."""
    change = stage_moves.change_of(item, state.answers)
    named = _change_name(state, item, change)
    earlier = checkins.sent_answers(state.record.youth_id, state.instrument) if named else []
    last = stage_moves.last_stage(item, state.answers, earlier)
    return StageQuestion(
        question=_("Where are you with this change: %(change)s?", change=named) if named else None,
        direction=_direction(state, item, change),
        last_time=_last_time(last, named),
        anchors={code: str(anchor) for code, anchor in STAGE_ANCHORS.items()},
    )


def _change_name(
    state: checkins.CheckInState, item: dict, change: stage_moves.Change | None
) -> str | None:
    """Their own words if given, else the area as the list names it."""
    if change is None:
        return None
    if change.words:
        return change.words
    return answer_text(state.instrument.items()[item["change"]], change.area)


def _direction(
    state: checkins.CheckInState, item: dict, change: stage_moves.Change | None
) -> str | None:
    if change is None or change.direction is None:
        return None
    way = answer_text(state.instrument.items()[item["direction"]], change.direction)
    return _("The way you want it to go: %(direction)s.", direction=way)


def _last_time(stage: str | None, change: str | None) -> str | None:
    if stage is None or change is None:
        return None
    return _(
        "Last time you said: “%(stage)s” about “%(change)s”. Where are you now?",
        stage=STAGE_LABELS[stage],
        change=change,
    )


def read_back(state: checkins.CheckInState) -> list[str]:
    """Each move kept with a sent check-in, as a sentence to the young person. A step back
    is said without blame: it is part of change."""
    return [move_sentence(move) for move in state.moves]


def move_sentence(move: dict) -> str:
    before, now = move["from"], move["to"]
    words = {"before": STAGE_PHRASES[before], "now": STAGE_PHRASES[now]}
    if move["move"] == stage_moves.FORWARD:
        if STAGE_ORDINALS[now] - STAGE_ORDINALS[before] == 1:
            return _("You moved a step forward: from %(before)s to %(now)s.", **words)
        return _("You moved forward: from %(before)s to %(now)s.", **words)
    if move["move"] == stage_moves.BACK:
        went = _("You went from %(before)s to %(now)s.", **words)
        return " ".join((went, _("It's been harder lately. That's part of change.")))
    if before == now:
        return _("You're on the same step as last time: %(now)s.", now=words["now"])
    return _("You went from %(before)s to %(now)s.", **words)
