"""Which change a stage of change is about, and how the stage moved since the last check-in
about the same change. Pure: answers in, moves out (no Flask, no database).

A stage item points at the items that name its change: `change:` (an area picked from a
list), `own_words:` (the young person's words) and `direction:`. Two check-ins are about
the same change when they have the same area and the same own words, or the same area and
no own words in either. The direction is said with the change but does not tell two
changes apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from youthvoice.surveys.scoring import NOT_AN_ANSWER
from youthvoice.surveys.stages import STAGE_ORDINALS

FORWARD, BACK, SAME = "forward", "back", "same"

Answers = Mapping[str, object]


@dataclass(frozen=True)
class Change:
    """The change a stage is about, as the young person named it."""

    area: str | None  # the area's code; None when none was picked
    words: str | None  # their own words, as typed; None when none were given
    direction: str | None  # "start", "stop", "keep"…; None when not said

    def same_as(self, other: Change) -> bool:
        return self.area == other.area and _comparable(self.words) == _comparable(other.words)


def _comparable(words: str | None) -> str | None:
    """Own words compared as a person reads them: case and spacing make no difference."""
    return " ".join(words.split()).casefold() if words else None


def _chosen(value: object) -> str | None:
    """A picked option's code; None for a skip, "prefer not to say" and the like."""
    return value if isinstance(value, str) and value not in NOT_AN_ANSWER else None


def _typed(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def stage_items(data: dict) -> list[dict]:
    """The instrument's stage of change questions that name their change, in order. (Those
    of earlier instruments, archived, named none: no move can be told from them.)"""
    return [
        item
        for section in data["sections"]
        for item in section["items"]
        if item["type"] == "stage_of_change" and "change" in item
    ]


def change_of(item: dict, answers: Answers) -> Change | None:
    """The change this stage item is about, or None when no area or words were given (or
    the item names no change)."""
    if "change" not in item:
        return None
    area = _chosen(answers.get(item["change"]))
    words = _typed(answers.get(item["own_words"])) if "own_words" in item else None
    if area is None and words is None:
        return None
    return Change(area, words, _chosen(answers.get(item.get("direction", ""))))


def stage_of(item: dict, answers: Answers) -> str | None:
    """The stage picked; None for a skip, "I don't know" or "prefer not to say"."""
    value = answers.get(item["id"])
    return value if value in STAGE_ORDINALS else None


def last_stage(item: dict, answers: Answers, earlier: Iterable[Answers]) -> str | None:
    """The stage said most recently about the same change as these answers, or None
    (no change named now, or none said before). `earlier`: sent answers, newest first."""
    change = change_of(item, answers)
    if change is None:
        return None
    for before in earlier:
        stage, then = stage_of(item, before), change_of(item, before)
        if stage is not None and then is not None and change.same_as(then):
            return stage
    return None


def move(before: str, now: str) -> str:
    """Forward, back or the same, by each stage's place on the path."""
    step = STAGE_ORDINALS[now] - STAGE_ORDINALS[before]
    return FORWARD if step > 0 else BACK if step < 0 else SAME


def moves(data: dict, answers: Answers, earlier: list[Answers]) -> list[dict]:
    """One move per stage question answered now about a change a stage was said for
    before; none the first time. `earlier`: the sent answers, newest first."""
    found = []
    for item in stage_items(data):
        now, before = stage_of(item, answers), last_stage(item, answers, earlier)
        if now is None or before is None:
            continue
        change = change_of(item, answers)
        found.append({"change": change.area, "from": before, "to": now, "move": move(before, now)})
    return found
