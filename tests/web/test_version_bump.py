"""A version bump end to end: a check-in answered with version 1 stays the youth's after
version 2 replaces it. Sent, it lists, shows its own questions, keeps its score, reaches
staff it is shared with and downloads with its version; a draft offers to start again
with the new questions or to finish the earlier ones."""

from __future__ import annotations

import copy
import html
import json
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token_from, make_settings
from tests.surveys.test_loader import VALID, write
from tests.web.staff_helpers import sign_in
from tests.web.test_sharing import make_staff_on_team
from tests.web.youth_helpers import ready_youth, save, start_check_in, youth_sign_in
from youthvoice import create_app
from youthvoice.extensions import db
from youthvoice.surveys import loader
from youthvoice.surveys.catalogue import archived_file

OLD_QUESTION = VALID["sections"][0]["items"][0]["text"]  # "I can find a way."
NEW_QUESTION = "I know how to get what I need."
SIGN_IN_NAME = "luz-bump"


def version_2() -> dict:
    data = copy.deepcopy(VALID)
    data["version"] = 2
    data["sections"][0]["items"][0]["text"] = NEW_QUESTION
    return data


def lock(folder) -> None:
    instruments = loader.load_all(loader.instrument_files(folder)).instruments
    loader.lock_versions(instruments, loader.versions_file(folder))


def bump(folder) -> None:
    """What docs/surveys.md says: archive the released file, then change it and lock."""
    archived_file("sample", 1, folder).parent.mkdir()
    archived_file("sample", 1, folder).write_text((folder / "sample.yaml").read_text())
    write(folder, version_2())
    lock(folder)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def token(client: FlaskClient) -> str:
    return csrf_token_from(client, "/youth/settings")


@dataclass
class AfterBump:
    app: Flask
    youth: FlaskClient
    youth_id: str
    sent: str  # /youth/check-ins/<id> of the version 1 check-in sent before the bump
    draft: str  # … and of the version 1 draft left part done


@pytest.fixture
def after_bump(tmp_path, database_url):
    folder = tmp_path / "surveys"
    folder.mkdir()
    write(folder, VALID)
    lock(folder)
    settings = make_settings(tmp_path / "instance", database_url, surveys_dir=str(folder))
    before = create_app(settings)
    youth, youth_id = ready_youth(before, "Luz", sign_in_name=SIGN_IN_NAME)
    sent = start_check_in(youth, "sample")
    save(youth, f"{sent}/q/1", answer="3")
    save(youth, f"{sent}/q/2", answer="2")
    youth.post(f"{sent}/submit", data={"csrf_token": token(youth)})
    draft = start_check_in(youth, "sample")
    save(youth, f"{draft}/q/1", answer="1")
    with before.app_context():
        db.engine.dispose()

    bump(folder)
    after = create_app(settings)
    youth = after.test_client()
    youth_sign_in(youth, SIGN_IN_NAME)
    yield AfterBump(after, youth, youth_id, sent, draft)
    with after.app_context():
        db.engine.dispose()


def test_a_sent_check_in_of_the_earlier_version_lists_and_shows_its_own_questions(
    after_bump,
):
    youth, sent = after_bump.youth, after_bump.sent
    assert f"{sent}/answers" in text(youth.get("/youth/check-ins"))
    page = text(youth.get(f"{sent}/answers"))
    assert OLD_QUESTION in page
    assert NEW_QUESTION not in page
    assert "Very true" in page


def test_a_sent_check_in_of_the_earlier_version_downloads_with_its_version_and_score(
    after_bump,
):
    youth = after_bump.youth
    response = youth.post(
        "/youth/my-data/download",
        data={"csrf_token": csrf_token_from(youth, "/youth/my-data"), "format": "json"},
    )
    assert response.status_code == 200
    (check_in,) = json.loads(response.get_data())["check_ins"]
    assert check_in["id"] == after_bump.sent.rsplit("/", 1)[1]
    assert check_in["instrument"]["version"] == 1
    assert check_in["answers"][0]["question"] == OLD_QUESTION
    # hope_1 = 3, days = 2 reversed on 0…7 = 5: the score stored when it was sent.
    assert check_in["scores"] == [
        {"scale": "hope", "domain": "hope", "topic": check_in["scores"][0]["topic"], "value": 4.0}
    ]
    response = check_in["fhir"]
    assert response["questionnaire"].endswith("/Questionnaire/sample|1")
    assert response["item"][0]["item"][0]["text"] == OLD_QUESTION


def test_staff_it_is_shared_with_see_its_own_questions_and_its_score(after_bump):
    youth, app, youth_id = after_bump.youth, after_bump.app, after_bump.youth_id
    staff = make_staff_on_team(app, youth_id)
    shared = youth.post(
        "/youth/sharing/new/instrument",
        data={
            "csrf_token": token(youth),
            "what": "sample",
            "detail": "answers",
            "to": staff.id,
            "ends": "never",
            "when": "both",
        },
    )
    assert shared.status_code == 303, text(shared)
    advocate = app.test_client()
    sign_in(advocate, staff)
    page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert OLD_QUESTION in page
    assert "4 out of" in page  # the score stored when it was sent, with its range


def test_a_draft_of_the_earlier_version_offers_to_start_again(after_bump):
    youth, draft = after_bump.youth, after_bump.draft
    # The same draft, not a second one; and its intro first, not the next question.
    continued = youth.post(
        "/youth/check-ins", data={"csrf_token": token(youth), "instrument": "sample"}
    )
    assert continued.headers["Location"] == draft
    intro = text(youth.get(draft))
    assert "The questions changed since you started" in intro
    assert "Start again with the new questions" in intro
    assert "Finish the earlier questions" in intro


def test_starting_again_deletes_the_earlier_draft_and_starts_the_new_questions(after_bump):
    youth, draft = after_bump.youth, after_bump.draft
    chosen = youth.post(f"{draft}/restart", data={"csrf_token": token(youth), "choice": "new"})
    assert chosen.status_code == 303
    fresh = chosen.headers["Location"]
    assert fresh != draft
    assert youth.get(draft).status_code == 404
    assert "The questions changed" not in text(youth.get(fresh))
    assert NEW_QUESTION in text(youth.get(f"{fresh}/q/1"))
    assert start_check_in(youth, "sample") == fresh


def test_finishing_the_earlier_questions_keeps_the_draft_and_sends_version_1(after_bump):
    youth, draft = after_bump.youth, after_bump.draft
    chosen = youth.post(f"{draft}/restart", data={"csrf_token": token(youth), "choice": "earlier"})
    assert chosen.status_code == 303
    assert chosen.headers["Location"].startswith(f"{draft}/q/")
    first = text(youth.get(f"{draft}/q/1"))
    assert OLD_QUESTION in first
    assert 'value="1" id="answer-first" checked' in first  # the answer saved before
    youth.post(f"{draft}/submit", data={"csrf_token": token(youth)})
    page = text(youth.get(f"{draft}/answers"))
    assert OLD_QUESTION in page
    assert "Not true" in page
