"""Sign-in under attack: nothing tells who is enrolled, strangers cannot lock a young person
or a staff member out (device tokens, counters per action, GET never counts), the current-PIN
check is throttled, Argon2 work is capped, and wrong tries are shown to the young person."""

from __future__ import annotations

import dataclasses
import html
import re
import threading
import time

import pytest
import segno
from argon2 import PasswordHasher
from sqlalchemy import func, select

from tests.conftest import csrf_token_from
from tests.web.staff_helpers import make_staff, sign_in, submit_code, submit_password
from tests.web.youth_helpers import (
    PIN,
    enrol_youth,
    error_messages,
    ready_youth,
    redeem,
    youth_sign_in,
)
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, Invite, Organisation, Program, ThrottleState, Youth
from youthvoice.services import passwords, throttle, youth_accounts

STRANGER_ADDRESS = "203.0.113.7"
WRONG_YOUTH = "The sign-in name or PIN is not right."


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def stranger_client(app):
    """A browser somewhere else: another address, no cookies."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = STRANGER_ADDRESS
    return client


def youth_with_name(app, sign_in_name: str):
    """A young person who has signed in once on `phone` (which now carries a device token)."""
    enrolled = enrol_youth(app)
    redeem(app.test_client(), enrolled.code, sign_in_name)
    phone = app.test_client()
    assert youth_sign_in(phone, sign_in_name).status_code == 303
    phone.post("/sign-out", data={"csrf_token": csrf_token_from(phone, "/youth/settings")})
    return enrolled, phone


def lock_out(client, sign_in_name: str) -> None:
    for _ in range(throttle.ACCOUNT_FREE_FAILURES + 1):
        youth_sign_in(client, sign_in_name, "000000")
    assert youth_sign_in(client, sign_in_name, "000000").status_code == 429


class HashCalls:
    """Counts real Argon2 hashes and checks (the real functions still run)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hashes = self.checks = 0
        hash_, verify = PasswordHasher.hash, PasswordHasher.verify

        def counted_hash(hasher, *args, **kwargs):
            self.hashes += 1
            return hash_(hasher, *args, **kwargs)

        def counted_verify(hasher, *args, **kwargs):
            self.checks += 1
            return verify(hasher, *args, **kwargs)

        monkeypatch.setattr(PasswordHasher, "hash", counted_hash)
        monkeypatch.setattr(PasswordHasher, "verify", counted_verify)

    def during(self, action) -> tuple[int, int]:
        hashes, checks = self.hashes, self.checks
        action()
        return self.hashes - hashes, self.checks - checks


# 1. No way to tell who is enrolled


def test_unknown_and_known_names_cost_exactly_one_argon2_check_each(app, monkeypatch):
    youth_with_name(app, "known-name")
    calls = HashCalls(monkeypatch)
    client = app.test_client()
    youth_sign_in(client, "warm-up-name", "000000")  # the dummy hash is made once per process
    known = calls.during(lambda: youth_sign_in(client, "known-name", "000000"))
    unknown = [
        calls.during(lambda n=n: youth_sign_in(client, f"nobody-{n}", "000000")) for n in "ab"
    ]
    assert known == (0, 1)
    assert unknown == [(0, 1), (0, 1)]


def test_unknown_staff_email_costs_what_a_known_one_costs(app, monkeypatch):
    advocate = make_staff(app, "advocate", "dana@example.org")
    calls = HashCalls(monkeypatch)
    client = app.test_client()
    submit_password(client, "warm-up@example.org", "wrong password here")
    known = calls.during(lambda: submit_password(client, advocate.email, "wrong password here"))
    unknown = calls.during(lambda: submit_password(client, "x@example.org", "wrong password"))
    assert known == unknown == (0, 1)


def test_an_invite_cannot_be_used_to_test_many_names(app):
    redeem(app.test_client(), enrol_youth(app).code, "someone-real")
    enrolled = enrol_youth(app)
    prober = app.test_client()
    answers = set()
    for number in range(youth_accounts.NAME_TRIES_PER_INVITE - 1):
        name = "someone-real" if number % 2 else "abc"
        response = redeem(prober, enrolled.code, name)
        answers.add((response.status_code, *error_messages(text(response))))
    assert len(answers) == 1  # a taken name and an easy one read the same
    worn_out = redeem(prober, enrolled.code, "someone-real")
    assert worn_out.status_code == 200
    # The tenth refused name wore the invite out: it no longer opens the name form.
    assert prober.get("/invite/choose").headers["Location"] == "/invite"
    token = csrf_token_from(prober, "/invite")
    again = prober.post("/invite", data={"csrf_token": token, "code": enrolled.code})
    assert "That invite code does not work." in text(again)
    with app.app_context():
        refused = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.event_type == "invite.name_refused")
        )
        assert refused == youth_accounts.NAME_TRIES_PER_INVITE
        assert db.session.get(Youth, enrolled.youth_id).sign_in_name_hash is None


# 2. No lock-outs by strangers


