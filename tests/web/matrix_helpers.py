"""The people and data of the access-matrix test (tests/web/test_access_matrix.py).

Youth A owns the data; everyone else is someone who must see only what A shared with them,
or nothing at all. Every account is made through the real services and signed in through
the real forms; each role's client has its own address, so one role's failed tries never
throttle another's.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.web.staff_helpers import PASSWORD, StaffLogin, sign_in
from tests.web.youth_helpers import redeem, youth_sign_in
from youthvoice.extensions import db
from youthvoice.models import CareTeamMember, Organisation, Program, StaffUser
from youthvoice.services import recovery, sharing, staff_accounts, youth_accounts

ANON = "signed out"
YOUTH_A = "youth A"
YOUTH_B = "youth B"
ASSIGNED = "assigned advocate"
LATER = "advocate added after the share"
UNASSIGNED = "unassigned advocate"
PROGRAM = "program staff on the team"
ADMIN = "admin"
OTHER_ADVOCATE = "other organisation's advocate"
OTHER_ADMIN = "other organisation's admin"

# The order each route is tried in: refusals first, the people allowed last, so an allowed
# action (stopping a share, giving out a reset code) cannot hide a refusal after it.
ROLES = (
    ANON,
    YOUTH_B,
    UNASSIGNED,
    PROGRAM,
    ADMIN,
    OTHER_ADVOCATE,
    OTHER_ADMIN,
    LATER,
    ASSIGNED,
    YOUTH_A,
)
YOUTHS = (YOUTH_A, YOUTH_B)
STAFF = (ASSIGNED, LATER, UNASSIGNED, PROGRAM, ADMIN, OTHER_ADVOCATE, OTHER_ADMIN)
STAFF_ROLES = {
    ASSIGNED: "advocate",
    LATER: "advocate",
    UNASSIGNED: "advocate",
    PROGRAM: "program_staff",
    ADMIN: "admin",
    OTHER_ADVOCATE: "advocate",
    OTHER_ADMIN: "admin",
}
# Distinct names, so a page that shows a name shows whose it is.
STAFF_NAMES = {
    ASSIGNED: "Asha",
    LATER: "Leon",
    UNASSIGNED: "Uma",
    PROGRAM: "Priya",
    ADMIN: "Ade",
    OTHER_ADVOCATE: "Otto",
    OTHER_ADMIN: "Olga",
}
OTHER_ORGANISATIONS = (OTHER_ADVOCATE, OTHER_ADMIN)
ORGANISATION, OTHER_ORGANISATION = "Test org", "Other org"
HOMES = {
    YOUTH_A: "/youth/",
    YOUTH_B: "/youth/",
    ASSIGNED: "/advocate/",
    LATER: "/advocate/",
    UNASSIGNED: "/advocate/",
    PROGRAM: "/reports/",
    ADMIN: "/admin/",
    OTHER_ADVOCATE: "/advocate/",
    OTHER_ADMIN: "/admin/",
}
YOUTH_NAMES = {YOUTH_A: "Amaru", YOUTH_B: "Bea"}

QUICK = "quick-check-in"
WHERE = "where-im-at"
A_TYPED = "Bus pass 4417"  # typed by A: must never show anywhere but A's own pages
B_TYPED = "Bea's own note 9051"  # the same for B
QUICK_ANSWERS = {1: "7", 2: "3", 3: "2", 4: "1", 5: "2", 6: ["food", "other"], 7: A_TYPED}

# Tables that must not change when someone is refused. Left out: the audit log (a refusal
# is recorded there on purpose), sign-in sessions (touched by every request) and throttles.
NOT_WATCHED = {"audit_chain_head", "audit_events", "auth_sessions", "throttle_states"}


def staff_member(app: Flask, role: str, name: str, organisation: str) -> StaffLogin:
    """A staff account in the organisation of that name (made on first use)."""
    email = f"{name.lower()}-{secrets.token_hex(4)}@example.org"
    with app.app_context():
        found = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
        found = found or Organisation(name=organisation)
        staff, secret = staff_accounts.create_staff(found, role, email, name, PASSWORD)
        db.session.commit()
        return StaffLogin(staff.id, email, PASSWORD, secret)


def enrolled_by(app: Flask, advocate: StaffLogin, preferred_name: str) -> tuple[str, str, int]:
    """(youth id, invite code, program id): a new program in the advocate's organisation."""
    with app.app_context():
        staff = db.session.get(StaffUser, advocate.id)
        program = Program(name=f"Program {secrets.token_hex(4)}", organisation=staff.organisation)
        db.session.add(program)
        db.session.flush()
        youth, code = youth_accounts.enrol(staff, preferred_name, program.id, date.today())
        db.session.commit()
        return youth.id, code, program.id


