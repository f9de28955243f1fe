"""Instrument validation: schema and semantic rules, each with the exact one-line message."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from youthvoice.surveys import loader

VALID = {
    "id": "sample",
    "version": 1,
    "title": "Sample",
    "intro": "A few questions.",
    "minutes": 2,
    "rhythm": "monthly",
    "recall": "month",
    "group": "feelings",
    "domains": ["hope"],
    "sections": [
        {
            "id": "main",
            "items": [
                {
                    "id": "hope_1",
                    "type": "single_choice",
                    "text": "I can find a way.",
                    "options": [
                        {"code": "1", "label": "Not true"},
                        {"code": "2", "label": "A bit true"},
                        {"code": "3", "label": "Very true"},
                    ],
                    "prefer_not_to_say": True,
                },
                {"id": "days", "type": "number", "text": "Days?", "min": 0, "max": 7},
                {
                    "id": "why",
                    "type": "text",
                    "text": "Why?",
                    "max_length": 200,
                    "show_if": {"item": "hope_1", "in": ["1"]},
                },
            ],
        },
        {
            "id": "private",
            "sensitive": True,
            "opt_in": "Do you want to answer questions about this?",
            "items": [{"id": "safe", "type": "yes_no", "text": "Safe today?", "sensitive": True}],
        },
    ],
    "scoring": {
        "scales": [
            {
                "id": "hope",
                "domain": "hope",
                "method": "mean",
                "items": ["hope_1", "days"],
                "reverse": ["days"],
                "min_answered": 1,
            }
        ]
    },
}


def write(tmp_path: Path, data: dict, name: str = "sample.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def problems_of(tmp_path: Path, data: dict) -> list[str]:
    _instrument, problems = loader.load(write(tmp_path, data))
    return [problem.split(": ", 1)[1] for problem in problems]  # drop the file name


def broken(change) -> dict:
    data = copy.deepcopy(VALID)
    change(data)
    return data


def test_a_valid_instrument_loads(tmp_path):
    instrument, problems = loader.load(write(tmp_path, VALID))
    assert problems == []
    assert instrument.id == "sample"
    assert len(instrument.content_hash) == 64
    assert list(instrument.items()) == ["hope_1", "days", "why", "safe"]


def test_an_instrument_answers_questions_about_itself_by_position(tmp_path):
    instrument, _problems = loader.load(write(tmp_path, VALID))
    assert [scale["id"] for scale in instrument.scales] == ["hope"]
    assert [position.item["id"] for position in instrument.positions] == list(instrument.items())
    fourth = instrument.position(4)
    assert (fourth.number, fourth.section_number, fourth.item["id"]) == (4, 2, "safe")
    assert fourth.section is instrument.section(2)
    assert instrument.position(0) is None  # positions are 1-based, as in URLs
    assert instrument.position(5) is None
    assert instrument.sensitive_items == {"safe"}
    assert instrument.sensitive_scales == set()
    assert instrument.positions is instrument.positions  # worked out once


def test_an_instrument_without_scoring_has_no_scales(tmp_path):
    unscored = copy.deepcopy(VALID)
    del unscored["scoring"]
    instrument, problems = loader.load(write(tmp_path, unscored))
    assert problems == []
    assert instrument.scales == []
    assert instrument.sensitive_scales == set()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("title"), "(top): 'title' is missing"),
        (lambda d: d.update(colour="red"), "(top): unknown field ('colour' was unexpected)"),
        (lambda d: d.update(version=0), "version: 0 is less than the minimum of 1"),
        (
            lambda d: d["sections"][0]["items"][0].update(type="slider"),
            "sections[0].items[0].type: 'slider' is not one of ['single_choice', "
            "'multiple_choice', 'scale_0_10', 'stage_of_change', 'yes_no', 'number', "
            "'month_year', 'text']",
        ),
        (lambda d: d.update(domains=["hope", "luck"]), "domains[1]: unknown domain 'luck'"),
        (lambda d: d["sections"][1].update(id="main"), "sections[1].id: 'main' is used twice"),
        (
            lambda d: d["sections"][1].pop("opt_in"),
            "sections[1]: a sensitive section needs an opt_in question",
        ),
        (
            lambda d: d["sections"][1]["items"][0].update(id="days"),
            "sections[1].items[0].id: 'days' is used twice",
        ),
        (
            lambda d: d["sections"][0]["items"][0]["options"][1].update(code="1"),
            "sections[0].items[0].options[1].code: code '1' is used twice",
        ),
        (
            lambda d: (
                d["sections"][0]["items"][0]["options"][1].update(code="dont_know"),
                d["scoring"].pop("scales"),
            ),
            "sections[0].items[0].options[1].code: "
            "'dont_know' is reserved: use dont_know: true instead",
        ),
        (
            lambda d: d["sections"][0]["items"][1].pop("max"),
            "sections[0].items[1]: a number item needs min and max, with min not above max",
        ),
        (
            lambda d: d["sections"][0]["items"][2].pop("max_length"),
            "sections[0].items[2]: a text item needs max_length",
        ),
        (
            lambda d: d["sections"][0]["items"][2]["show_if"].update(item="safe"),
            "sections[0].items[2].show_if.item: 'safe' is not an earlier item",
        ),
        (
            lambda d: d["sections"][0]["items"][2]["show_if"].update({"in": ["9"]}),
            "sections[0].items[2].show_if.in[0]: '9' is not an answer of 'hope_1'",
        ),
        (
            lambda d: d["scoring"]["scales"][0]["items"].append("ghost"),
            "scoring.scales[0].items[2]: no item 'ghost'",
        ),
        (
            lambda d: d["scoring"]["scales"][0]["items"].append("why"),
            "scoring.scales[0].items[2]: 'why' cannot be scored",
        ),
        (
            lambda d: d["scoring"]["scales"][0].update(reverse=["safe"]),
            "scoring.scales[0].reverse[0]: 'safe' is not in the scale",
        ),
        (
            lambda d: d["scoring"]["scales"][0].update(min_answered=3),
            "scoring.scales[0].min_answered: is more than the scale's items",
        ),
        (
            lambda d: d["scoring"]["scales"][0].update(domain="vibes"),
            "scoring.scales[0].domain: unknown domain 'vibes'",
        ),
        (
            lambda d: d["sections"][0]["items"][0]["options"][0].update(exclusive=True),
            "sections[0].items[0].options[0].exclusive: "
            "only a multiple_choice answer can be exclusive",
        ),
        (
            lambda d: d["sections"][0]["items"][0].update(
                distress_at_or_below=1, support="feeling_low"
            ),
            "sections[0].items[0].distress_at_or_below: "
            "only a scale_0_10 or number item can have this",
        ),
        (
            lambda d: d["scoring"]["scales"][0].update(better="sideways"),
            "scoring.scales[0].better: 'sideways' is not one of ['higher', 'lower', 'neither']",
        ),
        (
            lambda d: d["sections"][0]["items"][0].update(happens="yes"),
            "sections[0].items[0].happens: 'yes' is not of type 'boolean'",
        ),
        (
            lambda d: (
                d.update(domains=["self_concept"]),
                d["scoring"]["scales"][0].update(domain="self_concept"),
                d["sections"][1].update(check_out=False),  # an identity section has none
                d["sections"][1]["items"][0].update(happens=True),
            ),
            "sections[1].items[0].happens: "
            "an identity item (in a self_concept instrument) is not something that happens",
        ),
        (
            lambda d: (
                d["scoring"]["scales"][0].update(domain="stage_of_change"),
                d["sections"][0]["items"][0].update(happens=True),
            ),
            "sections[0].items[0].happens: "
            "a readiness item (stage of change) is not something that happens",
        ),
        (
            lambda d: d["sections"][0]["items"][0]["options"][0].update(distress=True),
            "sections[0].items[0].options[0].distress: name the support kind (basic_needs, "
            "feeling_low, harm_now, pressured, safe_place_tonight, substances)",
        ),
        (
            lambda d: d["sections"][0]["items"][0]["options"][0].update(distress="sad"),
            "sections[0].items[0].options[0].distress: unknown support kind 'sad' (one of "
            "basic_needs, feeling_low, harm_now, pressured, safe_place_tonight, substances)",
        ),
        (
            lambda d: d["sections"][0]["items"][1].update(distress_at_or_below=0),
            "sections[0].items[1].support: name the support kind (basic_needs, "
            "feeling_low, harm_now, pressured, safe_place_tonight, substances)",
        ),
        (
            lambda d: d["sections"][0]["items"][1].update(support="feeling_low"),
            "sections[0].items[1].support: only an item with distress_at_or_below has this",
        ),
        (
            lambda d: d["sections"][0].update(check_out=False),
            "sections[0].check_out: only a sensitive section has a check-out",
        ),
        (
            lambda d: (
                d["sections"][1].update(check_out=False),
                d["sections"][1]["items"][0].update(
                    type="single_choice",
                    options=[
                        {"code": "0", "label": "No", "distress": "harm_now"},
                        {"code": "1", "label": "Yes"},
                    ],
                ),
            ),
            "sections[1].items[0]: a distress answer needs its section's check-out",
        ),
        (
            lambda d: (
                d.update(domains=["self_concept"]),
                d["scoring"]["scales"][0].update(domain="self_concept"),
            ),
            "sections[1]: an identity section gets no check-out: say check_out: false",
        ),
    ],
)
def test_each_rule_names_the_place_and_the_problem(tmp_path, change, message):
    assert problems_of(tmp_path, broken(change)) == [message]


def test_unreadable_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: sample\ntitle: [unclosed\n")
    _instrument, problems = loader.load(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: line 3: not readable YAML")


def test_a_broken_file_never_hides_the_others(tmp_path):
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, broken(lambda d: d.pop("title")), "b.yaml")
    write(tmp_path, broken(lambda d: d.update(id="other")), "c.yaml")
    write(tmp_path, VALID, "d.yaml")  # same id as a.yaml
    report = loader.load_all(loader.instrument_files(tmp_path))
    assert [instrument.id for instrument in report.instruments] == ["sample", "other"]
    assert report.problems == [
        f"{tmp_path / 'b.yaml'}: (top): 'title' is missing",
        f"{tmp_path / 'd.yaml'}: id: 'sample' is already used by {tmp_path / 'a.yaml'}",
    ]


def test_the_app_refuses_to_start_on_a_broken_instrument(tmp_path, database_url, capsys):
    from tests.conftest import make_settings
    from youthvoice import create_app

    write(tmp_path, broken(lambda d: d.pop("title")), "broken.yaml")
    settings = make_settings(tmp_path / "instance", database_url, surveys_dir=str(tmp_path))
    with pytest.raises(SystemExit):
        create_app(settings)
    assert capsys.readouterr().err.splitlines() == [
        f"YouthVoice cannot start: {tmp_path / 'broken.yaml'}: (top): 'title' is missing"
    ]


def test_surveys_check_command(tmp_path, runner):
    good = write(tmp_path, VALID, "good.yaml")
    bad = write(tmp_path, broken(lambda d: d.update(version=0)), "bad.yaml")
    result = runner.invoke(args=["surveys", "check", str(good)])
    assert result.exit_code == 0
    assert "ok: sample version 1 (4 items)" in result.output
    failed = runner.invoke(args=["surveys", "check", str(good), str(bad)])
    assert failed.exit_code == 1
    assert f"{bad}: version: 0 is less than the minimum of 1" in failed.output


STAGE_ITEMS = [
    {
        "id": "area",
        "type": "single_choice",
        "text": "What is the change about?",
        "options": [{"code": "school", "label": "School"}, {"code": "work", "label": "Work"}],
    },
    {
        "id": "way",
        "type": "single_choice",
        "text": "Which way?",
        "options": [{"code": "start", "label": "Start"}, {"code": "stop", "label": "Stop"}],
    },
    {"id": "words", "type": "text", "text": "In your words?", "max_length": 100},
    {
        "id": "stage",
        "type": "stage_of_change",
        "text": "Where are you with it?",
        "change": "area",
        "direction": "way",
        "own_words": "words",
    },
]


def with_stage(change=lambda item: None) -> dict:
    data = copy.deepcopy(VALID)
    items = copy.deepcopy(STAGE_ITEMS)
    change(items[3])
    data["sections"][0]["items"] += items
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(rhythm="weekly"),  # VALID looks back over a month
            "recall: 'month' looks back further than a weekly check-in",
        ),
        (
            lambda d: d.update(rhythm="monthly", recall="three_months"),
            "recall: 'three_months' looks back further than a monthly check-in",
        ),
        (
            lambda d: d["sections"][0]["items"][1].update(text="This week, how many days?"),
            "sections[0].items[1].text: says 'this week' but the recall window is 'month'",
        ),
        (
            lambda d: (
                d.update(recall="week", rhythm="weekly")
                or d["sections"][0]["items"][1].update(hint="In the last month.")
            ),
            "sections[0].items[1].hint: says 'last month' but the recall window is 'week'",
        ),
        (lambda d: d.pop("rhythm"), "rhythm: is missing"),
    ],
)
def test_the_recall_window_fits_the_rhythm_and_the_words(tmp_path, change, message):
    assert problems_of(tmp_path, broken(change)) == [message]


def test_a_rhythm_with_no_repeat_may_look_back_any_window(tmp_path):
    for rhythm in ("once", "on_request", "quarterly"):
        data = broken(lambda d, rhythm=rhythm: d.update(rhythm=rhythm, recall="three_months"))
        assert problems_of(tmp_path, data) == [], rhythm


def test_a_stage_item_names_its_change_and_direction(tmp_path):
    assert problems_of(tmp_path, with_stage()) == []
    assert problems_of(tmp_path, with_stage(lambda item: item.pop("direction"))) == [
        "sections[0].items[6]: a stage_of_change item needs direction: (an earlier item)"
    ]
    assert problems_of(tmp_path, with_stage(lambda item: item.pop("change"))) == [
        "sections[0].items[6]: a stage_of_change item needs change: (an earlier item)"
    ]
    assert problems_of(tmp_path, with_stage(lambda item: item.update(change="later"))) == [
        "sections[0].items[6].change: 'later' is not an earlier item"
    ]
    assert problems_of(tmp_path, with_stage(lambda item: item.update(direction="words"))) == [
        "sections[0].items[6].direction: 'words' must be a single_choice item"
    ]


def test_something_that_happens_may_be_over_but_not_a_readiness_answer(tmp_path):
    harm = broken(lambda d: d["sections"][1]["items"][0].update(happens=True))
    assert problems_of(tmp_path, harm) == []
    readiness = with_stage(lambda item: item.update(happens=True))
    assert problems_of(tmp_path, readiness) == [
        "sections[0].items[6].happens: "
        "a readiness item (stage of change) is not something that happens"
    ]


def test_surveys_check_rejects_over_now_on_an_identity_item(tmp_path, runner):
    who = broken(
        lambda d: (
            d.update(domains=["self_concept"]),
            d["scoring"]["scales"][0].update(domain="self_concept"),
            d["sections"][0]["items"][0].update(happens=True),
        )
    )
    bad = write(tmp_path, who, "who.yaml")
    failed = runner.invoke(args=["surveys", "check", str(bad)])
    assert failed.exit_code == 1
    assert f"{bad}: sections[0].items[0].happens: an identity item" in failed.output


def test_an_archived_version_is_read_without_the_rules_added_since(tmp_path):
    old = broken(lambda d: [d.pop(key) for key in ("rhythm", "recall", "group")])
    path = write(tmp_path, old)
    assert loader.load(path)[1] != []
    instrument, problems = loader.load(path, archived=True)
    assert problems == []
    assert instrument.version == 1


def test_surveys_check_rejects_a_recall_longer_than_the_rhythm(tmp_path, runner):
    bad = write(tmp_path, broken(lambda d: d.update(rhythm="weekly")), "weekly.yaml")
    failed = runner.invoke(args=["surveys", "check", str(bad)])
    assert failed.exit_code == 1
    assert f"{bad}: recall: 'month' looks back further than a weekly check-in" in failed.output


def test_an_earlier_version_may_mark_distress_without_naming_its_support(tmp_path):
    data = copy.deepcopy(VALID)
    data["sections"][0]["items"][0]["options"][0]["distress"] = True
    assert loader.load(write(tmp_path, data), archived=True)[1] == []


def test_surveys_check_rejects_a_distress_rule_without_a_support_kind(tmp_path, runner):
    data = copy.deepcopy(VALID)
    data["sections"][0]["items"][1]["distress_at_or_below"] = 0
    result = runner.invoke(args=["surveys", "check", str(write(tmp_path, data))])
    assert result.exit_code != 0
    assert "sample.yaml: sections[0].items[1].support: name the support kind" in result.output


def test_the_identity_sections_shipped_have_no_check_out():
    identity, problems = loader.load(loader.resource_dir("surveys") / "about-me-identity.yaml")
    assert problems == []
    sensitive = [section for section in identity.data["sections"] if section.get("sensitive")]
    assert sensitive
    assert all(section.get("check_out") is False for section in sensitive)
