"""A youth's first use: invite, choosing a sign-in, the welcome, assent, the statistics choice."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.web.staff_helpers import make_staff, sign_in
from tests.web.youth_helpers import PIN, enrol_youth, error_messages, redeem, youth_sign_in
from youthvoice.extensions import db
from youthvoice.models import AuthSession, Youth


def text(response) -> str:
    """The page as a reader sees it (entities such as &#39; turned back into characters)."""
    return html.unescape(response.get_data(as_text=True))


def youth_row(app, youth_id) -> Youth:
    with app.app_context():
        youth = db.session.get(Youth, youth_id)
        db.session.expunge(youth)
        return youth


def test_an_advocate_enrols_a_youth_and_gets_a_one_time_code(app):
    advocate = make_staff(app, "advocate")
    client = app.test_client()
    sign_in(client, advocate)
    form = text(client.get("/advocate/enrol"))
    program_id = re.search(r'<option value="(\d+)"', form)
    assert program_id is None  # the test organisation has no programs yet…
    response = client.post(
        "/advocate/enrol",
        data={
            "csrf_token": csrf_token_from(client, "/advocate/enrol"),
            "preferred_name": "Luz",
            "consent": "y",
            "consent_on": "2026-11-20",
        },
    )
    assert response.status_code == 200  # …so the program must be chosen: refused, not saved
    assert "There is a problem" in text(response)


def test_invite_to_home_with_assent_and_skipped_statistics(app):
    enrolled = enrol_youth(app, "Luz")
    youth = app.test_client()
    chosen = redeem(youth, enrolled.code, "river22")
    assert chosen.headers["Location"] == "/youth/backup-code"  # offered first, may be skipped
    assert 'href="/youth/welcome">Skip</a>' in text(youth.get("/youth/backup-code"))
    assert "Step 1 of 5" in text(youth.get("/youth/welcome"))
    assert "Staff can't see your answers unless you share them." in text(
        youth.get("/youth/welcome?step=privacy")
    )
    assert "history" in text(youth.get("/youth/welcome?step=safety"))
    assert youth.get("/youth/").headers["Location"] == "/youth/welcome"  # no assent yet
    agreed = youth.post(
        "/youth/welcome/agree",
        data={"csrf_token": csrf_token_from(youth, "/youth/welcome/agree"), "answer": "yes"},
    )
    assert agreed.headers["Location"] == "/youth/statistics"
    skipped = youth.post(
        "/youth/statistics", data={"csrf_token": csrf_token_from(youth, "/youth/statistics")}
    )
    assert skipped.headers["Location"] == "/youth/"
    home = text(youth.get("/youth/"))
    assert "Hi, Luz" in home
    row = youth_row(app, enrolled.youth_id)
    assert row.assent_at is not None
    assert row.assent_version == "2026-11"
    assert row.statistics_consent is False
    assert row.statistics_decided_at is not None


def post_form(client, path, **fields):
    return client.post(path, data={"csrf_token": csrf_token_from(client, path), **fields})


def test_statistics_choice_can_be_changed_any_time(app):
    enrolled = enrol_youth(app)
    youth = app.test_client()
    redeem(youth, enrolled.code, "lake77")
    post_form(youth, "/youth/welcome/agree", answer="yes")
    post_form(youth, "/youth/statistics", counted="yes")
    assert youth_row(app, enrolled.youth_id).statistics_consent is True
    page = text(youth.get("/youth/statistics"))
    assert re.search(r'<input checked[^>]*value="yes"', page)
    post_form(youth, "/youth/statistics", counted="no")
    assert youth_row(app, enrolled.youth_id).statistics_consent is False


def test_not_now_records_nothing(app):
    enrolled = enrol_youth(app)
    youth = app.test_client()
    redeem(youth, enrolled.code, "lake88")
    declined = youth.post(
        "/youth/welcome/agree",
        data={"csrf_token": csrf_token_from(youth, "/youth/welcome/agree"), "answer": "no"},
    )
    assert declined.headers["Location"] == "/youth/welcome/not-now"
    assert youth_row(app, enrolled.youth_id).assent_at is None


@pytest.mark.parametrize(
    ("secret", "again", "message"),
    [
        ("123456", "123456", "Numbers in order are easy to guess."),
        ("250309", "250309", "That PIN looks like a date"),
        ("4938", "4938", "Use at least 6 numbers"),
        ("493817", "493818", "The two don't match."),
    ],
)
def test_choosing_an_easy_pin_is_refused_with_a_reason(app, secret, again, message):
    enrolled = enrol_youth(app)
    response = redeem(app.test_client(), enrolled.code, "river23", secret, again)
    assert response.status_code == 200
    assert message in text(response)
    assert youth_row(app, enrolled.youth_id).secret_hash is None


def test_a_taken_sign_in_name_is_refused_in_the_words_used_for_an_easy_one(app):
    first, second = enrol_youth(app, "A"), enrol_youth(app, "B")
    redeem(app.test_client(), first.code, "River24")
    taken = redeem(app.test_client(), second.code, "river24")
    easy = redeem(app.test_client(), second.code, "rio")
    assert error_messages(text(taken)) == error_messages(text(easy))
    assert "too easy to guess, or it is taken" in text(taken)
    assert youth_row(app, second.youth_id).sign_in_name_hash is None


def test_a_used_invite_code_does_not_work_again(app):
    enrolled = enrol_youth(app)
    redeem(app.test_client(), enrolled.code, "river25")
    client = app.test_client()
    again = client.post(
        "/invite", data={"csrf_token": csrf_token_from(client, "/invite"), "code": enrolled.code}
    )
    assert again.status_code == 200
    assert "That invite code does not work." in text(again)


def test_youth_sign_in_and_wrong_pin(app):
    enrolled = enrol_youth(app)
    redeem(app.test_client(), enrolled.code, "river26")
    client = app.test_client()
    wrong = youth_sign_in(client, "river26", "000000")
    assert "The sign-in name or PIN is not right." in text(wrong)
    unknown = youth_sign_in(client, "nobody-here", PIN)
    assert "The sign-in name or PIN is not right." in text(unknown)
    right = youth_sign_in(client, "RIVER26", PIN)
    assert right.headers["Location"] == "/youth/"


def test_shared_device_sign_in_times_out_sooner(app):
    enrolled = enrol_youth(app)
    redeem(app.test_client(), enrolled.code, "river27")
    youth_sign_in(app.test_client(), "river27", PIN, shared=True)
    with app.app_context():
        sessions = db.session.scalars(
            select(AuthSession)
            .where(AuthSession.user_kind == "youth")
            .order_by(AuthSession.created_at)
        ).all()
        assert [record.shared_device for record in sessions] == [False, True]


def test_a_youth_cannot_reach_staff_pages_and_staff_cannot_reach_youth_pages(app):
    enrolled = enrol_youth(app)
    youth = app.test_client()
    redeem(youth, enrolled.code, "river28")
    for path in ("/advocate/", "/advocate/enrol", "/reports/", "/admin/"):
        assert youth.get(path).status_code == 403, path
    staff = app.test_client()
    sign_in(staff, make_staff(app, "admin", "boss@example.org"))
    for path in ("/youth/", "/youth/welcome", "/youth/statistics"):
        assert staff.get(path).status_code == 403, path


def test_the_advocate_sees_the_youth_they_enrolled_and_the_look_is_audited(app):
    enrolled = enrol_youth(app, "Luz")
    client = app.test_client()
    sign_in(client, enrolled.advocate)
    page = text(client.get("/advocate/"))
    assert "Luz" in page
    assert "has not used their invite yet" in page
    from youthvoice.models import AuditEvent

    with app.app_context():
        reads = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "youth_data.read")
        ).all()
        assert [(event.actor_id, event.subject_id) for event in reads] == [
            (enrolled.advocate.id, enrolled.youth_id)
        ]
