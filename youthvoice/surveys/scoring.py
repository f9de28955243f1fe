"""Scoring: pure functions from answer codes to scale scores. No database, no Flask."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from youthvoice.surveys.stages import STAGE_ORDINALS

PREFER_NOT_TO_SAY = "prefer_not_to_say"
DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"  # "doesn't apply to me": neither a skip nor a score
NOT_AN_ANSWER = {PREFER_NOT_TO_SAY, DONT_KNOW, NOT_APPLICABLE}


@dataclass(frozen=True)
class ScaleScore:
    scale_id: str
    value: float | None  # None: not enough answers for a valid score
    answered: int
    needed: int

    @property
    def enough(self) -> bool:
        return self.value is not None


def item_value(item: dict, code: str | None) -> float | None:
    """The number an answer stands for; None when skipped or not a true answer to count."""
    if code is None or code in NOT_AN_ANSWER:
        return None
    if item["type"] == "yes_no":
        return {"yes": 1.0, "no": 0.0}.get(code)
    try:
        return float(int(code))
    except ValueError:
        return None


def _bounds(item: dict) -> tuple[float, float]:
    kind = item["type"]
    if kind == "scale_0_10":
        return 0.0, 10.0
    if kind == "yes_no":
        return 0.0, 1.0
    if kind == "number":
        return float(item["min"]), float(item["max"])
    values = [int(option["code"]) for option in item["options"]]
    return float(min(values)), float(max(values))


def reverse(item: dict, value: float) -> float:
    """A reverse-scored item: the lowest answer counts as the highest, and so on."""
    low, high = _bounds(item)
    return low + high - value


def score_scale(
    scale: dict, items: Mapping[str, dict], answers: Mapping[str, str | None]
) -> ScaleScore:
    if scale["method"] == "stage":
        return _stage_score(scale, answers)
    values = []
    for item_id in scale["items"]:
        value = item_value(items[item_id], answers.get(item_id))
        if value is None:
            continue
        values.append(
            reverse(items[item_id], value) if item_id in scale.get("reverse", ()) else value
        )
    needed = scale["min_answered"]
    if len(values) < needed:
        return ScaleScore(scale["id"], None, len(values), needed)
    total = sum(values)
    result = total / len(values) if scale["method"] == "mean" else total
    return ScaleScore(scale["id"], round(result, 4), len(values), needed)


def _stage_score(scale: dict, answers: Mapping[str, str | None]) -> ScaleScore:
    """A stage of change as its place on the path (1 not thinking … 5 kept it up)."""
    ordinal = STAGE_ORDINALS.get(answers.get(scale["items"][0]))
    answered = int(ordinal is not None)
    return ScaleScore(scale["id"], ordinal and float(ordinal), answered, scale["min_answered"])


@dataclass(frozen=True)
class ScoreRange:
    """What a score is out of, so a bare "3" is never shown: "3 out of 10", "step 3 of 5"."""

    most: float  # the highest score the scale can give
    steps: bool = False  # a stage of change: a step on a path, not an amount


def score_range(scale: dict, items: Mapping[str, dict]) -> ScoreRange:
    """A mean is out of its items' highest answer, a sum out of the sum of their highest
    answers, and a stage is a step of the path."""
    if scale["method"] == "stage":
        return ScoreRange(float(max(STAGE_ORDINALS.values())), steps=True)
    highest = [_bounds(items[item_id])[1] for item_id in scale["items"]]
    return ScoreRange(sum(highest) if scale["method"] == "sum" else max(highest))


def scales_of(data: dict) -> list[dict]:
    """An instrument's scales (none when it has no scoring section): the one place that
    knows where they are kept. `Instrument.scales` says the same for a loaded instrument."""
    return data.get("scoring", {}).get("scales", [])


def score_instrument(data: dict, answers: Mapping[str, str | None]) -> dict[str, ScaleScore]:
    items = {item["id"]: item for section in data["sections"] for item in section["items"]}
    return {scale["id"]: score_scale(scale, items, answers) for scale in scales_of(data)}
