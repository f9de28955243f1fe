"""Helpers for tests that need an enrolled youth, an invite code, or a signed-in youth."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token_from
from tests.web.staff_helpers import StaffLogin, make_staff
from youthvoice.extensions import db
from youthvoice.models import Organisation, Program, StaffUser
from youthvoice.services import youth_accounts

PIN = "493817"


@dataclass
class Enrolled:
    youth_id: str
    code: str
    advocate: StaffLogin


def enrol_youth(
    app: Flask, preferred_name: str = "Luz", advocate: StaffLogin | None = None
) -> Enrolled:
    advocate = advocate or make_staff(app, "advocate", f"adv-{secrets.token_hex(4)}@example.org")
    with app.app_context():
        staff = db.session.get(StaffUser, advocate.id)
        organisation = db.session.get(Organisation, staff.organisation_id)
        program = Program(name=f"Program {secrets.token_hex(4)}", organisation=organisation)
        db.session.add(program)
        db.session.flush()
        youth, code = youth_accounts.enrol(staff, preferred_name, program.id, date.today())
        db.session.commit()
        return Enrolled(youth.id, code, advocate)


def redeem(client: FlaskClient, code: str, name: str, secret: str = PIN, again: str | None = None):
    token = csrf_token_from(client, "/invite")
    response = client.post("/invite", data={"csrf_token": token, "code": code})
    assert response.status_code == 303, response.get_data(as_text=True)
    token = csrf_token_from(client, "/invite/choose")
    return client.post(
        "/invite/choose",
        data={"csrf_token": token, "name": name, "secret": secret, "secret_again": again or secret},
    )


def youth_sign_in(client: FlaskClient, name: str, secret: str = PIN, shared: bool = False):
    token = csrf_token_from(client, "/sign-in")
    data = {"csrf_token": token, "name": name, "secret": secret}
    if shared:
        data["shared_device"] = "y"
    return client.post("/sign-in", data=data)


def error_messages(page: str) -> list[str]:
    return re.findall(r'class="field__error"[^>]*>.*?</span>\s*(.*?)</p>', page, re.DOTALL)


def ready_youth(app: Flask, name: str = "Luz", sign_in_name: str | None = None):
    """A youth who has redeemed the invite and agreed: their client opens the home page."""
    enrolled = enrol_youth(app, name)
    client = app.test_client()
    redeem(client, enrolled.code, sign_in_name or f"y{secrets.token_hex(4)}")
    client.post(
        "/youth/welcome/agree",
        data={"csrf_token": csrf_token_from(client, "/youth/welcome/agree"), "answer": "yes"},
    )
    return client, enrolled.youth_id


def start_check_in(client: FlaskClient, instrument: str) -> str:
    """Start (or continue) a check-in; returns its path, /youth/check-ins/<id>."""
    response = client.post(
        "/youth/check-ins",
        data={"csrf_token": csrf_token_from(client, "/youth/settings"), "instrument": instrument},
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return "/".join(response.headers["Location"].split("/")[:4])


def save(client: FlaskClient, path: str, **fields) -> None:
    data = {"csrf_token": csrf_token_from(client, "/youth/settings"), "action": "save", **fields}
    response = client.post(path, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)


def send_something_that_happens(client: FlaskClient) -> str:
    """A sent check-in whose first answer is about something that happens (drinking), so
    it can be marked "over now"; returns its path."""
    sent = start_check_in(client, "substances")
    save(client, f"{sent}/section/1", action="yes")
    save(client, f"{sent}/q/1", answer="1")
    client.post(f"{sent}/submit", data={"csrf_token": csrf_token_from(client, "/youth/settings")})
    return sent


def visiting_check_ins(client: FlaskClient) -> dict[str, str]:
    """The check-in ids CHECK_IN_PAGES stand for, started by this youth's client."""
    sent = start_check_in(client, "hope-and-goals")
    save(client, f"{sent}/q/1", answer="2")
    client.post(f"{sent}/submit", data={"csrf_token": csrf_token_from(client, "/youth/settings")})
    quick = start_check_in(client, "quick-check-in")
    save(client, f"{quick}/q/6", answer=["other"])
    private = start_check_in(client, "where-im-at")
    save(client, f"{private}/section/1", action="yes")
    happened = send_something_that_happens(client)
    ids = {
        key: path.rsplit("/", 1)[1]
        for key, path in (
            ("quick", quick),
            ("private", private),
            ("sent", sent),
            ("happened", happened),
        )
    }
    sharing_page = client.get("/youth/sharing").get_data(as_text=True)
    ids["advocate"] = re.search(r"/youth/sharing/preview/([0-9a-f]{32})", sharing_page).group(1)
    save(
        client,
        "/youth/sharing/new/domain",
        what="hope",
        to=ids["advocate"],
        ends="never",
        when="both",
    )
    shared = client.get("/youth/sharing").get_data(as_text=True)
    ids["grant"] = re.search(r"/youth/sharing/([0-9a-f]{32})/change", shared).group(1)
    return ids
