"""The order of screens in a check-in, from the instrument and the answers so far. Pure.

Screens are named by position, never by item id: a URL such as `/q/7` says nothing about
what was asked, while an item id ("nights_away") would, in the browser history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from youthvoice.surveys.scoring import scales_of

INTRO = "intro"
OPT_IN = "opt_in"
QUESTION = "question"
CHECK_OUT = "check_out"
REVIEW = "review"


@dataclass(frozen=True)
class Screen:
    kind: str
    number: int = 0  # the item's or section's 1-based position in the instrument


@dataclass(frozen=True)
class Position:
    """One question's place in the instrument."""

    number: int
    section_number: int
    item: dict
    section: dict


def positions(data: dict) -> list[Position]:
    found = []
    for section_number, section in enumerate(data["sections"], start=1):
        for item in section["items"]:
            found.append(Position(len(found) + 1, section_number, item, section))
    return found


def is_shown(item: dict, answers: Mapping[str, object]) -> bool:
    """An item with show_if is shown only when the earlier answer includes one of its codes."""
    condition = item.get("show_if")
    if condition is None:
        return True
    answer = answers.get(condition["item"])
    chosen = answer if isinstance(answer, list) else [answer]
    return any(code in condition["in"] for code in chosen)


def screens(data: dict, answers: Mapping[str, object], choices: Mapping[str, str]) -> list[Screen]:
    """Every screen the youth will pass through now, in order.

    A sensitive section starts with its opt-in screen (when any of its questions would
    show) and, if the youth said yes, ends with a check-out screen, unless it says
    `check_out: false` (questions about who they are: private, not distressing).
    """
    found = [Screen(INTRO)]
    every_position = positions(data)  # once: this runs several times on every screen
    for section_number, section in enumerate(data["sections"], start=1):
        shown = [
            position
            for position in every_position
            if position.section_number == section_number and is_shown(position.item, answers)
        ]
        if not shown:
            continue
        if section.get("sensitive"):
            found.append(Screen(OPT_IN, section_number))
            if choices.get(section["id"]) != "yes":
                continue
        found += [Screen(QUESTION, position.number) for position in shown]
        if section.get("sensitive") and section.get("check_out", True):
            found.append(Screen(CHECK_OUT, section_number))
    found.append(Screen(REVIEW))
    return found


def following(flow: list[Screen], screen: Screen) -> Screen:
    """The screen after this one; review when this one is no longer in the flow."""
    if screen in flow:
        return flow[min(flow.index(screen) + 1, len(flow) - 1)]
    return flow[-1]


def preceding(flow: list[Screen], screen: Screen) -> Screen:
    """The screen before this one, skipping check-out screens (they are not a step back)."""
    if screen not in flow:
        return flow[0]
    index = flow.index(screen) - 1
    while index > 0 and flow[index].kind == CHECK_OUT:
        index -= 1
    return flow[max(index, 0)]


def question_count(flow: list[Screen], screen: Screen) -> tuple[int, int]:
    """("Question 3 of 8"): this question's place among the questions shown now."""
    questions = [each for each in flow if each.kind == QUESTION]
    return questions.index(screen) + 1, len(questions)


def resume_point(
    flow: list[Screen],
    data: dict,
    answered: Mapping[str, object],
    skipped: set[str],
    choices: Mapping[str, str],
) -> Screen:
    """The first screen not yet dealt with, or review when everything was seen."""
    items = {position.number: position.item["id"] for position in positions(data)}
    section_ids = {number: section["id"] for number, section in enumerate(data["sections"], 1)}
    for screen in flow:
        if screen.kind == QUESTION:
            item_id = items[screen.number]
            if item_id not in answered and item_id not in skipped:
                return screen
        if screen.kind == OPT_IN and section_ids[screen.number] not in choices:
            return screen
    return flow[-1]


def sensitive_items(data: dict) -> set[str]:
    """Items private by default: marked sensitive, or in a sensitive section."""
    return {
        position.item["id"]
        for position in positions(data)
        if position.item.get("sensitive") or position.section.get("sensitive")
    }


def sensitive_scales(data: dict) -> set[str]:
    """A score is as private as the most private answer it is made from."""
    private = sensitive_items(data)
    return {scale["id"] for scale in scales_of(data) if private & set(scale["items"])}
