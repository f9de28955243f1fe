"""Stage moves between check-ins about the same change: forward, back, the same, the
first time (no move), and which changes count as the same one."""

from __future__ import annotations

import pytest

from youthvoice.surveys import loader
from youthvoice.surveys.stage_moves import BACK, FORWARD, SAME, last_stage, move, moves

WHERE_IM_AT = loader.load(loader.resource_dir("surveys") / "where-im-at.yaml")[0].data
STAGE = next(
    item
    for section in WHERE_IM_AT["sections"]
    for item in section["items"]
    if item["type"] == "stage_of_change"
)


def said(stage: str | None, area: str | None = "school", words: str | None = None, **more):
    answers = {"change_area": area, "change_direction": "start", "change_stage": stage, **more}
    if words is not None:
        answers["change_words"] = words
    return {key: value for key, value in answers.items() if value is not None}


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        ("thinking", "getting_ready", FORWARD),
        ("not_thinking", "keeping_it_up", FORWARD),
        ("keeping_it_up", "starting_again", BACK),
        ("doing_it", "thinking", BACK),
        ("getting_ready", "getting_ready", SAME),
        ("getting_ready", "starting_again", SAME),  # starting again sits with getting ready
        ("starting_again", "doing_it", FORWARD),
    ],
)
def test_a_move_goes_by_each_stage_s_place_on_the_path(before, now, expected):
    assert move(before, now) == expected


def test_thinking_then_getting_ready_about_the_same_change_is_a_move_forward():
    found = moves(WHERE_IM_AT, said("getting_ready"), [said("thinking")])
    assert found == [
        {"change": "school", "from": "thinking", "to": "getting_ready", "move": "forward"}
    ]


def test_the_first_check_in_about_a_change_has_no_move():
    assert moves(WHERE_IM_AT, said("getting_ready"), []) == []
    assert moves(WHERE_IM_AT, said("getting_ready"), [said("thinking", area="money")]) == []


def test_the_newest_earlier_check_in_about_the_change_counts():
    earlier = [said("doing_it"), said("thinking")]  # newest first
    assert moves(WHERE_IM_AT, said("thinking"), earlier)[0]["move"] == BACK


SCHOOL_WORDS = "go to school 3 days a week"


@pytest.mark.parametrize(
    ("now", "before", "same"),
    [
        pytest.param(
            said(None, words="Go to school 3 days a week"),
            said(None, words="go to  school 3 days a week "),
            True,
            id="own words alike but for case and spaces",
        ),
        pytest.param(
            said(None, words=SCHOOL_WORDS),
            said(None, words="finish year 10"),
            False,
            id="other own words",
        ),
        pytest.param(said(None), said(None), True, id="same area, no own words in either"),
        pytest.param(said(None, words=SCHOOL_WORDS), said(None), False, id="own words only now"),
        pytest.param(
            said(None, area="work", words=SCHOOL_WORDS),
            said(None, words=SCHOOL_WORDS),
            False,
            id="same words, another area",
        ),
        pytest.param(
            said(None, area="prefer_not_to_say", words="sleep more"),
            said(None, area=None, words="sleep more"),
            True,
            id="own words with no area picked",
        ),
        pytest.param(
            said(None),
            said(None, change_direction="stop"),
            True,
            id="the direction does not tell them apart",
        ),
    ],
)
def test_changes_match_by_area_and_own_words(now, before, same):
    now, before = dict(now, change_stage="thinking"), dict(before, change_stage="doing_it")
    assert (last_stage(STAGE, now, [before]) == "doing_it") is same


def test_a_stage_without_a_change_or_an_earlier_stage_makes_no_move():
    nothing_named = said("getting_ready", area="prefer_not_to_say")
    assert moves(WHERE_IM_AT, nothing_named, [nothing_named]) == []
    assert moves(WHERE_IM_AT, said("dont_know"), [said("thinking")]) == []
    # An earlier "I don't know" is passed over for the stage said before it.
    earlier = [said("dont_know"), said("not_thinking")]
    assert moves(WHERE_IM_AT, said("thinking"), earlier)[0]["from"] == "not_thinking"


def test_a_stage_question_that_names_no_change_makes_no_move():
    """Check-ins answered with an earlier where-I'm-at asked a stage per area, naming no
    change: nothing is compared with them."""
    older = {"sections": [{"items": [{"id": "school_stage", "type": "stage_of_change"}]}]}
    assert moves(older, {"school_stage": "doing_it"}, [{"school_stage": "thinking"}]) == []
    assert last_stage(older["sections"][0]["items"][0], {}, [{"school_stage": "thinking"}]) is None
