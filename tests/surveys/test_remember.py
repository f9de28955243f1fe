"""`remember: true`: the one answer, in the young person's own words, that the thanks page
gives back to them. One per instrument, on a text item, for the instruments offered now."""

from __future__ import annotations

import copy

from tests.surveys.test_loader import VALID, problems_of, write
from youthvoice.paths import resource_dir
from youthvoice.surveys import loader

WHY = 2  # VALID's text item, in its first section


def marked(*places: tuple[int, int]) -> dict:
    data = copy.deepcopy(VALID)
    for section, item in places:
        data["sections"][section]["items"][item]["remember"] = True
    return data


def test_one_text_answer_may_be_remembered(tmp_path):
    assert problems_of(tmp_path, marked((0, WHY))) == []


def test_only_one_answer_in_an_instrument_is_remembered(tmp_path):
    data = marked((0, WHY))
    data["sections"][1]["items"].append(
        {"id": "words", "type": "text", "text": "Yours?", "max_length": 9, "remember": True}
    )
    assert problems_of(tmp_path, data) == [
        "sections[1].items[1].remember: only one item in an instrument can be remembered"
    ]


def test_only_the_young_persons_own_words_are_remembered(tmp_path):
    assert problems_of(tmp_path, marked((0, 0))) == [
        "sections[0].items[0].remember: only a text item (the young person's own words)"
    ]


def test_remember_is_a_yes_or_no(tmp_path):
    data = copy.deepcopy(VALID)
    data["sections"][0]["items"][WHY]["remember"] = "goal"
    assert problems_of(tmp_path, data) == [
        "sections[0].items[2].remember: 'goal' is not of type 'boolean'"
    ]


def test_an_earlier_version_is_read_without_the_rule(tmp_path):
    path = write(tmp_path, marked((0, 0), (0, WHY)))
    assert loader.load(path, archived=True)[1] == []


def test_the_goal_and_the_named_change_are_given_back():
    for name, item_id in (("hope-and-goals", "goal_now"), ("where-im-at", "change_words")):
        instrument, problems = loader.load(resource_dir("surveys") / f"{name}.yaml")
        assert problems == []
        remembered = [
            item["id"]
            for section in instrument.data["sections"]
            for item in section["items"]
            if item.get("remember")
        ]
        assert remembered == [item_id]
