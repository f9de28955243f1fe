"""The inputs an outside tester found giving a server error (issue #12, item 8): digits of
other scripts in number and month answers and in PINs, a huge year, month or day in every
share's end date, and a language switch's `next` that held a header break or a tab.

Each now gets the page back with a clear message (or a safe redirect) and stores nothing.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest

from tests.conftest import csrf_token_from
from tests.web.input_helpers import (
    changed_tables,
    fingerprint,
    question_of_kind,
    share_forms,
)
from tests.web.staff_helpers import make_staff, sign_in
from tests.web.youth_helpers import (
    PIN,
    enrol_youth,
    ready_youth,
    redeem,
    visiting_check_ins,
    youth_sign_in,
)
from youthvoice.extensions import db
from youthvoice.models import Program, StaffUser

# Superscript two, circled five, Arabic-Indic three: Python's isdigit() says yes to all.
OTHER_DIGITS = ["²", "⑤", "٣"]
HUGE = "99999999999999999999"
NOT_A_NUMBER = "Enter a whole number, like 3, using numbers only"
MONTH = "Enter the month as a number from 1 to 12"
YEAR = "Enter the year with 4 numbers, like 2025"
TOO_SHORT = "Use at least 6 numbers, or a passphrase of at least 12 characters."
UNTIL = "Enter a real date from today, like 5 3 2027"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post(client, path: str, **fields):
    token = csrf_token_from(client, "/youth/settings")
    return client.post(path, data={"csrf_token": token, **fields})


@pytest.fixture
def youth(app):
    client, _youth_id = ready_youth(app)
    return client


@pytest.fixture
def sharing_youth(app):
    client, _youth_id = ready_youth(app)
    return client, visiting_check_ins(client)


@pytest.mark.parametrize("digit", OTHER_DIGITS)
def test_a_number_answer_in_another_scripts_digits_is_refused_kindly(app, youth, digit):
    question = question_of_kind(app, youth, "number")
    before = fingerprint(app)
    response = post(youth, question, action="save", answer=f"1{digit}")
    assert response.status_code == 400
    assert NOT_A_NUMBER in text(response)
    assert changed_tables(before, fingerprint(app)) == []


@pytest.mark.parametrize("digit", OTHER_DIGITS)
@pytest.mark.parametrize(
    ("field", "message"), [("month", MONTH), ("year", YEAR)], ids=["month", "year"]
)
def test_a_month_answer_in_another_scripts_digits_is_refused_kindly(
    app, youth, digit, field, message
):
    question = question_of_kind(app, youth, "month_year")
    before = fingerprint(app)
    typed = {"month": "3", "year": "2024", field: digit if field == "month" else f"202{digit}"}
    response = post(youth, question, action="save", **typed)
    assert response.status_code == 400
    assert message in text(response)
    assert changed_tables(before, fingerprint(app)) == []


@pytest.mark.parametrize("digit", OTHER_DIGITS)
def test_a_new_pin_with_another_scripts_digit_is_a_short_passphrase_not_a_crash(app, youth, digit):
    before = fingerprint(app)
    new_pin = f"58{digit}264"
    response = youth.post(
        "/youth/settings/pin",
        data={
            "csrf_token": csrf_token_from(youth, "/youth/settings/pin"),
            "current": PIN,
            "secret": new_pin,
            "secret_again": new_pin,
        },
    )
    assert response.status_code == 200
    assert TOO_SHORT in text(response)
    assert changed_tables(before, fingerprint(app)) == []


def test_digits_of_another_script_make_a_passphrase_not_a_pin(app):
    # A PIN is ASCII 0-9 only. Six Arabic-Indic digits are a passphrase, too short; twelve
    # are a passphrase kept exactly as typed: the ASCII digits that look alike do not open it.
    enrolled = enrol_youth(app)
    client = app.test_client()
    short = redeem(client, enrolled.code, "nadia12", secret="٤٩٣٨١٧")
    assert short.status_code == 200
    assert TOO_SHORT in text(short)
    passphrase = "٤٩٣٨١٧٢٦٥٠٨٣"
    chosen = client.post(
        "/invite/choose",
        data={
            "csrf_token": csrf_token_from(client, "/invite/choose"),
            "name": "nadia12",
            "secret": passphrase,
            "secret_again": passphrase,
        },
    )
    assert chosen.status_code == 303
    assert youth_sign_in(app.test_client(), "nadia12", "493817265083").status_code == 200
    assert youth_sign_in(app.test_client(), "nadia12", passphrase).status_code == 303


@pytest.mark.parametrize("field", ["year", "month", "day"])
@pytest.mark.parametrize(
    "form",
    [
        "new instrument share",
        "new topic share",
        "check-in share",
        "one answer share",
        "change a share",
    ],
)
def test_a_huge_end_date_number_is_refused_kindly_on_every_share_form(
    app, sharing_youth, form, field
):
    client, ids = sharing_youth
    path, fields = share_forms(ids)[form]
    before = fingerprint(app)
    response = post(client, path, **{**fields, field: HUGE})
    assert response.status_code == 400
    assert UNTIL in text(response)
    assert changed_tables(before, fingerprint(app)) == []


@pytest.mark.parametrize(
    "form",
    [
        "new instrument share",
        "new topic share",
        "check-in share",
        "one answer share",
        "change a share",
    ],
)
def test_the_same_share_with_a_real_end_date_is_saved(sharing_youth, form):
    # The forms above were refused for the date alone.
    client, ids = sharing_youth
    path, fields = share_forms(ids)[form]
    response = post(client, path, **fields)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/youth/sharing?note=")


@pytest.mark.parametrize(
    "target",
    ["/support\r\nSet-Cookie: taken=1", "/\t/evil.example"],
    ids=["header-break", "tab-before-a-second-slash"],
)
def test_a_language_switch_never_follows_a_broken_or_offsite_next(app, client, target):
    before = fingerprint(app)
    response = client.post(
        "/language",
        data={"csrf_token": csrf_token_from(client), "locale": "es", "next": target},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "taken" not in response.headers.get("Set-Cookie", "")
    assert '<html lang="es"' in client.get("/").get_data(as_text=True)
    assert changed_tables(before, fingerprint(app)) == []


# The same readers elsewhere: the consent date an advocate types when enrolling.


def enrolling_advocate(app):
    advocate = make_staff(app, "advocate")
    with app.app_context():
        staff = db.session.get(StaffUser, advocate.id)
        program = Program(name="Evenings", organisation_id=staff.organisation_id)
        db.session.add(program)
        db.session.commit()
        program_id = program.id
    client = app.test_client()
    sign_in(client, advocate)
    return client, program_id


def enrol(client, program_id: int, consent_on: str):
    return client.post(
        "/advocate/enrol",
        data={
            "csrf_token": csrf_token_from(client, "/advocate/enrol"),
            "preferred_name": "Luz",
            "program": str(program_id),
            "consent": "y",
            "consent_on": consent_on,
        },
    )


@pytest.mark.parametrize(
    "typed",
    ["٢٠٢٦-١١-٢٠", "0001-01-01", "99999999999999999999-01-01", "2026-11-2²", "2026-11"],
)
def test_a_consent_date_in_other_digits_or_a_far_off_year_is_refused(app, typed):
    client, program_id = enrolling_advocate(app)
    before = fingerprint(app)
    response = enrol(client, program_id, typed)
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert changed_tables(before, fingerprint(app)) == []


def test_a_consent_date_as_a_date_picker_sends_it_enrols(app):
    client, program_id = enrolling_advocate(app)
    response = enrol(client, program_id, (date.today() - timedelta(days=1)).isoformat())
    assert response.status_code == 200
    assert "There is a problem" not in text(response)
