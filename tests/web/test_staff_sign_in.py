"""Staff sign-in: password then TOTP, enumeration-safe, throttled across processes, revocable."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from tests.conftest import make_settings
from tests.support.raw_storage import found_in_storage
from tests.web.staff_helpers import make_staff, sign_in, submit_code, submit_password
from youthvoice import create_app
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, AuthSession, StaffUser
from youthvoice.services import sessions, staff_accounts, throttle

WRONG = "The email address or password is not right."


@pytest.fixture
def advocate(app):
    return make_staff(app, "advocate")


def page(response) -> str:
    return response.get_data(as_text=True)


def test_password_and_code_sign_an_advocate_in(client, advocate, app):
    response = sign_in(client, advocate)
    assert response.status_code == 303
    assert response.headers["Location"] == "/advocate/"
    home = client.get("/advocate/")
    assert home.status_code == 200
    assert "<h1>Advocates</h1>" in page(home)
    assert "Sign out" in page(home)
    with app.app_context():
        types = db.session.scalars(select(AuditEvent.event_type)).all()
    assert "staff.signed_in" in types


def test_first_sign_in_shows_the_authenticator_set_up_once(client, advocate):
    submit_password(client, advocate.email, advocate.password)
    first = page(client.get("/staff/sign-in/code"))
    assert "set up your authenticator app" in first
    assert advocate.totp_secret in first
    assert "<svg" in first
    submit_code(client, advocate.code())
    client.post("/sign-out", data={"csrf_token": _token(client, "/advocate/")})
    submit_password(client, advocate.email, advocate.password)
    again = page(client.get("/staff/sign-in/code"))
    assert advocate.totp_secret not in again


def _token(client, path):
    from tests.conftest import csrf_token_from

    return csrf_token_from(client, path)


def test_wrong_password_says_so_without_saying_which(client, advocate):
    response = submit_password(client, advocate.email, "not the password")
    body = page(response)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert WRONG in body
    assert "<title>Error: Staff sign-in" in body
    assert client.get("/advocate/").status_code == 302


def test_unknown_email_gets_the_same_answer_and_the_same_hashing_work(
    client, advocate, monkeypatch
):
    calls = []
    original = PasswordHasher.verify
    monkeypatch.setattr(
        PasswordHasher, "verify", lambda self, *args: calls.append(1) or original(self, *args)
    )
    known = page(submit_password(client, advocate.email, "not the password"))
    calls_for_known = len(calls)
    unknown = page(submit_password(client, "nobody@example.org", "not the password"))
    assert calls_for_known == 1
    assert len(calls) - calls_for_known == 1  # a hash was checked for the unknown account too
    assert WRONG in known
    assert WRONG in unknown


def test_wrong_code_is_refused(client, advocate):
    submit_password(client, advocate.email, advocate.password)
    response = submit_code(client, "000000" if advocate.code() != "000000" else "111111")
    assert "That code is not right, or was already used." in page(response)
    assert client.get("/advocate/").status_code == 302


def test_a_code_one_step_away_is_accepted(client, advocate):
    submit_password(client, advocate.email, advocate.password)
    assert submit_code(client, advocate.code(-1)).status_code == 303


def test_a_used_code_cannot_be_used_again(app, advocate):
    first, second = app.test_client(), app.test_client()
    code = advocate.code()
    assert sign_in(first, advocate, code).status_code == 303
    replay = sign_in(second, advocate, code)
    assert replay.status_code == 200
    assert "already used" in page(replay)


def test_six_failures_in_a_minute_mean_a_wait(client, advocate):
    for _ in range(5):
        assert submit_password(client, advocate.email, "wrong").status_code == 200
    locked = submit_password(client, advocate.email, "wrong")
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) >= 29
    assert "Please wait a moment" in page(locked)
    # Even the right password waits until the time is up.
    assert submit_password(client, advocate.email, advocate.password).status_code == 429


def _password_counters(email: str, address: str = "10.0.0.9") -> throttle.Counters:
    identity = staff_accounts.sign_in_identity(staff_accounts.email_hash(email))
    return throttle.counters_for("staff-password", throttle.Source(address), identity)


def _fail_in_another_process(settings, email: str, numbers: list[int], start: datetime) -> None:
    app = create_app(settings)
    with app.app_context():
        for number in numbers:
            throttle.failed(_password_counters(email), now=start + timedelta(minutes=5 * number))
        db.engine.dispose()


def test_the_wait_doubles_and_is_shared_by_every_app_process(app, settings, advocate):
    """Failures recorded by another worker process count here, and the wait doubles."""
    start = datetime.now(UTC)
    other = multiprocessing.get_context("spawn").Process(
        target=_fail_in_another_process, args=(settings, advocate.email, [0, 1, 2, 3, 4, 5], start)
    )
    other.start()
    other.join(timeout=120)
    assert other.exitcode == 0
    waits = []
    with app.app_context():
        counters = _password_counters(advocate.email)
        moment = start + timedelta(minutes=25)
        waits.append(throttle.seconds_to_wait(counters, now=moment))
        for number in (6, 7):
            moment = start + timedelta(minutes=5 * number)
            waits.append(throttle.failed(counters, now=moment))
    # Failures 5 minutes apart never trip the per-minute rule; the account's wait doubles.
    assert waits == [30, 60, 120]


def test_a_different_address_is_throttled_separately_but_the_account_is_not(app, advocate):
    with app.app_context():
        here = throttle.counters_for("staff-password", throttle.Source("10.0.0.1"))
        there = throttle.counters_for("staff-password", throttle.Source("10.0.0.2"))
        for _ in range(throttle.ADDRESS_FREE_FAILURES + 1):
            throttle.failed(here)
        assert throttle.seconds_to_wait(here) >= 1
        assert throttle.seconds_to_wait(there) == 0
        assert throttle.seconds_to_wait(_password_counters(advocate.email, "10.0.0.2")) == 0


def test_sign_out_everywhere_ends_every_session(app, advocate):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, advocate, advocate.code(-1))
    sign_in(laptop, advocate, advocate.code())
    with app.app_context():
        assert sessions.revoke_all("staff", advocate.id) == 2
        db.session.commit()
    assert phone.get("/advocate/").status_code == 302
    assert laptop.get("/advocate/").status_code == 302


def test_an_idle_session_times_out(app, client, advocate):
    sign_in(client, advocate)
    with app.app_context():
        record = db.session.scalars(select(AuthSession)).one()
        record.last_seen_at = datetime.now(UTC) - timedelta(minutes=31)
        db.session.commit()
    assert client.get("/advocate/").status_code == 302


def test_roles_reach_only_their_own_areas(app):
    people = {
        role: make_staff(app, role, f"{role}@example.org")
        for role in ("advocate", "program_staff", "admin")
    }
    allowed = {
        "advocate": {"/advocate/"},
        "program_staff": {"/reports/"},
        "admin": {"/advocate/", "/reports/", "/admin/"},
    }
    for role, login in people.items():
        client = app.test_client()
        sign_in(client, login)
        for path in ("/advocate/", "/reports/", "/admin/"):
            expected = 200 if path in allowed[role] else 403
            assert client.get(path).status_code == expected, (role, path)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for path in ("/advocate/", "/reports/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == "/staff/sign-in"


def test_staff_email_and_name_are_not_readable_in_the_database(app):
    make_staff(app, "advocate", "quintanilla.oyelaran@example.org")
    with app.app_context():
        assert found_in_storage(["quintanilla.oyelaran@example.org", "quintanilla"]) == []


def test_a_deactivated_staff_member_is_signed_out_at_once(app, client, advocate):
    sign_in(client, advocate)
    assert client.get("/advocate/").status_code == 200
    with app.app_context():
        db.session.get(StaffUser, advocate.id).active = False
        db.session.commit()
    assert client.get("/advocate/").status_code == 302
    assert submit_password(app.test_client(), advocate.email, advocate.password).status_code == 200


def test_a_password_hashed_with_old_parameters_is_rehashed_at_sign_in(tmp_path, database_url):
    weak = create_app(make_settings(tmp_path / "weak", database_url, argon2_time_cost=1))
    login = make_staff(weak, "advocate", "rehash@example.org")
    stronger = create_app(make_settings(tmp_path / "strong", database_url, argon2_time_cost=2))
    assert submit_password(stronger.test_client(), login.email, login.password).status_code == 303
    with stronger.app_context():
        assert ",t=2," in db.session.get(StaffUser, login.id).password_hash
        db.engine.dispose()
