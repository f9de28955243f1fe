"""Helpers for tests that need staff accounts and signed-in staff."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import csrf_token_from
from youthvoice.extensions import db
from youthvoice.models import Organisation
from youthvoice.services import staff_accounts

PASSWORD = "correct horse battery staple"


@dataclass
class StaffLogin:
    id: str
    email: str
    password: str
    totp_secret: str

    def code(self, offset_steps: int = 0) -> str:
        """The code an authenticator shows now, or offset_steps × 30 s away."""
        return pyotp.TOTP(self.totp_secret).at(time.time() + offset_steps * 30)


def make_staff(app: Flask, role: str = "advocate", email: str = "maria@example.org") -> StaffLogin:
    with app.app_context():
        organisation = db.session.query(Organisation).first() or Organisation(name="Test org")
        staff, secret = staff_accounts.create_staff(organisation, role, email, "Maria", PASSWORD)
        db.session.commit()
        return StaffLogin(staff.id, email, PASSWORD, secret)


def submit_password(client: FlaskClient, email: str, password: str):
    token = csrf_token_from(client, "/staff/sign-in")
    return client.post(
        "/staff/sign-in", data={"csrf_token": token, "email": email, "password": password}
    )


def submit_code(client: FlaskClient, code: str):
    token = csrf_token_from(client, "/staff/sign-in/code")
    return client.post("/staff/sign-in/code", data={"csrf_token": token, "code": code})


def sign_in(client: FlaskClient, login: StaffLogin, code: str | None = None):
    response = submit_password(client, login.email, login.password)
    assert response.status_code == 303, response.get_data(as_text=True)
    return submit_code(client, code or pyotp.TOTP(login.totp_secret).now())
