"""The shipped instrument library: all there, plain enough to read, sensitive where it must be."""

from __future__ import annotations

import json
import re

import pytest
import textstat
from fhir.resources.R4B.questionnaire import Questionnaire

from youthvoice.surveys import fhir, loader
from youthvoice.surveys.domains import OUTCOME_DOMAINS
from youthvoice.surveys.extract import strings_of
from youthvoice.surveys.scoring import score_instrument

SHIPPED = [
    "quick-check-in",
    "hope-and-goals",
    "in-charge",
    "belonging",
    "help-and-trust",
    "about-me",
    "where-im-at",
    "staying-safe",
    "what-i-know",
    "substances",
    "school-and-work",
    "home-this-month",
    "health-and-care",
    "about-me-identity",
    "money-and-papers",
]
WHOLLY_SENSITIVE = {"what-i-know", "substances"}
# Words that mark an item as one that could hurt a young person if the wrong person saw it.
SENSITIVE_WORDS = re.compile(
    r"\b(drugs?|alcohol|weed|drink|sex|sexual|birth control|pregnan\w*|condoms?|gender|pronouns?|"
    r"without permission|pressur\w*|forc\w*|danger\w*|unhealthy|hurt\w*|parent or expecting)\b",
    re.IGNORECASE,
)
MAX_GRADE = 7.0


def shipped() -> dict[str, loader.Instrument]:
    report = loader.load_all(loader.instrument_files())
    assert report.problems == []
    return {instrument.id: instrument for instrument in report.instruments}


def test_all_fifteen_instruments_ship():
    assert sorted(SHIPPED) == sorted(set(shipped()) & set(SHIPPED))


def test_every_recommendation_two_outcome_is_scored_by_a_shipped_instrument():
    scored = {scale["domain"] for instrument in shipped().values() for scale in instrument.scales}
    assert set(OUTCOME_DOMAINS) - scored == set()


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_reading_level_is_grade_seven_or_lower(instrument_id):
    text = ". ".join(strings_of(shipped()[instrument_id].data))
    grades = (textstat.flesch_kincaid_grade(text), textstat.coleman_liau_index(text))
    assert max(grades) <= MAX_GRADE, grades


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_items_that_could_hurt_if_seen_are_marked_sensitive(instrument_id):
    data = shipped()[instrument_id].data
    unmarked = []
    for section in data["sections"]:
        for item in section["items"]:
            words = " ".join(strings_of(item))
            must = instrument_id in WHOLLY_SENSITIVE or SENSITIVE_WORDS.search(words)
            if must and not item.get("sensitive"):
                unmarked.append(item["id"])
            if item.get("sensitive") and not section.get("sensitive"):
                unmarked.append(f"{item['id']} (its section is not sensitive)")
    assert unmarked == []


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_no_instrument_invents_published_figures_or_labels_people(instrument_id):
    data = shipped()[instrument_id].data
    for scale in data.get("scoring", {}).get("scales", []):
        assert "reliability" not in scale
        assert "sd" not in scale
    text = " ".join(strings_of(data)).lower()
    for word in ("csec", "victim", "at-risk", "at risk", "prostitut", "trafficked"):
        assert word not in text


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_every_scale_scores_a_full_set_of_answers(instrument_id):
    data = shipped()[instrument_id].data
    items = shipped()[instrument_id].items()
    answers = {}
    for item_id, item in items.items():
        codes = loader.answer_codes(item)
        answers[item_id] = sorted(codes)[0] if codes else str(item.get("min", 0))
    for score in score_instrument(data, answers).values():
        assert score.enough


@pytest.mark.parametrize("instrument_id", SHIPPED)
def test_every_shipped_instrument_round_trips_through_fhir(instrument_id):
    data = shipped()[instrument_id].data
    resource = fhir.to_questionnaire(data)
    Questionnaire.model_validate(resource)
    assert json.loads(json.dumps(fhir.from_questionnaire(resource), sort_keys=True)) == json.loads(
        json.dumps(data, sort_keys=True)
    )


def test_by_default_the_most_frequent_check_ins_come_first_never_file_order():
    from youthvoice.surveys.catalogue import default_order, load_catalogue

    catalogue, problems = load_catalogue()
    assert problems == []
    order = default_order(catalogue)
    assert order[:2] == ("quick-check-in", "school-and-work")  # the weekly ones
    rhythms = [catalogue[each].data["rhythm"] for each in order]
    assert rhythms == sorted(
        rhythms, key=["weekly", "monthly", "quarterly", "once", "on_request"].index
    )
    assert order[-2:] == ("about-me-identity", "what-i-know")  # once, then on request
