"""Forgotten PIN: advocate asks, an admin approves, a 24-hour code, and the youth is told."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.conftest import csrf_token_from, make_settings
from tests.web.staff_helpers import make_staff, sign_in
from tests.web.youth_helpers import PIN, enrol_youth, redeem, youth_sign_in
from youthvoice import audit, create_app
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, Invite, RecoveryRequest

NEW_PIN = "580264"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post(client, path, form_page, **fields):
    return client.post(path, data={"csrf_token": csrf_token_from(client, form_page), **fields})


def youth_with_account(app, name="river30"):
    enrolled = enrol_youth(app, "Luz")
    redeem(app.test_client(), enrolled.code, name)
    return enrolled


def ask_for_reset(app, enrolled):
    advocate = app.test_client()
    sign_in(advocate, enrolled.advocate)
    post(advocate, f"/advocate/youth/{enrolled.youth_id}/recovery", "/advocate/")
    with app.app_context():
        request_id = db.session.scalar(select(RecoveryRequest.id))
    return advocate, request_id


def code_from(response) -> str:
    return re.search(
        r'class="invite-code"[^>]*>([A-Z0-9-]+)<', response.get_data(as_text=True)
    ).group(1)


def test_no_code_without_an_admin_approving(app):
    enrolled = youth_with_account(app)
    advocate, request_id = ask_for_reset(app, enrolled)
    assert "waiting for an admin to approve it" in text(advocate.get("/advocate/"))
    refused = post(advocate, f"/advocate/recovery/{request_id}/code", "/advocate/")
    assert refused.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Invite).where(Invite.purpose == "recovery")) is None


def test_an_admin_cannot_approve_a_reset_they_asked_for(app):
    admin_login = make_staff(app, "admin", "solo-admin@example.org")
    enrolled = enrol_youth(app, "Luz", advocate=admin_login)
    redeem(app.test_client(), enrolled.code, "river31")
    admin, request_id = ask_for_reset(app, enrolled)
    assert "Another admin must approve a reset you asked for." in text(admin.get("/admin/"))
    refused = post(admin, f"/admin/recovery/{request_id}/approve", "/admin/")
    assert refused.status_code == 403


def test_approved_reset_new_pin_and_the_youth_sees_who_and_when(app):
    enrolled = youth_with_account(app, "river32")
    for _ in range(2):
        youth_sign_in(app.test_client(), "river32", "000001")
    advocate, request_id = ask_for_reset(app, enrolled)
    admin = app.test_client()
    sign_in(admin, make_staff(app, "admin", "alex@example.org"))
    post(admin, f"/admin/recovery/{request_id}/approve", "/admin/")
    shown = post(advocate, f"/advocate/recovery/{request_id}/code", "/advocate/")
    code = code_from(shown)

    youth = app.test_client()
    assert post(youth, "/recover", "/recover", code=code).headers["Location"] == "/recover/choose"
    done = post(youth, "/recover/choose", "/recover/choose", secret=NEW_PIN, secret_again=NEW_PIN)
    assert done.headers["Location"] == "/youth/"
    assert youth.get("/youth/").headers["Location"] == "/youth/account-notice"
    notice = text(youth.get("/youth/account-notice"))
    assert "Asked for by Maria." in notice
    assert "Approved by Maria." in notice  # make_staff names everyone Maria
    assert "someone tried to sign in with a wrong PIN 2 times" in notice
    post(youth, "/youth/account-notice", "/youth/account-notice")
    assert youth.get("/youth/").headers["Location"] == "/youth/welcome"  # data and state kept

    assert "not right" in text(youth_sign_in(app.test_client(), "river32", PIN))
    assert youth_sign_in(app.test_client(), "river32", NEW_PIN).status_code == 303
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.event_type == "account.recovered")
        )
        assert (event.actor_kind, event.actor_id) == ("staff", enrolled.advocate.id)
        assert audit.read_details(event)["approved_by"] is not None


def test_a_one_person_program_may_skip_approval_and_the_audit_says_so(tmp_path, database_url):
    app = create_app(make_settings(tmp_path / "solo", database_url, recovery_needs_admin=0))
    enrolled = youth_with_account(app, "river33")
    advocate, request_id = ask_for_reset(app, enrolled)
    code = code_from(post(advocate, f"/advocate/recovery/{request_id}/code", "/advocate/"))
    youth = app.test_client()
    post(youth, "/recover", "/recover", code=code)
    post(youth, "/recover/choose", "/recover/choose", secret=NEW_PIN, secret_again=NEW_PIN)
    assert "No second person approved it" in text(youth.get("/youth/account-notice"))
    with app.app_context():
        approved = db.session.scalar(
            select(AuditEvent).where(AuditEvent.event_type == "recovery.approved")
        )
        assert audit.read_details(approved)["approval"] == "skipped: one-person program setting"
        db.engine.dispose()


def test_a_reset_code_expires_after_24_hours_and_works_only_for_resets(app):
    enrolled = youth_with_account(app, "river34")
    advocate, request_id = ask_for_reset(app, enrolled)
    admin = app.test_client()
    sign_in(admin, make_staff(app, "admin", "alex2@example.org"))
    post(admin, f"/admin/recovery/{request_id}/approve", "/admin/")
    code = code_from(post(advocate, f"/advocate/recovery/{request_id}/code", "/advocate/"))
    assert "does not work" in text(post(app.test_client(), "/invite", "/invite", code=code))
    with app.app_context():
        invite = db.session.scalar(select(Invite).where(Invite.purpose == "recovery"))
        assert invite.expires_at.replace(tzinfo=UTC) - datetime.now(UTC) <= timedelta(hours=24)
        invite.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    assert "does not work" in text(post(app.test_client(), "/recover", "/recover", code=code))
    assert "does not work" in text(
        post(app.test_client(), "/recover", "/recover", code=enrolled.code)
    )
