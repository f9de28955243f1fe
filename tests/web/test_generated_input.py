"""Generated input against every form: never a server error, and a refusal stores nothing.

Every POST route the app serves is in FORMS (a new one fails
test_every_form_the_app_serves_gets_generated_input). For each, someone allowed to use it
is set up through the real pages: a youth signed in with check-ins, shares and a question
of each item type open; an invited youth; one resetting a PIN; staff part way through
signing in; an advocate; an admin with a reset to approve. Then each field in turn is sent
as generated text (Hypothesis) while the other fields keep values the form would accept, so
the field itself is what is tried: text from every Unicode category (control characters
too, surrogates aside), huge integers as strings, digits of other scripts, nothing at
all, the field left out or sent twice, and very long strings.

Each request must answer below 500. Unless it is the form's success, stored data must be
exactly as before (every table but the audit log, sessions and throttles, as in the access
matrix): a page with an error, a 400, 404, 409 or 429, or a redirect away changes nothing.

Examples share one database per form, as requests in production do, so state is watched
rather than reset: a success that uses something up (a sent check-in, an invite, a PIN
reset) or a refusal that leaves the form (a lock-out, a redirect to sign in) means a fresh
person, from a fresh address, for the next example. Throttling stays on; each case must
reach its form for most of its examples, or it fails for testing nothing.

Profiles: "default" (bounded, for `make test`) and "deep"
(`HYPOTHESIS_PROFILE=deep .venv/bin/pytest tests/web/test_generated_input.py`). Every case
has a fixed seed, so a run is repeatable; the totals are printed at the end of the module.
"""

from __future__ import annotations

import os
import re
import secrets
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.web.input_helpers import (
    changed_tables,
    fingerprint,
    first_of_kind,
    question_of_kind,
    share_forms,
)
from tests.web.staff_helpers import make_staff, sign_in, submit_password
from tests.web.youth_helpers import PIN, enrol_youth, ready_youth, redeem, visiting_check_ins
from youthvoice.extensions import db
from youthvoice.models import Program, RecoveryRequest, StaffUser
from youthvoice.surveys.stages import STAGE_TEXTS

# Profiles -------------------------------------------------------------------------------

COMMON = {
    "database": None,  # no saved failing examples: the fixed seeds make runs repeatable
    "deadline": None,  # a request's time is not what is tested
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": False,
}
settings.register_profile("default", max_examples=25, **COMMON)
settings.register_profile("deep", max_examples=2000, **COMMON)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# What is sent ---------------------------------------------------------------------------


class LeftOut:
    """A field left out of the request altogether."""

    def __repr__(self) -> str:
        return "(left out)"


OMIT = LeftOut()
# Digits Python's isdigit() accepts that are not 0-9: superscripts, circled, Arabic-Indic,
# Persian, Devanagari, Bengali, Gurmukhi, Tamil, Thai, Lao, Tibetan, Myanmar, Khmer,
# Mongolian, full-width, mathematical, Roman numerals and fractions (not digits, but numeric).
OTHER_DIGITS = "²³¹⑤٣۴१১੧௫๓໓༣၅០᠑１𝟗Ⅻ½"
TRICKY = [
    "",
    " ",
    "\x00",
    "\r\n",
    "\t",
    "/\t/evil.example",
    "/support\r\nSet-Cookie: taken=1",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "-1",
    "0",
    "00",
    "1e9",
    "NaN",
    "inf",
    "99999999999999999999",
    "9" * 5000,  # past the 4,300 digits int() accepts
    "2026-02-30",
    "1²",
    "٣",
    "⑤",
    "58²264",
    "\u202etxt",
    "\ufeff",
    "null",
    "<script>alert(1)</script>",  # SCRIPT below: never sent back as it came
    "' OR 1=1 --",
    "%00%0d%0a",
]
# Tried on every field of every form before the generated values: one of each kind found
# giving a 500 or an open redirect (issue #12, item 8), and the field left out.
EVERY_FIELD_TRIES = [
    "1²",
    "٣",
    "99999999999999999999",
    "9" * 5000,
    "/\t/evil.example",
    "/support\r\nSet-Cookie: taken=1",
    "\x00",
    "",
    OMIT,
]
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])  # every category but surrogates


