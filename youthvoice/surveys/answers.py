"""Turn what a form sent for one item into a stored answer, or say what is wrong. Pure.

Answers are stored as codes (never display text), so a check-in answered in Spanish
compares with one answered in English. Nothing sent is an answer: the question is skipped.

Every question of a check-in is in one of four states (`State`), kept apart everywhere:
answered; skipped by choice ("Skip this question" or "Prefer not to say"); "doesn't apply"
(its own answer, counted as neither a skip nor a score); and not reached — never put to
the young person, because they sent before getting to it, took a break on it, or an
earlier answer meant it was not shown.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from youthvoice.readers import is_ascii_digits, read_digits
from youthvoice.surveys.loader import answer_codes
from youthvoice.surveys.scoring import DONT_KNOW, NOT_APPLICABLE, PREFER_NOT_TO_SAY
from youthvoice.surveys.support import support_kinds

Answer = str | list[str]
FIRST_YEAR = 1990


class Problem(enum.Enum):
    NOT_AN_OPTION = "not_an_option"
    BOTH = "both"
    NOT_A_NUMBER = "not_a_number"
    OUT_OF_RANGE = "out_of_range"
    TOO_LONG = "too_long"
    MONTH = "month"
    YEAR = "year"
    FUTURE = "future"
    EXCLUSIVE = "exclusive"


class State(enum.StrEnum):
    ANSWERED = "answered"
    SKIPPED = "skipped"
    NOT_APPLICABLE = "not_applicable"
    NOT_REACHED = "not_reached"


def answer_state(item_id: str, answers: Mapping[str, object], skipped: Iterable[str]) -> State:
    value = answers.get(item_id)
    if value == NOT_APPLICABLE:
        return State.NOT_APPLICABLE
    if value == PREFER_NOT_TO_SAY or (value is None and item_id in skipped):
        return State.SKIPPED
    return State.NOT_REACHED if value is None else State.ANSWERED


@dataclass(frozen=True)
class Parsed:
    value: Answer | None = None  # None: nothing was answered (a skip)
    problem: Problem | None = None


def specials(item: dict) -> list[str]:
    """The answers that are not options but are true answers for this item."""
    found = []
    if item.get("not_applicable"):
        found.append(NOT_APPLICABLE)
    if item.get("dont_know"):
        found.append(DONT_KNOW)
    if item.get("prefer_not_to_say"):
        found.append(PREFER_NOT_TO_SAY)
    return found


def parse(item: dict, form: Mapping[str, list[str]], today: date) -> Parsed:
    sent = [value.strip() for value in form.get("answer", []) if value.strip()]
    special = [value for value in form.get("special", []) if value]
    kind = item["type"]
    if kind == "multiple_choice":
        return _choices(item, sent)
    if kind in ("number", "text", "month_year"):
        if any(value not in specials(item) for value in special) or len(special) > 1:
            return Parsed(problem=Problem.NOT_AN_OPTION)
        typed = _typed(item, sent, form, today)
        if special and (typed.value is not None or typed.problem is not None):
            return Parsed(problem=Problem.BOTH)
        return Parsed(special[0]) if special else typed
    return _choice(item, sent)


def _choice(item: dict, sent: list[str]) -> Parsed:
    if not sent:
        return Parsed()
    allowed = answer_codes(item) | set(specials(item))
    if len(sent) > 1 or sent[0] not in allowed:
        return Parsed(problem=Problem.NOT_AN_OPTION)
    return Parsed(sent[0])


def _choices(item: dict, sent: list[str]) -> Parsed:
    if not sent:
        return Parsed()
    chosen = list(dict.fromkeys(sent))  # a repeated code counts once
    extra = specials(item)
    if any(code not in answer_codes(item) and code not in extra for code in chosen):
        return Parsed(problem=Problem.NOT_AN_OPTION)
    if any(code in extra for code in chosen) and len(chosen) > 1:
        return Parsed(problem=Problem.BOTH)
    if len(chosen) == 1 and chosen[0] in extra:
        return Parsed(chosen[0])
    alone = {option["code"] for option in item["options"] if option.get("exclusive")}
    if any(code in alone for code in chosen) and len(chosen) > 1:
        return Parsed(problem=Problem.EXCLUSIVE)
    order = [option["code"] for option in item["options"]]
    return Parsed(sorted(chosen, key=order.index))


def _typed(item: dict, sent: list[str], form: Mapping[str, list[str]], today: date) -> Parsed:
    kind = item["type"]
    if kind == "month_year":
        return _month_year(form, today)
    if not sent:
        return Parsed()
    if kind == "text":
        text = "\n".join(sent[0].splitlines())
        if len(text) > item["max_length"]:
            return Parsed(problem=Problem.TOO_LONG)
        return Parsed(text)
    number = read_digits(sent[0])
    if number is None:
        # All 0-9 but longer than any number asked for: say the range, not "numbers only".
        too_long = is_ascii_digits(sent[0])
        return Parsed(problem=Problem.OUT_OF_RANGE if too_long else Problem.NOT_A_NUMBER)
    if not item["min"] <= number <= item["max"]:
        return Parsed(problem=Problem.OUT_OF_RANGE)
    return Parsed(str(number))


def _month_year(form: Mapping[str, list[str]], today: date) -> Parsed:
    month = (form.get("month") or [""])[0].strip()
    year = (form.get("year") or [""])[0].strip()
    if not month and not year:
        return Parsed()
    month_number = read_digits(month, max_digits=2)
    if month_number is None or not 1 <= month_number <= 12:
        return Parsed(problem=Problem.MONTH)
    year_number = read_digits(year, max_digits=4)
    if year_number is None or len(year) != 4 or year_number < FIRST_YEAR:
        return Parsed(problem=Problem.YEAR)
    if (year_number, month_number) > (today.year, today.month):
        return Parsed(problem=Problem.FUTURE)
    return Parsed(f"{year_number:04d}-{month_number:02d}")


def form_values(item: dict, value: Answer | None) -> dict[str, object]:
    """What to show in the form for a saved answer, so going back shows it again."""
    if value is None:
        return {}
    if value in specials(item):
        return {"special": value, "chosen": [value]}
    if item["type"] == "month_year":
        year, month = str(value).split("-")
        return {"year": year, "month": str(int(month))}
    return {"chosen": value if isinstance(value, list) else [value], "text": value}


def is_distress(item: dict, value: Answer | None) -> bool:
    """An answer that calls for support: an option marked `distress: <kind>` (e.g. "I don't
    feel safe today"), or a number at or below the item's distress_at_or_below (e.g. 0 or 1
    for "How are you doing today?"). Which support: `support_kinds`."""
    return bool(support_kinds(item, value))
