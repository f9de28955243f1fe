"""Download my data: a JSON file and a PDF of what the youth sent, private answers only
when asked for, FHIR QuestionnaireResponses that validate, and a PDF engine that reads
nothing outside the document."""

from __future__ import annotations

import html
import json
import urllib.request

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.web.youth_helpers import ready_youth, save, start_check_in
from youthvoice import audit
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, CareTeamMember
from youthvoice.services import export
from youthvoice.surveys.fhir import EXTENSION_BASE, FHIR_BASE

TYPED = '<img src="file:///etc/passwd"> A bus pass'


def token(client) -> str:
    return csrf_token_from(client, "/youth/my-data")


def submit(client, base: str) -> None:
    sent = client.post(f"{base}/submit", data={"csrf_token": token(client)})
    assert sent.status_code == 303, sent.get_data(as_text=True)


OWN_WORDS = "Smoke less on school days"


def sending_check_ins(app):
    """A youth who sent a quick check-in, a where-I'm-at with a private section answered
    and an alcohol-and-drugs check-in, and who has a draft."""
    client, youth_id = ready_youth(app, "Luz")
    quick = start_check_in(client, "quick-check-in")
    save(client, f"{quick}/q/1", answer="7")
    save(client, f"{quick}/q/3", answer="2")
    save(client, f"{quick}/q/4", answer="prefer_not_to_say")
    save(client, f"{quick}/q/6", answer=["food", "other"])
    save(client, f"{quick}/q/7", answer=TYPED)
    submit(client, quick)

    where = start_check_in(client, "where-im-at")
    save(client, f"{where}/section/1", action="yes")
    save(client, f"{where}/q/1", answer="substances")
    save(client, f"{where}/q/2", answer=OWN_WORDS)
    save(client, f"{where}/q/3", answer="stop")
    save(client, f"{where}/q/4", answer="thinking")
    save(client, f"{where}/q/5", answer="6")
    save(client, f"{where}/q/6", answer="4")
    submit(client, where)

    substances = start_check_in(client, "substances")
    save(client, f"{substances}/section/1", action="yes")
    save(client, f"{substances}/q/1", answer="1")
    submit(client, substances)

    draft = start_check_in(client, "hope-and-goals")
    save(client, f"{draft}/q/1", answer="3")
    return client, youth_id


def download(client, file_format: str, sensitive: bool = False):
    data = {"csrf_token": token(client), "format": file_format}
    if sensitive:
        data["sensitive"] = "yes"
    return client.post("/youth/my-data/download", data=data)


def by_instrument(collected: dict) -> dict[str, dict]:
    return {check_in["instrument"]["id"]: check_in for check_in in collected["check_ins"]}


def answers_of(check_in: dict) -> dict[str, dict]:
    return {answer["item"]: answer for answer in check_in["answers"]}


def test_the_page_warns_first_and_private_answers_are_off_by_default(app):
    client, _ = ready_youth(app)
    page = client.get("/youth/my-data").get_data(as_text=True)
    assert "Anyone who uses this device may be able to open it." in page
    assert "Include private answers (like answers about being hurt or using drugs)" in page
    checkbox = page[page.index('id="sensitive"') - 80 : page.index('id="sensitive"') + 80]
    assert "checked" not in checkbox
    assert 'value="pdf"' in page
    assert 'value="json"' in page
    assert '<form method="post"' in page