def typed_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(TRICKY),
        st.text(ANY_CHARACTER, max_size=40),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.integers(min_value=10**15, max_value=10**400).map(str),
        st.text(st.sampled_from(OTHER_DIGITS + "0123456789"), min_size=1, max_size=12),
        st.builds(
            lambda piece, times: piece * times,
            st.text(ANY_CHARACTER, min_size=1, max_size=3),
            st.integers(min_value=100, max_value=20_000),
        ),
    )


def sent_values() -> st.SearchStrategy[object]:
    """One field as a browser (or anyone) may send it: once, left out, or repeated."""
    one = typed_text()
    # Listed three times: a field sent once is what most forms read, so it is tried most.
    return st.one_of(one, one, one, st.just(OMIT), st.lists(one, min_size=2, max_size=3))


# Who fills a form -----------------------------------------------------------------------


@dataclass
class Person:
    """Someone at a form: their browser, the ids and values their paths and fields name,
    and the page that gives them a CSRF token."""

    client: FlaskClient
    things: dict[str, str]
    token_page: str
    token: str = ""

    def __post_init__(self) -> None:
        self.token = csrf_token_from(self.client, self.token_page)


def new_address() -> str:
    return "10.{}.{}.{}".format(*(secrets.randbelow(250) + 1 for _ in range(3)))


def from_elsewhere(client: FlaskClient) -> FlaskClient:
    """Each person is someone else, somewhere else: their own address for the throttles."""
    client.environ_base["REMOTE_ADDR"] = new_address()
    return client


def new_name() -> str:
    return f"gen{secrets.token_hex(4)}"


def anyone(app: Flask) -> Person:
    return Person(from_elsewhere(app.test_client()), {}, "/")


def youth_with_things(app: Flask) -> Person:
    """A youth signed in: a draft quick check-in with an answer, a where-I'm-at draft with
    its private section open, a sent check-in, their advocate and a share with them."""
    client, youth_id = ready_youth(app)
    ids = visiting_check_ins(from_elsewhere(client))
    return Person(client, {"youth": youth_id, **ids}, "/youth/settings")


def youth_at_a_question(kind: str) -> Callable[[Flask], Person]:
    """A youth at a question of this item type, and an answer it accepts."""

    def build(app: Flask) -> Person:
        client, youth_id = ready_youth(app)
        question = question_of_kind(app, from_elsewhere(client), kind)
        item = first_of_kind(app, kind)[2].item
        things = {"youth": youth_id, "question": question, "accepted": accepted_answer(item)}
        return Person(client, things, "/youth/settings")

    return build


def accepted_answer(item: dict) -> str:
    kind = item["type"]
    if kind in ("single_choice", "multiple_choice"):
        return item["options"][0]["code"]
    if kind == "number":
        return str(item["min"])
    return {"scale_0_10": "5", "yes_no": "no", "stage_of_change": next(iter(STAGE_TEXTS))}.get(
        kind, "fine"
    )


def youth_signing_in(app: Flask) -> Person:
    name = new_name()
    redeem(app.test_client(), enrol_youth(app).code, name)
    return Person(from_elsewhere(app.test_client()), {"name": name, "pin": PIN}, "/sign-in")


def invited(app: Flask) -> Person:
    """A youth who typed a working invite code and is choosing a sign-in name and PIN."""
    client = from_elsewhere(app.test_client())
    token = csrf_token_from(client, "/invite")
    typed = client.post("/invite", data={"csrf_token": token, "code": enrol_youth(app).code})
    assert typed.status_code == 303, typed.status_code
    return Person(client, {"name": new_name()}, "/invite/choose")


def staff_email() -> str:
    return f"gen-{secrets.token_hex(4)}@example.org"


def staff_signing_in(app: Flask) -> Person:
    login = make_staff(app, "advocate", staff_email())
    things = {"email": login.email, "password": login.password}
    return Person(from_elsewhere(app.test_client()), things, "/staff/sign-in")


def staff_at_the_code(app: Flask) -> Person:
    """Staff who gave the right password and are asked for the authenticator's code."""
    login = make_staff(app, "advocate", staff_email())
    client = from_elsewhere(app.test_client())
    assert submit_password(client, login.email, login.password).status_code == 303
    return Person(client, {}, "/staff/sign-in/code")


def advocate(app: Flask) -> Person:
    """An advocate signed in, with a program to enrol into and a young person to help."""
    login = make_staff(app, "advocate", staff_email())
    with app.app_context():
        staff = db.session.get(StaffUser, login.id)
        program = Program(name=f"Evenings {secrets.token_hex(3)}", organisation=staff.organisation)
        db.session.add(program)
        db.session.commit()
        program_id = program.id
    enrolled = enrol_youth(app, advocate=login)
    redeem(app.test_client(), enrolled.code, new_name())
    client = from_elsewhere(app.test_client())
    sign_in(client, login)
    things = {"program": str(program_id), "youth": enrolled.youth_id}
    return Person(client, things, "/advocate/enrol")