def test_failures_from_elsewhere_never_lock_out_a_phone_that_signed_in_before(app):
    _enrolled, phone = youth_with_name(app, "luz-phone")
    stranger = stranger_client(app)
    lock_out(stranger, "luz-phone")
    assert youth_sign_in(stranger, "luz-phone", PIN).status_code == 429
    assert youth_sign_in(phone, "luz-phone", PIN).headers["Location"] == "/youth/"


def test_a_new_device_waits_while_the_account_is_locked(app):
    youth_with_name(app, "luz-new-phone")
    lock_out(stranger_client(app), "luz-new-phone")
    assert youth_sign_in(app.test_client(), "luz-new-phone", PIN).status_code == 429


def test_wrong_tries_on_a_trusted_phone_slow_down_that_phone(app):
    _enrolled, phone = youth_with_name(app, "luz-own-tries")
    lock_out(phone, "luz-own-tries")
    # Another device of the young person's is not locked by the phone's tries.
    assert youth_sign_in(app.test_client(), "luz-own-tries", PIN).status_code == 303


def test_a_forged_device_token_is_not_trusted(app):
    _enrolled, phone = youth_with_name(app, "luz-forged")
    stranger = stranger_client(app)
    nonce = phone.get_cookie("device").value.split(".")[0]
    stranger.set_cookie("device", f"{nonce}.{'0' * 32}")
    lock_out(stranger, "luz-forged")


def test_a_shared_device_sign_in_leaves_no_device_token(app):
    enrolled = enrol_youth(app)
    redeem(app.test_client(), enrolled.code, "luz-shared")
    library = app.test_client()
    assert youth_sign_in(library, "luz-shared", shared=True).status_code == 303
    assert library.get_cookie("device") is None


def test_a_staff_member_who_signed_in_before_is_not_locked_out_by_a_stranger(app):
    advocate = make_staff(app, "advocate", "lee@example.org")
    laptop = app.test_client()
    assert sign_in(laptop, advocate, advocate.code(-1)).status_code == 303
    laptop.post("/sign-out", data={"csrf_token": csrf_token_from(laptop, "/advocate/")})
    stranger = stranger_client(app)
    for _ in range(throttle.ACCOUNT_FREE_FAILURES + 1):
        submit_password(stranger, advocate.email, "not the password")
    assert submit_password(stranger, advocate.email, advocate.password).status_code == 429
    assert submit_password(app.test_client(), advocate.email, advocate.password).status_code == 429
    assert submit_password(laptop, advocate.email, advocate.password).status_code == 303
    assert submit_code(laptop, advocate.code()).status_code == 303


def test_wrong_invite_codes_from_one_address_do_not_stop_signing_in_there(app):
    youth_with_name(app, "shelter-wifi")
    advocate = make_staff(app, "advocate", "sam@example.org")
    neighbour = app.test_client()  # same address as everyone in these tests
    for number in range(throttle.ADDRESS_FREE_FAILURES + 1):
        token = csrf_token_from(neighbour, "/invite")
        neighbour.post("/invite", data={"csrf_token": token, "code": f"WRONG-{number}"})
    token = csrf_token_from(neighbour, "/invite")
    assert neighbour.post("/invite", data={"csrf_token": token, "code": "X"}).status_code == 429
    assert youth_sign_in(app.test_client(), "shelter-wifi", PIN).status_code == 303
    assert sign_in(app.test_client(), advocate).status_code == 303


def test_opening_invite_links_never_counts(app):
    enrolled = enrol_youth(app)
    browser = app.test_client()
    for number in range(40):
        assert browser.get("/invite", query_string={"code": f"WRONG-{number}"}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ThrottleState)) == 0
    assert redeem(browser, enrolled.code, "link-opener").status_code == 303


def test_an_address_wait_lasts_out_the_minute_and_never_doubles(app):
    with app.app_context():
        counters = throttle.counters_for("invite", throttle.Source("198.51.100.4"))
        waits = []
        for burst in range(3):
            start = throttle.datetime.now(throttle.UTC) + throttle.WINDOW * 2 * burst
            for failure in range(throttle.ADDRESS_FREE_FAILURES + 1):
                waits.append(throttle.failed(counters, now=start + failure * throttle.timedelta(0)))
        assert max(waits) == 60
        assert waits.count(60) == 3  # the 21st failure of each minute, the same wait each time


# 3. The current-PIN check on "Change PIN"


def test_the_current_pin_check_is_throttled_like_signing_in(app):
    client, youth_id = ready_youth(app)
    with app.app_context():
        before = db.session.get(Youth, youth_id).secret_hash
    answers = []
    for _ in range(throttle.ACCOUNT_FREE_FAILURES + 2):
        token = csrf_token_from(client, "/youth/settings/pin")
        data = {"csrf_token": token, "current": "000000", "secret": "592716"}
        answers.append(client.post("/youth/settings/pin", data=data | {"secret_again": "592716"}))
    assert [response.status_code for response in answers[:5]] == [200] * 5
    assert answers[-1].status_code == 429
    token = csrf_token_from(client, "/youth/settings/pin")
    right = {"csrf_token": token, "current": PIN, "secret": "592716", "secret_again": "592716"}
    assert client.post("/youth/settings/pin", data=right).status_code == 429
    with app.app_context():
        assert db.session.get(Youth, youth_id).secret_hash == before


