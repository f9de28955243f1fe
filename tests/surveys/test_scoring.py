"""Scoring worked examples: sums, means, reverse items, skipped answers, too few answers."""

from __future__ import annotations

from youthvoice.surveys.scoring import ScoreRange, score_instrument, score_range, score_scale

LIKERT = {
    "type": "single_choice",
    "options": [{"code": str(n), "label": str(n)} for n in range(1, 6)],
}
ITEMS = {"a": LIKERT, "b": LIKERT, "c": LIKERT, "d": {"type": "scale_0_10"}}


def scale(**overrides):
    return {
        "id": "s",
        "domain": "hope",
        "method": "sum",
        "items": ["a", "b", "c"],
        "min_answered": 2,
        **overrides,
    }


def test_sum_of_three_answers():
    assert score_scale(scale(), ITEMS, {"a": "4", "b": "2", "c": "5"}).value == 11


def test_mean_of_the_answered_items():
    assert score_scale(scale(method="mean"), ITEMS, {"a": "4", "b": "2", "c": None}).value == 3


def test_reverse_item_counts_the_lowest_answer_as_the_highest():
    # b = 2 on a 1-5 scale counts as 4: 4 + 4 + 5
    assert score_scale(scale(reverse=["b"]), ITEMS, {"a": "4", "b": "2", "c": "5"}).value == 13


def test_prefer_not_to_say_and_dont_know_are_not_answers_to_count():
    result = score_scale(scale(), ITEMS, {"a": "prefer_not_to_say", "b": "dont_know", "c": "5"})
    assert result.value is None
    assert (result.answered, result.needed) == (1, 2)
    assert not result.enough


def test_too_few_answers_gives_no_score_rather_than_a_low_one():
    assert score_scale(scale(min_answered=3), ITEMS, {"a": "5", "b": "5"}).value is None


def test_readiness_ruler_reverses_on_zero_to_ten():
    ruler = scale(items=["d"], reverse=["d"], min_answered=1)
    assert score_scale(ruler, ITEMS, {"d": "7"}).value == 3


def test_score_instrument_scores_every_scale():
    data = {
        "sections": [{"id": "x", "items": [{"id": key, **value} for key, value in ITEMS.items()]}],
        "scoring": {"scales": [scale(), scale(id="t", items=["d"], min_answered=1)]},
    }
    scores = score_instrument(data, {"a": "1", "b": "1", "d": "10"})
    assert {key: value.value for key, value in scores.items()} == {"s": 2, "t": 10}


def test_a_mean_of_0_to_10_items_is_out_of_10():
    assert score_range(scale(method="mean", items=["d"]), ITEMS) == ScoreRange(10.0)


def test_a_mean_of_answer_options_is_out_of_the_highest_option():
    zero_to_three = {"type": "single_choice", "options": [{"code": str(n)} for n in range(4)]}
    items = {"x": zero_to_three, "y": zero_to_three}
    assert score_range(scale(method="mean", items=["x", "y"]), items) == ScoreRange(3.0)


def test_a_sum_is_out_of_the_sum_of_the_highest_answers():
    days = {"type": "number", "min": 0, "max": 7}
    items = {**ITEMS, "days": days, "yes": {"type": "yes_no"}}
    assert score_range(scale(items=["a", "b", "c"]), items) == ScoreRange(15.0)
    assert score_range(scale(items=["days", "yes"]), items) == ScoreRange(8.0)


def test_a_stage_is_a_step_of_five():
    stage = scale(method="stage", items=["change"], min_answered=1)
    assert score_range(stage, {"change": {"type": "stage_of_change"}}) == ScoreRange(
        5.0, steps=True
    )