@dataclass
class Reset:
    advocate: FlaskClient
    admin: FlaskClient
    request_id: str


def reset_asked_for(app: Flask) -> Reset:
    """A youth's PIN reset, asked for by their advocate; an admin signed in to approve it."""
    helper = advocate(app)
    youth_id = helper.things["youth"]
    asked = helper.client.post(
        f"/advocate/youth/{youth_id}/recovery", data={"csrf_token": helper.token}
    )
    assert asked.status_code == 303, asked.status_code
    with app.app_context():
        request_id = db.session.scalar(
            select(RecoveryRequest.id).where(RecoveryRequest.youth_id == youth_id)
        )
    admin = from_elsewhere(app.test_client())
    sign_in(admin, make_staff(app, "admin", staff_email()))
    return Reset(helper.client, admin, request_id)


def approved_reset(app: Flask) -> Reset:
    reset = reset_asked_for(app)
    token = csrf_token_from(reset.admin, "/admin/")
    approved = reset.admin.post(
        f"/admin/recovery/{reset.request_id}/approve", data={"csrf_token": token}
    )
    assert approved.status_code == 303, approved.status_code
    return reset


def admin_with_a_reset(app: Flask) -> Person:
    reset = reset_asked_for(app)
    return Person(reset.admin, {"request": reset.request_id}, "/admin/")


def advocate_with_an_approved_reset(app: Flask) -> Person:
    reset = approved_reset(app)
    return Person(reset.advocate, {"request": reset.request_id}, "/advocate/enrol")


def shown_code(response) -> str:
    found = re.search(r'class="invite-code"[^>]*>([^<]+)<', response.get_data(as_text=True))
    assert found, "no code on the page"
    return found[1].strip()


def recovering(app: Flask) -> Person:
    """A youth who typed a working PIN reset code and is choosing a new PIN."""
    reset = approved_reset(app)
    shown = reset.advocate.post(
        f"/advocate/recovery/{reset.request_id}/code",
        data={"csrf_token": csrf_token_from(reset.advocate, "/advocate/enrol")},
    )
    client = from_elsewhere(app.test_client())
    token = csrf_token_from(client, "/recover")
    typed = client.post("/recover", data={"csrf_token": token, "code": shown_code(shown)})
    assert typed.status_code == 303, typed.status_code
    return Person(client, {}, "/recover/choose")


def youth_with_a_backup_code(app: Flask) -> Person:
    """Someone at the backup-code sign-in, with a youth's sign-in name and backup code."""
    name = new_name()
    client, _youth_id = ready_youth(app, sign_in_name=name)
    token = csrf_token_from(client, "/youth/settings")
    code = shown_code(client.post("/youth/backup-code", data={"csrf_token": token}))
    return Person(
        from_elsewhere(app.test_client()), {"name": name, "code": code}, "/sign-in/backup-code"
    )


def youth_choosing_a_pin_after_a_backup_code(app: Flask) -> Person:
    person = youth_with_a_backup_code(app)
    fields = {"csrf_token": person.token, **person.things}
    assert person.client.post("/sign-in/backup-code", data=fields).status_code == 303
    return Person(person.client, {}, "/sign-in/backup-code/new-pin")


# The forms ------------------------------------------------------------------------------


def see_other(response) -> bool:
    return response.status_code == 303


def a_page_without_errors(response) -> bool:
    return response.status_code == 200 and "error-summary" not in response.get_data(as_text=True)


def a_file(response) -> bool:
    return response.status_code == 200 and not response.content_type.startswith("text/html")


def ok(response) -> bool:
    return response.status_code == 200


def always(_response) -> bool:
    return True


def never(_response) -> bool:
    return False


@dataclass(frozen=True)
class Form:
    """One form: who fills it, where it posts, the fields it would accept ({placeholders}
    from the person's things; OMIT: not sent), what its success looks like, and whether a
    success uses up something the next example needs (a sent check-in, an invite…)."""

    name: str
    endpoint: str
    person: Callable[[Flask], Person]
    path: str
    fields: dict[str, object]
    succeeded: Callable[[object], bool] = see_other
    uses_up: Callable[[object], bool] = always
    may_change: frozenset[str] = frozenset()  # tables a refusal may change (say why)

    def tried_fields(self) -> list[str]:
        """Every field the form reads; a form that is only a button tries its CSRF token."""
        return list(self.fields) or ["csrf_token"]


YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
NEW_PIN = "580264"
QUESTION_KINDS = [
    "number",
    "month_year",
    "scale_0_10",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "stage_of_change",
    "text",
]


def question_form(kind: str) -> Form:
    fields: dict[str, object] = {"action": "save", "answer": "{accepted}", "special": OMIT}
    if kind == "month_year":
        fields |= {"answer": OMIT, "month": "3", "year": "2024"}
    person = youth_at_a_question(kind)
    return Form(f"question {kind}", "youth.question", person, "{question}", fields, uses_up=never)


def share_form(endpoint: str, name: str) -> Form:
    """A share form of tests.web.input_helpers.share_forms, its ids left as placeholders."""
    ids = {"advocate": "{advocate}", "sent": "{sent}", "grant": "{grant}"}
    path, fields = share_forms(ids)[name]
    return Form(name, endpoint, youth_with_things, path, fields, uses_up=never)


def button(endpoint: str, person: Callable[[Flask], Person], path: str, **kwargs) -> Form:
    """A form that is only a button: its CSRF token is the one field."""
    return Form(endpoint, endpoint, person, path, {}, **kwargs)


def form(endpoint: str, person: Callable[[Flask], Person], path: str, **kwargs) -> Form:
    fields = kwargs.pop("fields")
    return Form(endpoint, endpoint, person, path, fields, **kwargs)