def add_to_care_team(app: Flask, youth_id: str, staff_id: str) -> None:
    with app.app_context():
        db.session.add(CareTeamMember(youth_id=youth_id, staff_id=staff_id))
        db.session.commit()


@dataclass
class Scenario:
    app: Flask
    clients: dict[str, FlaskClient]
    logins: dict[str, StaffLogin]
    sign_in_names: dict[str, str]
    ids: dict[str, object] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    def token(self, role: str) -> str:
        """A CSRF token read from a page of this role's own client, as a browser has it."""
        if role not in self._tokens:
            self._tokens[role] = csrf_token_from(self.clients[role], "/support")
        return self._tokens[role]

    def post(self, role: str, path: str, **fields: object):
        return self.clients[role].post(path, data={"csrf_token": self.token(role), **fields})

    def sign_in(self, role: str, again: bool = False) -> None:
        """Sign this role in through the pages (staff: `again` uses the next TOTP step)."""
        client = self.clients[role]
        self._tokens.pop(role, None)
        if role in YOUTHS:
            response = youth_sign_in(client, self.sign_in_names[role])
            assert response.status_code == 303, response.get_data(as_text=True)
            return
        login = self.logins[role]
        response = sign_in(client, login, login.code(1) if again else None)
        assert response.status_code == 303, f"{role} could not sign in"

    def forget_token(self, role: str) -> None:
        self._tokens.pop(role, None)

    def is_signed_in(self, role: str) -> bool:
        return self.clients[role].get(HOMES[role]).status_code == 200


def new_client(app: Flask, number: int) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"192.0.2.{number}"
    return client


def build(app: Flask) -> Scenario:
    """Everyone signed in; A and B each enrolled in their own program of the organisation.

    A's care team: the assigned advocate (who enrolled A) and program staff. Not on it: the
    unassigned advocate, the admin, the other organisation's staff, and (until a test adds
    them after a share) the later advocate.
    """
    logins = {
        role: staff_member(
            app,
            STAFF_ROLES[role],
            STAFF_NAMES[role],
            OTHER_ORGANISATION if role in OTHER_ORGANISATIONS else ORGANISATION,
        )
        for role in STAFF
    }
    b_advocate = staff_member(app, "advocate", "Bo", ORGANISATION)
    clients = {role: new_client(app, number) for number, role in enumerate(ROLES, start=10)}
    names = {YOUTH_A: f"a{secrets.token_hex(4)}", YOUTH_B: f"b{secrets.token_hex(4)}"}
    ids: dict[str, object] = {}
    for role, advocate in ((YOUTH_A, logins[ASSIGNED]), (YOUTH_B, b_advocate)):
        youth_id, code, program_id = enrolled_by(app, advocate, YOUTH_NAMES[role])
        client = clients[role]
        redeem(client, code, names[role])
        client.post(
            "/youth/welcome/agree",
            data={"csrf_token": csrf_token_from(client, "/youth/welcome/agree"), "answer": "yes"},
        )
        ids["a" if role == YOUTH_A else "b"] = youth_id
        ids[f"{'a' if role == YOUTH_A else 'b'}_program"] = program_id
    add_to_care_team(app, str(ids["a"]), logins[PROGRAM].id)
    scenario = Scenario(app, clients, logins, names, ids)
    for role in STAFF:
        scenario.sign_in(role)
    ids |= {ID_KEYS[role]: login.id for role, login in logins.items()}
    ids["exit_url"] = app.config["YOUTHVOICE_EXIT_URL"]
    return scenario


# The placeholder each staff member's id fills in the matrix's paths and forms.
ID_KEYS = {
    ASSIGNED: "assigned",
    LATER: "later",
    UNASSIGNED: "unassigned",
    PROGRAM: "program",
    ADMIN: "admin",
    OTHER_ADVOCATE: "other_advocate",
    OTHER_ADMIN: "other_admin",
}


# Check-ins, through the youth's own pages ----------------------------------------------


def start(scenario: Scenario, role: str, instrument: str) -> str:
    """A new (or the open) check-in of this instrument; returns /youth/check-ins/<id>."""
    started = scenario.post(role, "/youth/check-ins", instrument=instrument)
    assert started.status_code == 303, started.get_data(as_text=True)
    return "/".join(started.headers["Location"].split("/")[:4])


def save(scenario: Scenario, role: str, path: str, **fields: object) -> None:
    saved = scenario.post(role, path, **({"action": "save"} | fields))
    assert saved.status_code == 303, saved.get_data(as_text=True)


def submit(scenario: Scenario, role: str, base: str) -> str:
    sent = scenario.post(role, f"{base}/submit")
    assert sent.status_code == 303, sent.get_data(as_text=True)
    return base.rsplit("/", 1)[1]


