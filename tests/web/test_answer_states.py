"""Four answer states, kept apart from the question page to the staff view and the files:
answered, skipped by choice ("Skip" or "Prefer not to say"), "doesn't apply", and not
reached (a break, sending before the end, or a follow-up an earlier answer did not show).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from flask import Flask

from tests.conftest import make_settings
from tests.web.staff_helpers import sign_in
from tests.web.test_sharing import make_staff_on_team, share
from tests.web.youth_helpers import ready_youth
from youthvoice import create_app
from youthvoice.extensions import db

SCHOOL = {
    "id": "school-states",
    "version": 1,
    "title": "School this week",
    "intro": "A few questions about school.",
    "minutes": 1,
    "rhythm": "weekly",
    "recall": "week",
    "group": "daily_life",
    "domains": ["education"],
    "sections": [
        {
            "id": "main",
            "items": [
                {"id": "mood", "type": "scale_0_10", "text": "How is school going?",
                 "low_label": "Badly", "high_label": "Well", "prefer_not_to_say": True},
                {"id": "help", "type": "yes_no", "text": "Do you want help with school?"},
                {"id": "help_kind", "type": "text", "text": "What help?", "max_length": 100,
                 "show_if": {"item": "help", "in": ["yes"]}},
                {"id": "days", "type": "number", "text": "This week, how many days did you go?",
                 "min": 0, "max": 7, "not_applicable": "I'm not in school right now"},
                {"id": "teacher", "type": "scale_0_10", "text": "Do you like your teacher?",
                 "low_label": "Not at all", "high_label": "A lot"},
                {"id": "grades", "type": "yes_no", "text": "Are your grades OK?",
                 "prefer_not_to_say": True},
                {"id": "plans", "type": "yes_no", "text": "Do you have plans for next year?"},
            ],
        }
    ],
    "scoring": {
        "scales": [
            {"id": "school_going", "domain": "education", "method": "mean",
             "items": ["mood", "days", "teacher"], "min_answered": 1},
        ]
    },
}  # fmt: skip


@pytest.fixture
def app(tmp_path: Path, database_url: str):
    surveys = tmp_path / "surveys"
    surveys.mkdir()
    (surveys / "school-states.yaml").write_text(yaml.safe_dump(SCHOOL))
    settings = make_settings(tmp_path / "instance", database_url, surveys_dir=str(surveys))
    app = create_app(settings)
    yield app
    with app.app_context():
        db.engine.dispose()


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def token(client) -> str:
    page = client.get("/youth/settings").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post(client, path: str, **fields):
    return client.post(path, data={"csrf_token": token(client), **fields})


def answered_in_every_state(app: Flask):
    """Answered (1, 2), not shown (3), doesn't apply (4), skipped (5), a break then
    prefer not to say (6), and sent before reaching the last question (7)."""
    client, youth_id = ready_youth(app)
    base = post(client, "/youth/check-ins", instrument="school-states").headers["Location"]
    post(client, f"{base}/q/1", action="save", answer="7")
    post(client, f"{base}/q/2", action="save", answer="no")
    post(client, f"{base}/q/4", action="save", special="not_applicable")
    post(client, f"{base}/q/5", action="skip")
    post(client, f"{base}/q/6", action="break")
    return client, youth_id, base


def test_a_break_is_not_a_skip_and_resume_returns_to_the_question(app):
    client, _, base = answered_in_every_state(app)
    again = post(client, "/youth/check-ins", instrument="school-states")
    assert again.headers["Location"] == f"{base}/q/6"  # back where the break was taken
    review = text(client.get(f"{base}/review"))
    assert review.count("Not answered yet") == 2  # 6 (the break) and 7, never "Skipped"
    assert review.count("Skipped") == 1  # only 5


def test_the_review_names_each_state(app):
    client, _, base = answered_in_every_state(app)
    post(client, f"{base}/q/6", action="save", answer="prefer_not_to_say")
    rows = dict(
        re.findall(
            r'summary__key">(.*?)</dt>\s*<dd class="summary__value">(.*?)</dd>',
            text(client.get(f"{base}/review")),
            re.S,
        )
    )
    shown = {question: re.sub(r"<[^>]+>", "", answer).strip() for question, answer in rows.items()}
    assert shown == {
        "How is school going?": "7 out of 10",
        "Do you want help with school?": "No",
        "This week, how many days did you go?": "I'm not in school right now",
        "Do you like your teacher?": "Skipped",
        "Are your grades OK?": "Prefer not to say",
        "Do you have plans for next year?": "Not answered yet",
    }  # the follow-up "What help?" was never shown, so it is not listed


def test_doesnt_apply_is_neither_a_skip_nor_a_score(app):
    client, _, base = answered_in_every_state(app)
    post(client, f"{base}/submit")
    data = json.loads(post(client, "/youth/my-data/download", format="json").data)
    (check_in,) = data["check_ins"]
    states = {answer["item"]: answer["state"] for answer in check_in["answers"]}
    assert states == {
        "mood": "answered",
        "help": "answered",
        "help_kind": "not_reached",
        "days": "not_applicable",
        "teacher": "skipped",
        "grades": "not_reached",
        "plans": "not_reached",
    }
    # The mean of the one real answer: "doesn't apply" and the skip are not zeros.
    assert check_in["scores"] == [
        {"scale": "school_going", "domain": "education", "topic": "School", "value": 7.0}
    ]  # fmt: skip


def test_fhir_keeps_doesnt_apply_and_skips_and_leaves_out_what_was_not_reached(app):
    client, _, base = answered_in_every_state(app)
    post(client, f"{base}/q/6", action="save", answer="prefer_not_to_say")
    post(client, f"{base}/submit")
    data = json.loads(post(client, "/youth/my-data/download", format="json").data)
    items = {item["linkId"]: item for item in data["check_ins"][0]["fhir"]["item"][0]["item"]}
    assert set(items) == {"mood", "help", "days", "teacher", "grades"}  # not 3 nor 7
    assert items["days"]["answer"][0]["valueCoding"]["code"] == "not_applicable"
    assert "answer" not in items["teacher"]
    assert items["teacher"]["extension"][0]["valueCode"] == "skipped"
    assert items["grades"]["answer"][0]["valueCoding"]["code"] == "prefer_not_to_say"


def test_staff_see_skipped_doesnt_apply_and_not_asked_never_not_answered(app):
    client, youth_id, base = answered_in_every_state(app)
    post(client, f"{base}/submit")
    staff = make_staff_on_team(app, youth_id)
    share(client, "instrument", what="school-states", detail="answers", to=staff.id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    rows = dict(
        re.findall(r'summary__key">(.*?)</dt><dd class="summary__value">(.*?)</dd>', page, re.S)
    )
    assert rows["What help?"] == "Not asked"  # a follow-up never shown
    assert rows["This week, how many days did you go?"] == "I'm not in school right now"
    assert rows["Do you like your teacher?"] == "Skipped"
    assert rows["Are your grades OK?"] == "Not asked"  # the break, then sent
    assert "Not answered" not in page
