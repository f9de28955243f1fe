"""Forgotten PIN: advocate asks, an admin approves, a 24-hour code, and the youth is told."""

from __future__ import annotations

import html
import re
import secrets
from datetime import UTC, datetime, timedelta

from flask_babel import format_datetime
from sqlalchemy import select

from tests.conftest import csrf_token_from, make_settings
from tests.web.staff_helpers import PASSWORD, StaffLogin, make_staff, sign_in
from tests.web.youth_helpers import PIN, enrol_youth, redeem, youth_sign_in
from youthvoice import audit, create_app
from youthvoice.extensions import db
from youthvoice.models import (
    AuditEvent,
    AuthSession,
    Invite,
    Organisation,
    RecoveryRequest,
    StaffUser,
    Youth,
)
from youthvoice.services import staff_accounts, youth_accounts
from youthvoice.web.youth.access_log_routes import WHEN_FORMAT

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
    assert done.headers["Location"] == "/youth/account-notice"
    notice = text(youth.get("/youth/account-notice"))
    assert "Asked for by Maria on " in notice
    assert "Approved by Maria on " in notice  # make_staff names everyone Maria
    assert "someone tried to sign in with a wrong PIN 2 times" in notice
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


# A reset cannot hide itself --------------------------------------------------------------

ANOTHER_PIN = "830571"


def staff_called(app, role: str, name: str) -> StaffLogin:
    email = f"{name.lower()}-{secrets.token_hex(3)}@example.org"
    with app.app_context():
        organisation = db.session.query(Organisation).first() or Organisation(name="Test org")
        staff, secret = staff_accounts.create_staff(organisation, role, email, name, PASSWORD)
        db.session.commit()
        return StaffLogin(staff.id, email, PASSWORD, secret)


def agreed_youth(app, name: str, advocate: StaffLogin):
    """A youth who chose a sign-in and agreed, on `advocate`'s care team."""
    enrolled = enrol_youth(app, "Luz", advocate=advocate)
    client = app.test_client()
    redeem(client, enrolled.code, name)
    post(client, "/youth/welcome/agree", "/youth/welcome/agree", answer="yes")
    return enrolled


def approved_reset(app, enrolled, approver: StaffLogin):
    """The care-team advocate asks, `approver` approves: the advocate's client and the code."""
    advocate, request_id = ask_for_reset(app, enrolled)
    admin = app.test_client()
    sign_in(admin, approver)
    post(admin, f"/admin/recovery/{request_id}/approve", "/admin/")
    code = code_from(post(advocate, f"/advocate/recovery/{request_id}/code", "/advocate/"))
    return advocate, request_id, code


def reset_pin(app, code: str, pin: str = NEW_PIN):
    """Use the code and choose a PIN: the client is in the session the reset started."""
    client = app.test_client()
    assert post(client, "/recover", "/recover", code=code).status_code == 303
    done = post(client, "/recover/choose", "/recover/choose", secret=pin, secret_again=pin)
    assert done.status_code == 303, text(done)
    return client


def dismiss(client):
    """Press "OK, I've seen this" (the token comes from Settings: the reset session's notice
    page has no such button, but an attacker can still send the request)."""
    return post(client, "/youth/account-notice", "/youth/settings")


def notice_dismissed(app) -> bool:
    with app.app_context():
        return db.session.scalar(select(RecoveryRequest.shown_to_youth_at)) is not None


def first_used_as_shown(app) -> str:
    with app.app_context():
        session_hash = db.session.scalar(select(RecoveryRequest.reset_session_hash))
        started = db.session.get(AuthSession, session_hash).created_at.replace(tzinfo=UTC)
    with app.test_request_context():
        return format_datetime(started, WHEN_FORMAT)


def test_reset_notice_names_who_asked_who_approved_and_when_the_new_pin_was_first_used(app):
    ana = staff_called(app, "advocate", "Ana")
    enrolled = agreed_youth(app, "river40", ana)
    _, _, code = approved_reset(app, enrolled, staff_called(app, "admin", "Bruno"))
    reset_session = reset_pin(app, code)

    notice = text(reset_session.get("/youth/account-notice"))
    assert "Asked for by Ana on " in notice
    assert "Approved by Bruno on " in notice
    used = first_used_as_shown(app)
    assert f"the new PIN first used on {used}." in notice


def test_reset_notice_cannot_be_dismissed_by_the_reset_session(app):
    enrolled = agreed_youth(app, "river41", staff_called(app, "advocate", "Ana"))
    _, _, code = approved_reset(app, enrolled, staff_called(app, "admin", "Bruno"))
    reset_session = reset_pin(app, code)

    notice = text(reset_session.get("/youth/account-notice"))
    assert "OK, I've seen this" not in notice
    assert "stays until you sign in again later" in notice
    refused = dismiss(reset_session)
    assert refused.status_code == 403
    assert "Your PIN was reset" in text(refused)
    assert not notice_dismissed(app)
    home = reset_session.get("/youth/")  # usable, and the reset still shows there
    assert home.status_code == 200
    assert "Your PIN was reset." in text(home)

    # A new session made on the same device by changing the PIN is still the reset's.
    changed = post(
        reset_session,
        "/youth/settings/pin",
        "/youth/settings/pin",
        current=NEW_PIN,
        secret=ANOTHER_PIN,
        secret_again=ANOTHER_PIN,
    )
    assert changed.status_code == 303
    assert dismiss(reset_session).status_code == 403
    assert not notice_dismissed(app)