FORMS: list[Form] = [
    # Anyone, or someone part way through signing in ------------------------------------
    form(
        "public.set_language",
        anyone,
        "/language",
        fields={"locale": "es", "next": "/support"},
        uses_up=never,
    ),
    form(
        "auth.youth_sign_in",
        youth_signing_in,
        "/sign-in",
        fields={"name": "{name}", "secret": "{pin}", "shared_device": "y"},
    ),
    form("auth.invite", anyone, "/invite", fields={"code": OMIT}),
    form(
        "auth.choose_sign_in",
        invited,
        "/invite/choose",
        fields={"name": "{name}", "secret": NEW_PIN, "secret_again": NEW_PIN},
        # A name refused as taken or easy to guess uses up one of the invite's tries.
        may_change=frozenset({"invites"}),
    ),
    form("auth.recover", anyone, "/recover", fields={"code": OMIT}),
    form(
        "auth.choose_new_pin",
        recovering,
        "/recover/choose",
        fields={"secret": NEW_PIN, "secret_again": NEW_PIN},
    ),
    form(
        "auth.backup_code_sign_in",
        youth_with_a_backup_code,
        "/sign-in/backup-code",
        fields={"name": "{name}", "code": "{code}"},
    ),
    form(
        "auth.backup_code_new_pin",
        youth_choosing_a_pin_after_a_backup_code,
        "/sign-in/backup-code/new-pin",
        fields={"secret": NEW_PIN, "secret_again": NEW_PIN},
    ),
    form(
        "auth.staff_sign_in",
        staff_signing_in,
        "/staff/sign-in",
        fields={"email": "{email}", "password": "{password}"},
    ),
    form("auth.staff_code", staff_at_the_code, "/staff/sign-in/code", fields={"code": OMIT}),
    # A signed-in youth ----------------------------------------------------------------
    button("auth.extend_session", youth_with_things, "/session/extend", succeeded=ok),
    button("auth.sign_out_view", youth_with_things, "/sign-out"),
    button("youth.account_notice", youth_with_things, "/youth/account-notice", uses_up=never),
    button("youth.wrong_tries_seen", youth_with_things, "/youth/wrong-tries/seen", uses_up=never),
    button(
        "youth.backup_code",
        youth_with_things,
        "/youth/backup-code",
        succeeded=a_page_without_errors,
        uses_up=never,
    ),
    button("youth.turn_off_backup_code", youth_with_things, "/youth/backup-code/off"),
    form(
        "youth.assent",
        youth_with_things,
        "/youth/welcome/agree",
        fields={"answer": "yes"},
        uses_up=never,
    ),
    form(
        "youth.statistics",
        youth_with_things,
        "/youth/statistics",
        fields={"counted": "yes"},
        uses_up=never,
    ),
    form(
        "youth.settings",
        youth_with_things,
        "/youth/settings",
        fields={"language": "en", "discreet_mode": "y"},
        uses_up=never,
    ),
    form(
        "youth.change_pin",
        youth_with_things,
        "/youth/settings/pin",
        fields={"current": PIN, "secret": NEW_PIN, "secret_again": NEW_PIN},
    ),
    button("youth.sign_out_everywhere", youth_with_things, "/youth/settings/sign-out-everywhere"),
    form(
        "youth.delete_account",
        youth_with_things,
        "/youth/settings/delete",
        fields={"when": "later"},
        uses_up=lambda response: response.headers["Location"] == "/account-deleted",
    ),
    button(
        "youth.cancel_deletion", youth_with_things, "/youth/settings/delete/cancel", uses_up=never
    ),
    form(
        "youth.start_check_in",
        youth_with_things,
        "/youth/check-ins",
        fields={"instrument": "quick-check-in"},
        uses_up=never,
    ),
    *[question_form(kind) for kind in QUESTION_KINDS],
    form(
        "youth.opt_in",
        youth_with_things,
        "/youth/check-ins/{private}/section/1",
        fields={"action": "yes"},
        uses_up=never,
    ),
    form(
        "youth.check_out",
        youth_with_things,
        "/youth/check-ins/{private}/section/1/after",
        fields={"feeling": "ok"},
        uses_up=never,
    ),
    form(
        "youth.restart",
        youth_with_things,
        "/youth/check-ins/{quick}/restart",
        fields={"choice": "new"},
        uses_up=never,
    ),
    form(
        "youth.take_break",
        youth_with_things,
        "/youth/check-ins/{quick}/break",
        fields={"action": "keep"},
        uses_up=lambda response: "discarded" in response.headers["Location"],
    ),
    form(
        "youth.tell_now",
        youth_with_things,
        "/youth/check-ins/{quick}/q/6/tell",
        fields={"to": "{advocate}"},
        uses_up=never,
    ),
    button("youth.submit", youth_with_things, "/youth/check-ins/{quick}/submit"),
    form(
        "youth.mark_resolved",
        youth_with_things,
        "/youth/check-ins/{happened}/resolved/1",
        fields={"action": "save", "month": "3", "year": "2024"},
        uses_up=never,
    ),
    button("youth.delete_check_in", youth_with_things, "/youth/check-ins/{sent}/delete"),
    share_form("youth.share_new", "new instrument share"),
    share_form("youth.share_new", "new topic share"),
    share_form("youth.share_check_in", "check-in share"),
    share_form("youth.share_answer", "one answer share"),
    share_form("youth.change_sharing", "change a share"),
    button("youth.stop_sharing", youth_with_things, "/youth/sharing/{grant}/stop"),
    form(
        "youth.download_my_data",
        youth_with_things,
        "/youth/my-data/download",
        fields={"format": "json", "sensitive": "no"},
        succeeded=a_file,
        uses_up=never,
    ),
    # Staff --------------------------------------------------------------------------
    form(
        "advocate.enrol",
        advocate,
        "/advocate/enrol",
        fields={
            "preferred_name": "Luz",
            "program": "{program}",
            "consent": "y",
            "consent_on": YESTERDAY,
        },
        succeeded=a_page_without_errors,
        uses_up=never,
    ),
    button("advocate.request_recovery", advocate, "/advocate/youth/{youth}/recovery"),
    button(
        "advocate.recovery_code",
        advocate_with_an_approved_reset,
        "/advocate/recovery/{request}/code",
        succeeded=ok,
    ),
    button("admin.approve_recovery", admin_with_a_reset, "/admin/recovery/{request}/approve"),
]

# Sending and watching -------------------------------------------------------------------

# Where a refusal sends someone who is no longer at the form: signed out, or the invite,
# reset or code is gone. The next example needs a fresh person.
ENTRY_PAGES = ("/sign-in", "/staff/sign-in", "/invite", "/recover", "/sign-in/backup-code")
TIMED_OUT = "This page timed out"
# Share of a case's examples that must reach the form's own checks (not a lock-out or a
# redirect away), or the case tested nothing.
MUST_REACH = 0.6


SCRIPT = "<script>alert(1)</script>"


def stays_on_site(response) -> bool:
    """A redirect goes to a plain path on this site: nothing a form is sent leads away."""
    location = response.headers.get("Location")
    if location is None:
        return True
    parts = urlsplit(location)
    plain = all("!" <= character <= "~" and character != "\\" for character in location)
    return plain and not parts.scheme and not parts.netloc and location.startswith("/")


