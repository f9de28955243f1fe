"""A young person's backup code: their own way back after a forgotten PIN, with no staff."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.support.raw_storage import found_in_storage
from tests.web.youth_helpers import PIN, enrol_youth, redeem, youth_sign_in
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, Youth

NEW_PIN = "580264"
CODE = re.compile(r'class="invite-code"[^>]*>([A-Z0-9-]+)<')


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post(client, path, form_page, **fields):
    return client.post(path, data={"csrf_token": csrf_token_from(client, form_page), **fields})


def new_youth(app, name: str):
    """A youth who just chose a sign-in: the client is on the backup code offer."""
    enrolled = enrol_youth(app, "Luz")
    client = app.test_client()
    chosen = redeem(client, enrolled.code, name)
    assert chosen.headers["Location"] == "/youth/backup-code"
    return client, enrolled.youth_id


def make_code(client) -> str:
    made = post(client, "/youth/backup-code", "/youth/backup-code")
    assert made.status_code == 200, text(made)
    return CODE.search(made.get_data(as_text=True)).group(1)


def use_code(client, name: str, code: str, pin: str = NEW_PIN):
    first = post(client, "/sign-in/backup-code", "/sign-in/backup-code", name=name, code=code)
    if first.status_code != 303:
        return first
    assert first.headers["Location"] == "/sign-in/backup-code/new-pin"
    page = "/sign-in/backup-code/new-pin"
    return post(client, page, page, secret=pin, secret_again=pin)


def stored(app, youth_id: str) -> Youth:
    with app.app_context():
        youth = db.session.get(Youth, youth_id)
        db.session.expunge(youth)
        return youth


def test_backup_code_is_offered_after_choosing_a_sign_in_and_can_be_skipped(app):
    client, youth_id = new_youth(app, "brook50")
    offer = text(client.get("/youth/backup-code"))
    assert "Want a backup code?" in offer
    assert "Only you should have it." in offer
    assert 'href="/youth/welcome">Skip</a>' in offer
    assert stored(app, youth_id).backup_code_hash is None  # nothing made until asked


def test_backup_code_is_shown_once_and_only_its_hash_is_stored(app):
    client, youth_id = new_youth(app, "brook51")
    code = make_code(client)
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)

    assert code not in text(client.get("/youth/backup-code"))
    assert code not in text(client.get("/youth/settings"))
    assert "You have a backup code." in text(client.get("/youth/settings"))
    assert stored(app, youth_id).backup_code_hash.startswith("$argon2id$")
    with app.app_context():
        assert found_in_storage([code, code.replace("-", "")]) == []


def test_signing_in_with_the_backup_code_sets_a_new_pin_and_ends_other_sessions(app):
    other_device, youth_id = new_youth(app, "brook52")
    code = make_code(other_device)
    assert "/sign-in/backup-code" in text(app.test_client().get("/sign-in"))

    client = app.test_client()
    done = use_code(client, "brook52", code.lower())  # typed in lower case, still fine
    assert done.headers["Location"] == "/youth/"
    assert other_device.get("/youth/settings").headers["Location"] == "/sign-in"
    assert youth_sign_in(app.test_client(), "brook52", PIN).status_code == 200  # old PIN: no
    assert youth_sign_in(app.test_client(), "brook52", NEW_PIN).status_code == 303
    assert stored(app, youth_id).backup_code_hash is None

    seen = text(client.get("/youth/who-has-seen"))
    assert "Your backup code was used to choose a new PIN" in seen
    with app.app_context():
        used = db.session.scalar(
            select(AuditEvent).where(AuditEvent.event_type == "youth.backup_code_used")
        )
        assert (used.actor_kind, used.actor_id) == ("youth", youth_id)


def test_a_backup_code_works_only_once(app):
    client, _ = new_youth(app, "brook53")
    code = make_code(client)
    assert use_code(app.test_client(), "brook53", code).status_code == 303
    again = use_code(app.test_client(), "brook53", code, pin="830571")
    assert "The sign-in name or backup code is not right." in text(again)
    assert youth_sign_in(app.test_client(), "brook53", NEW_PIN).status_code == 303


def test_a_wrong_code_an_unknown_name_and_no_code_get_the_same_answer(app):
    client, _ = new_youth(app, "brook54")
    code = make_code(client)
    new_youth(app, "brook55")  # has no backup code
    wrong = code[:-1] + ("A" if code[-1] != "A" else "C")
    answers = [
        use_code(app.test_client(), name, typed)
        for name, typed in (("brook54", wrong), ("nobody99", code), ("brook55", code))
    ]
    pages = [re.sub(r'value="[^"]*"', "", text(answer)) for answer in answers]
    assert {answer.status_code for answer in answers} == {200}
    assert pages[0] == pages[1] == pages[2]
    assert "The sign-in name or backup code is not right." in pages[0]
    assert youth_sign_in(app.test_client(), "brook54", PIN).status_code == 303  # PIN kept


def test_a_backup_code_replaced_between_the_two_steps_sets_no_pin(app):
    device, _ = new_youth(app, "brook56")
    code = make_code(device)
    client = app.test_client()
    post(client, "/sign-in/backup-code", "/sign-in/backup-code", name="brook56", code=code)
    make_code(device)  # a new code: the one being used stops working

    page = "/sign-in/backup-code/new-pin"
    late = post(client, page, page, secret=NEW_PIN, secret_again=NEW_PIN)
    assert late.status_code == 200
    assert "That backup code does not work any more." in text(late)
    assert youth_sign_in(app.test_client(), "brook56", PIN).status_code == 303


def test_turning_off_the_backup_code_makes_it_stop_working(app):
    client, youth_id = new_youth(app, "brook57")
    code = make_code(client)
    off = post(client, "/youth/backup-code/off", "/youth/backup-code")
    assert off.headers["Location"] == "/youth/settings?saved=1"
    assert stored(app, youth_id).backup_code_hash is None
    refused = use_code(app.test_client(), "brook57", code)
    assert "The sign-in name or backup code is not right." in text(refused)