def test_argon2_runs_at_most_the_configured_number_at_once(app, monkeypatch):
    one_at_a_time = dataclasses.replace(app.config["YOUTHVOICE_SETTINGS"], argon2_concurrency=1)
    monkeypatch.setitem(app.config, "YOUTHVOICE_SETTINGS", one_at_a_time)
    running, most = [0], [0]
    lock = threading.Lock()
    original = PasswordHasher.hash

    def slow_hash(hasher, *args, **kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        try:
            return original(hasher, *args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(PasswordHasher, "hash", slow_hash)

    def hash_in_app() -> None:
        with app.app_context():
            passwords.hash_secret("123987")

    workers = [threading.Thread(target=hash_in_app) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert most[0] == 1


def test_when_every_argon2_slot_stays_taken_the_page_asks_to_wait(app, monkeypatch):
    monkeypatch.setattr(passwords, "SLOT_WAIT_SECONDS", 0.05)
    youth_with_name(app, "busy-night")
    with app.app_context():
        passwords.verify_nothing("warm-up")  # makes the slots
        slots = app.extensions["youthvoice.argon2_slots"]
    taken = [slots.acquire(blocking=False) for _ in range(5)]
    try:
        response = youth_sign_in(app.test_client(), "busy-night", PIN)
    finally:
        for _ in filter(None, taken):
            slots.release()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "We are busy right now" in text(response)


# 5. Wrong tries are shown to the young person


def test_wrong_tries_while_signed_out_are_shown_until_seen(app):
    _enrolled, phone = youth_with_name(app, "luz-watch")
    stranger = stranger_client(app)
    for _ in range(3):
        assert WRONG_YOUTH in text(youth_sign_in(stranger, "luz-watch", "000000"))
    youth_sign_in(phone, "luz-watch")
    phone.post(
        "/youth/welcome/agree",
        data={"csrf_token": csrf_token_from(phone, "/youth/welcome/agree"), "answer": "yes"},
    )
    home = text(phone.get("/youth/"))
    assert "Someone typed a wrong PIN 3 times" in home
    who = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(phone.get("/youth/who-has-seen"))))
    assert "Someone (maybe you) typed a wrong PIN for your sign-in name" in who
    assert "3 times" in who
    token = csrf_token_from(phone, "/youth/")
    assert phone.post("/youth/wrong-tries/seen", data={"csrf_token": token}).status_code == 303
    assert "typed a wrong PIN" not in text(phone.get("/youth/"))
    assert "typed a wrong PIN for your sign-in name" in text(phone.get("/youth/who-has-seen"))
    youth_sign_in(stranger, "luz-watch", "111111")
    assert "Someone typed a wrong PIN 1 time" in text(phone.get("/youth/"))


def test_a_wrong_try_keeps_the_time_and_nothing_of_the_address(app):
    enrolled, _phone = youth_with_name(app, "luz-trail")
    youth_sign_in(stranger_client(app), "luz-trail", "000000")
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == youth_accounts.SIGN_IN_FAILED)
        ).all()
        assert [event.subject_id for event in events] == [enrolled.youth_id]
        assert events[0].details is None


# 9. Invite codes never travel in a URL the server sees


def test_the_qr_link_carries_the_code_after_the_hash(app):
    advocate = make_staff(app, "advocate", "qr@example.org")
    with app.app_context():
        program = Program(name="Drop-in", organisation=db.session.query(Organisation).first())
        db.session.add(program)
        db.session.commit()
        program_id = program.id
    client = app.test_client()
    sign_in(client, advocate)
    response = client.post(
        "/advocate/enrol",
        data={
            "csrf_token": csrf_token_from(client, "/advocate/enrol"),
            "preferred_name": "Luz",
            "consent": "y",
            "consent_on": "2026-11-20",
            "program": str(program_id),
        },
    )
    code = re.search(r'class="invite-code"[^>]*>([A-Z0-9-]+)<', text(response)).group(1)
    # The QR code drawn is exactly the one for the address with the code after "#".
    expected = segno.make(f"http://localhost/invite#code={code}", error="m").svg_inline(scale=4)
    assert expected in response.get_data(as_text=True)


def test_a_code_in_the_query_string_is_not_used(app):
    enrolled = enrol_youth(app)
    client = app.test_client()
    response = client.get("/invite", query_string={"code": enrolled.code})
    assert response.status_code == 200
    assert client.get("/invite/choose").headers["Location"] == "/invite"
    with app.app_context():
        assert (
            db.session.scalar(select(Invite.used_at).where(Invite.youth_id == enrolled.youth_id))
            is None
        )