def test_reset_notice_shows_at_every_later_sign_in_until_dismissed_from_one(app):
    enrolled = agreed_youth(app, "river42", staff_called(app, "advocate", "Ana"))
    _, _, code = approved_reset(app, enrolled, staff_called(app, "admin", "Bruno"))
    reset_session = reset_pin(app, code)
    dismiss(reset_session)  # refused: whoever used the code cannot hide it

    for _ in range(2):  # not dismissed: every sign-in, every visit home, goes to it
        later = app.test_client()
        assert youth_sign_in(later, "river42", NEW_PIN).status_code == 303
        assert later.get("/youth/").headers["Location"] == "/youth/account-notice"
        assert later.get("/youth/").headers["Location"] == "/youth/account-notice"
        assert "OK, I've seen this" in text(later.get("/youth/account-notice"))

    dismissed = dismiss(later)
    assert dismissed.headers["Location"] == "/youth/"
    assert notice_dismissed(app)
    assert later.get("/youth/").status_code == 200
    assert "Your PIN was reset." not in text(reset_session.get("/youth/"))


def test_reloading_the_code_page_gives_no_second_working_code(app):
    enrolled = agreed_youth(app, "river43", staff_called(app, "advocate", "Ana"))
    advocate, request_id, code = approved_reset(app, enrolled, make_staff(app, "admin"))

    again = post(advocate, f"/advocate/recovery/{request_id}/code", "/advocate/")
    assert again.status_code == 409
    assert "The code was already shown. If it was lost, ask for a new reset." in text(again)
    assert 'class="invite-code"' not in text(again)
    with app.app_context():
        live = db.session.scalars(
            select(Invite).where(Invite.purpose == "recovery", Invite.used_at.is_(None))
        ).all()
        assert len(live) == 1
    reset_pin(app, code)  # the one code shown works


def test_asking_again_after_the_code_was_shown_voids_that_code(app):
    enrolled = agreed_youth(app, "river44", staff_called(app, "advocate", "Ana"))
    advocate, request_id, lost = approved_reset(app, enrolled, make_staff(app, "admin"))
    post(advocate, f"/advocate/youth/{enrolled.youth_id}/recovery", "/advocate/")

    refused = post(app.test_client(), "/recover", "/recover", code=lost)
    assert refused.status_code == 200
    assert "That code does not work." in text(refused)
    with app.app_context():
        requests = db.session.scalars(select(RecoveryRequest)).all()
        assert len(requests) == 2
        new = next(item for item in requests if item.id != request_id)
        assert new.approved_at is None  # a new code needs a new approval


def test_a_code_voided_while_the_youth_chooses_a_pin_sets_no_pin(app):
    enrolled = agreed_youth(app, "river45", staff_called(app, "advocate", "Ana"))
    advocate, _, code = approved_reset(app, enrolled, make_staff(app, "admin"))
    youth = app.test_client()
    post(youth, "/recover", "/recover", code=code)
    token = csrf_token_from(youth, "/recover/choose")
    post(advocate, f"/advocate/youth/{enrolled.youth_id}/recovery", "/advocate/")

    late = youth.post(
        "/recover/choose",
        data={"csrf_token": token, "secret": NEW_PIN, "secret_again": NEW_PIN},
    )
    assert late.headers["Location"] == "/recover"  # back to typing a code
    assert youth.get("/recover").status_code == 200
    assert youth_sign_in(app.test_client(), "river45", PIN).status_code == 303  # PIN unchanged


def test_a_code_used_again_after_the_reset_gets_the_friendly_page_not_a_500(app):
    enrolled = agreed_youth(app, "river46", staff_called(app, "advocate", "Ana"))
    _, _, code = approved_reset(app, enrolled, make_staff(app, "admin"))
    with app.app_context():  # a second live code for the same reset, as reloads used to make
        youth = db.session.get(Youth, enrolled.youth_id)
        staff = db.session.get(StaffUser, enrolled.advocate.id)
        stray = youth_accounts.issue_invite(youth, staff, "recovery")
        db.session.commit()
    reset_pin(app, code)

    for old in (code, stray):
        client = app.test_client()
        first = post(client, "/recover", "/recover", code=old)
        if first.status_code == 303:  # the stray code passes the first step…
            first = post(client, "/recover/choose", "/recover/choose", secret=PIN, secret_again=PIN)
        assert first.status_code == 200  # …and is refused at the second, kindly
        assert "That code does not work." in text(first)
    assert youth_sign_in(app.test_client(), "river46", NEW_PIN).status_code == 303


def test_the_reset_session_cannot_make_or_turn_off_the_youths_backup_code(app):
    enrolled = enrol_youth(app, "Luz", advocate=staff_called(app, "advocate", "Ana"))
    youth = app.test_client()
    redeem(youth, enrolled.code, "river47")
    made = post(youth, "/youth/backup-code", "/youth/backup-code")
    backup = code_from(made)
    _, _, code = approved_reset(app, enrolled, make_staff(app, "admin"))
    reset_session = reset_pin(app, code)

    for path in ("/youth/backup-code", "/youth/backup-code/off"):
        refused = post(reset_session, path, "/youth/settings")
        assert refused.status_code == 403
        assert 'class="invite-code"' not in text(refused)
        assert "Sign in again later" in text(refused)
    with app.app_context():
        made_or_off = db.session.scalars(
            select(AuditEvent.event_type).where(AuditEvent.event_type.like("youth.backup_code%"))
        ).all()
        assert made_or_off == ["youth.backup_code_made"]  # the youth's own, before the reset

    # The youth's own code still gets them back in, and ends the reset's session.
    client = app.test_client()
    post(client, "/sign-in/backup-code", "/sign-in/backup-code", name="river47", code=backup)
    page = "/sign-in/backup-code/new-pin"
    assert post(client, page, page, secret=PIN, secret_again=PIN).status_code == 303
    assert reset_session.get("/youth/").headers["Location"] == "/sign-in"