def test_the_json_file_has_sent_answers_with_codes_and_words_but_no_private_ones(app):
    client, _ = sending_check_ins(app)
    response = download(client, "json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="check-in.json"'
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Cache-Control"] == "no-store"
    raw = response.get_data(as_text=True)
    collected = json.loads(raw)
    assert raw.startswith("{\n  ")  # pretty-printed
    assert collected["preferred_name"] == "Luz"
    assert collected["private_answers_included"] is False

    sent = by_instrument(collected)
    # The draft is never in the file; a check-in of only private questions is left out whole.
    assert set(sent) == {"quick-check-in", "where-im-at"}
    assert "hope-and-goals" not in raw
    assert "Alcohol and drugs" not in raw

    quick = answers_of(sent["quick-check-in"])
    assert quick["doing_today"]["code"] == "7"
    assert quick["doing_today"]["answer"] == "7 out of 10"
    assert quick["safe_today"] == {
        "item": "safe_today",
        "question": "How safe do you feel today?",
        "state": "answered",
        "code": "2",
        "answer": "Mostly safe",
        "private": False,
    }
    assert quick["hope_today"]["answer"] == "Prefer not to say"
    assert quick["need_now"]["code"] == ["food", "other"]
    assert quick["need_now"]["answer"] == "Food, Something else"
    assert quick["need_other"]["answer"] == TYPED
    assert quick["calm_today"]["state"] == "not_reached"
    assert quick["calm_today"]["answer"] is None
    assert sent["quick-check-in"]["instrument"]["version"] == 3
    topics = {score["scale"]: score["topic"] for score in sent["quick-check-in"]["scores"]}
    assert topics["safe_today"] == "Being safe"  # in the young person's words

    where = answers_of(sent["where-im-at"])
    assert where["change_stage"]["code"] == "thinking"
    assert where["change_direction"]["code"] == "stop"
    # What the change is about, and its own words, are private.
    assert "change_area" not in where
    assert "change_words" not in where
    scales = {score["scale"] for score in sent["where-im-at"]["scores"]}
    assert scales == {"change_stage", "change_importance", "change_confidence"}
    assert "Using alcohol or drugs" not in raw
    assert OWN_WORDS not in raw
    assert "private_sections" not in sent["where-im-at"]


def test_private_answers_are_in_the_file_only_when_ticked(app):
    client, _ = sending_check_ins(app)
    collected = json.loads(download(client, "json", sensitive=True).get_data(as_text=True))
    assert collected["private_answers_included"] is True
    sent = by_instrument(collected)
    assert set(sent) == {"quick-check-in", "where-im-at", "substances"}
    where = answers_of(sent["where-im-at"])
    assert where["change_area"]["code"] == "substances"
    assert where["change_area"]["answer"] == "Using alcohol or drugs"
    assert where["change_area"]["private"] is True
    assert where["change_words"]["answer"] == OWN_WORDS
    scales = {score["scale"] for score in sent["where-im-at"]["scores"]}
    assert scales == {"change_stage", "change_importance", "change_confidence"}
    assert answers_of(sent["substances"])["use_alcohol"]["answer"] == "Once or twice"


@pytest.mark.parametrize("sensitive", [False, True])
def test_every_check_in_carries_a_valid_fhir_questionnaire_response(app, sensitive):
    client, _ = sending_check_ins(app)
    collected = json.loads(download(client, "json", sensitive).get_data(as_text=True))
    for check_in in collected["check_ins"]:
        resource = check_in["fhir"]
        parsed = QuestionnaireResponse.model_validate(resource)  # raises on anything invalid
        assert parsed.status == "completed"
        instrument = check_in["instrument"]
        assert resource["questionnaire"] == (
            f"{FHIR_BASE}Questionnaire/{instrument['id']}|{instrument['version']}"
        )
        answered = {item["linkId"] for group in resource["item"] for item in group["item"]}
        reached = {a["item"] for a in check_in["answers"] if a["state"] != "not_reached"}
        assert answered == reached

    quick = {
        item["linkId"]: item["answer"]
        for group in by_instrument(collected)["quick-check-in"]["fhir"]["item"]
        for item in group["item"]
    }
    assert quick["doing_today"] == [{"valueInteger": 7}]
    assert quick["safe_today"] == [{"valueCoding": {"code": "2", "display": "Mostly safe"}}]
    assert quick["hope_today"][0]["valueCoding"]["code"] == "prefer_not_to_say"
    assert quick["hope_today"][0]["valueCoding"]["system"].startswith(EXTENSION_BASE)
    assert [answer["valueCoding"]["code"] for answer in quick["need_now"]] == ["food", "other"]
    assert quick["need_other"] == [{"valueString": TYPED}]


def test_the_pdf_is_named_neutrally_and_holds_the_answers_as_text(app, monkeypatch):
    client, _ = sending_check_ins(app)
    given, fetched = [], []
    render = export.render_pdf
    monkeypatch.setattr(export, "render_pdf", lambda html: given.append(html) or render(html))
    monkeypatch.setattr(export, "refusing_fetcher", fetched.append)
    response = download(client, "pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="check-in.pdf"'
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.get_data().startswith(b"%PDF")
    assert fetched == []  # the document asks for nothing outside itself
    page = given[0]
    assert "Mostly safe" in page
    assert "7 out of 10" in page
    assert "Private answers, like answers about being hurt or using drugs, are not in" in page
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; A bus pass" in page  # text, not markup
    assert "<img" not in page
    assert "<link" not in page
    assert "Using alcohol or drugs" not in page

    monkeypatch.setattr(export, "render_pdf", lambda html: given.append(html) or b"%PDF")
    download(client, "pdf", sensitive=True)
    assert "This file includes your private answers." in given[1]
    assert "Using alcohol or drugs" in html.unescape(given[1])
    assert OWN_WORDS in html.unescape(given[1])


def test_the_pdf_engine_reads_no_file_and_no_network(monkeypatch):
    asked, refused = [], []
    refuse = export.refusing_fetcher

    def recording(url):
        asked.append(url)
        try:
            return refuse(url)
        except export.URLRefused:
            refused.append(url)
            raise

    def no_opening(*args, **kwargs):
        raise AssertionError("WeasyPrint opened a URL")

    monkeypatch.setattr(export, "refusing_fetcher", recording)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_opening)
    dot = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    pdf = export.render_pdf(
        '<html><head><link rel="stylesheet" href="http://example.com/x.css"></head><body>'
        f'<p>Hello</p><img src="file:///etc/passwd"><img src="{dot}"></body></html>'
    )
    assert pdf.startswith(b"%PDF")
    assert refused == ["http://example.com/x.css", "file:///etc/passwd"]
    assert asked == [*refused, dot]  # a data: URL is inside the document: allowed
    with pytest.raises(export.URLRefused):
        refuse("FILE:///etc/passwd")
    with pytest.raises(export.URLRefused):
        refuse("https://example.com/")


def test_the_shares_the_youth_made_are_in_the_file(app):
    client, youth_id = sending_check_ins(app)
    with app.app_context():
        advocate_id = db.session.scalar(
            select(CareTeamMember.staff_id).where(CareTeamMember.youth_id == youth_id)
        )
    shared = client.post(
        "/youth/sharing/new/instrument",
        data={
            "csrf_token": token(client),
            "what": "quick-check-in",
            "detail": "scores",
            "to": advocate_id,
            "when": "both",
            "ends": "never",
        },
    )
    assert shared.status_code == 303
    collected = json.loads(download(client, "json").get_data(as_text=True))
    [share] = collected["shares"]
    assert share["scope"] == "instrument"
    assert share["ref"] == "quick-check-in"
    assert share["in_force"] is True
    assert "can see your “Quick check-in” scores, from all your check-ins" in share["summary"]
    assert share["with"][0] in share["summary"]


def test_each_download_is_audited_with_its_format_and_choice(app):
    client, youth_id = sending_check_ins(app)
    download(client, "json")
    download(client, "pdf", sensitive=True)
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.event_type == "youth.data_downloaded")
            .order_by(AuditEvent.seq)
        ).all()
        assert [(event.actor_kind, event.actor_id, event.subject_id) for event in events] == [
            ("youth", youth_id, youth_id),
            ("youth", youth_id, youth_id),
        ]
        assert [audit.read_details(event) for event in events] == [
            {"format": "json", "sensitive": False},
            {"format": "pdf", "sensitive": True},
        ]


def test_a_format_that_does_not_exist_or_a_missing_token_is_refused(app):
    client, _ = ready_youth(app)
    assert download(client, "docx").status_code == 400
    no_token = client.post("/youth/my-data/download", data={"format": "json"})
    assert no_token.status_code == 400
    assert client.get("/youth/my-data/download").status_code == 405  # never a link


def test_signed_out_visitors_are_sent_to_sign_in_and_a_youth_gets_only_their_own(app):
    sending_check_ins(app)
    visitor = app.test_client()
    page = visitor.get("/youth/my-data")
    assert page.status_code == 302
    assert page.headers["Location"] == "/sign-in"
    posted = visitor.post(
        "/youth/my-data/download",
        data={"csrf_token": csrf_token_from(visitor, "/sign-in"), "format": "json"},
    )
    assert posted.status_code == 302
    assert posted.headers["Location"] == "/sign-in"

    other, _ = ready_youth(app, "Bea")
    theirs = json.loads(download(other, "json", sensitive=True).get_data(as_text=True))
    assert theirs["preferred_name"] == "Bea"
    assert theirs["check_ins"] == []
    assert "Mostly safe" not in json.dumps(theirs)