def filled(value: object, things: dict[str, str]) -> object:
    if isinstance(value, str):
        return value.format(**things)
    return value


def shown(value: object) -> str:
    """A value short enough for a failure message."""
    text = repr(value)
    return text if len(text) <= 120 else f"{text[:100]}… ({len(text)} characters)"


@dataclass
class Tally:
    """What a run sent and got back, for the summary at the end of the module."""

    requests: int = 0
    fields: int = 0
    reached: int = 0
    accepted: int = 0
    people: int = 0
    statuses: Counter = field(default_factory=Counter)

    def line(self) -> str:
        server_errors = sum(n for status, n in self.statuses.items() if status >= 500)
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        return (
            f"generated input: {self.requests} requests to {self.fields} fields, "
            f"{server_errors} answered 5xx; {self.reached} reached the form's own checks, "
            f"{self.accepted} were accepted; {self.people} people set up; statuses {statuses}"
        )


@pytest.fixture(scope="module")
def tally(request: pytest.FixtureRequest):
    found = Tally()
    yield found
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if found.requests and reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line(found.line())


class FieldRun:
    """The examples for one field of one form: a person at the form, the stored data as
    it stood before each request, and a fresh person whenever the last one left it."""

    def __init__(self, app: Flask, form: Form, name: str, tally: Tally) -> None:
        self.app, self.form, self.name, self.tally = app, form, name, tally
        self.person: Person | None = None
        self.before: dict[str, list[str]] = {}
        self.sent = self.reached = 0

    def _person(self) -> Person:
        if self.person is None:
            self.person = self.form.person(self.app)
            self.before = fingerprint(self.app)
            self.tally.people += 1
        return self.person

    def send(self, value: object) -> None:
        person = self._person()
        data = {key: filled(each, person.things) for key, each in self.form.fields.items()}
        data["csrf_token"] = person.token
        data[self.name] = value
        data = {key: each for key, each in data.items() if each is not OMIT}
        response = person.client.post(self.form.path.format(**person.things), data=data)
        self.sent += 1
        self.tally.requests += 1
        self.tally.statuses[response.status_code] += 1
        where = f"{self.form.name}, {self.name}={shown(value)}"
        assert response.status_code < 500, f"{where}: answered {response.status_code}"
        assert stays_on_site(response), f"{where}: sent to {response.headers['Location']!r}"
        assert SCRIPT not in response.get_data(as_text=True), f"{where}: the script came back"
        after = fingerprint(self.app)
        if self.form.succeeded(response):
            self.reached += 1
            self.tally.accepted += 1
            if self.form.uses_up(response):
                self.person = None
        else:
            changed = set(changed_tables(self.before, after)) - self.form.may_change
            assert not changed, f"{where}: refused ({response.status_code}) but changed {changed}"
            if self._left_the_form(response):
                self.person = None
            else:
                self.reached += 1
        self.before = after

    def _left_the_form(self, response) -> bool:
        if response.status_code == 429:
            return True
        if response.status_code in (301, 302, 303):
            return response.headers["Location"].split("?")[0] in ENTRY_PAGES
        timed_out = response.status_code == 400 and TIMED_OUT in response.get_data(as_text=True)
        return timed_out and self.name != "csrf_token"


def try_field(app: Flask, form: Form, name: str, tally: Tally) -> None:
    run = FieldRun(app, form, name, tally)

    @PROFILE
    @seed(zlib.crc32(f"{form.name} {name}".encode()))
    @given(value=sent_values())
    def attempt(value: object) -> None:
        run.send(value)

    for value in EVERY_FIELD_TRIES:
        attempt = example(value=value)(attempt)
    attempt()
    tally.fields += 1
    tally.reached += run.reached
    assert run.reached >= MUST_REACH * run.sent, (
        f"{form.name}, {name}: only {run.reached} of {run.sent} examples reached the form"
    )


@pytest.mark.parametrize("form", FORMS, ids=[each.name for each in FORMS])
def test_generated_input_never_breaks_a_form_and_a_refusal_stores_nothing(app, form, tally):
    for name in form.tried_fields():
        try_field(app, form, name, tally)


def test_every_form_the_app_serves_gets_generated_input(app):
    posted = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    tried = {each.endpoint for each in FORMS}
    assert posted - tried == set(), "forms without generated input: add them to FORMS"
    assert tried - posted == set(), "FORMS names endpoints the app no longer serves"