def send_quick(scenario: Scenario, role: str = YOUTH_A) -> str:
    base = start(scenario, role, QUICK)
    for number, value in QUICK_ANSWERS.items():
        save(scenario, role, f"{base}/q/{number}", answer=value)
    return submit(scenario, role, base)


def send_where_im_at(scenario: Scenario, role: str = YOUTH_A) -> str:
    """A private answer (the change is about something they make), its direction and two
    rulers; the stage question is never reached."""
    base = start(scenario, role, WHERE)
    save(scenario, role, f"{base}/section/1", action="yes")
    save(scenario, role, f"{base}/q/1", answer="creative")
    save(scenario, role, f"{base}/q/3", answer="start")
    save(scenario, role, f"{base}/q/5", answer="8")
    save(scenario, role, f"{base}/q/6", answer="6")
    return submit(scenario, role, base)


def send_substances(scenario: Scenario, role: str = YOUTH_A) -> str:
    """A private answer about something that happens (drinking): it can be "over now"."""
    base = start(scenario, role, "substances")
    save(scenario, role, f"{base}/section/1", action="yes")
    save(scenario, role, f"{base}/q/1", answer="1")
    return submit(scenario, role, base)


def send_for_b(scenario: Scenario) -> str:
    base = start(scenario, YOUTH_B, QUICK)
    save(scenario, YOUTH_B, f"{base}/q/1", answer="2")
    save(scenario, YOUTH_B, f"{base}/q/6", answer=["other"])
    save(scenario, YOUTH_B, f"{base}/q/7", answer=B_TYPED)
    return submit(scenario, YOUTH_B, base)


def ask_for_reset(scenario: Scenario) -> str:
    """A PIN reset for A, asked for by the assigned advocate (not approved yet)."""
    with scenario.app.app_context():
        asked = recovery.request(
            db.session.get(StaffUser, scenario.logins[ASSIGNED].id), str(scenario.ids["a"])
        )
        db.session.commit()
        return asked.id


def grant_ids(app: Flask, youth_id: str, to: str) -> list[str]:
    """Grants in force naming this person, newest first."""
    with app.app_context():
        found = [grant.id for grant in sharing.in_force_for(youth_id, to)]
        db.session.remove()
        return found


# What a page shows --------------------------------------------------------------------


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


SECTION = re.compile(r'<section class="shared-check-in">(.*?)</section>', re.DOTALL)
ROW = re.compile(
    r'<dt class="summary__key">(.*?)</dt><dd class="summary__value">(.*?)</dd>', re.DOTALL
)
TOLD = re.compile(r'<li class="person">\s*<p><strong>(.*?)</strong></p>\s*<p>(.*?)</p>', re.DOTALL)


@dataclass(frozen=True)
class View:
    """What the shared-content block shows: told-now answers, then each shared check-in as
    (title, score rows, answer rows), each row (label, value as shown)."""

    told: tuple[tuple[str, str], ...] = ()
    check_ins: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], ...] = ()


NOTHING = View()


def shared_view(page: str) -> View:
    told: tuple[tuple[str, str], ...] = ()
    if "<h2>Told you now</h2>" in page:
        block = page.split("<h2>Told you now</h2>", 1)[1].split("<h2>Check-ins shared", 1)[0]
        told = tuple((plain(q), plain(a)) for q, a in TOLD.findall(block))
    check_ins = []
    for section in SECTION.findall(page):
        title = plain(re.search(r"<h3>(.*?)</h3>", section, re.DOTALL).group(1)).split(" · ")[0]
        scores, _, answers = section.partition("<h4>")
        check_ins.append(
            (
                title,
                tuple((plain(k), plain(v)) for k, v in ROW.findall(scores)),
                tuple((plain(k), plain(v)) for k, v in ROW.findall(answers)),
            )
        )
    return View(told, tuple(check_ins))


def fingerprint(app: Flask) -> dict[str, list[str]]:
    """Every row of every watched table, to compare before and after a refused request."""
    with app.app_context():
        found = {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
            for table in db.metadata.sorted_tables
            if table.name not in NOT_WATCHED
        }
        db.session.remove()
        return found


def changed_tables(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [name for name in before if before[name] != after[name]]


CLOCK = re.compile(
    rb'(data-session-seconds=")\d+(")'
    rb'|((?:name="csrf_token" value|name="csrf-token" content)="[^."]+)[^"]*(")'
)


def clock_free(body: bytes) -> bytes:
    """The page without the two values that change with the clock on every request: the
    session countdown and the time stamp (and its signature) in the CSRF tokens."""
    return CLOCK.sub(lambda m: b"".join(part or b"" for part in m.groups()), body)
