"""Demo data for a laptop or a training session: safe to run again and again.

Everything it makes belongs to an organisation marked as a demo, so every page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from youthvoice.extensions import db
from youthvoice.models import Organisation, Program, StaffUser
from youthvoice.services import staff_accounts, throttle, youth_accounts

DEMO_ORGANISATION = "Harbor Youth Collective (demo)"
DEMO_PROGRAMS = ("Drop-in Center", "Community Advocacy")
# Role, email, name. Passwords are printed: this is a demo, and every page says so.
DEMO_STAFF = (
    ("admin", "admin@demo.youthvoice.test", "Alex (admin)"),
    ("advocate", "maria@demo.youthvoice.test", "Maria (advocate)"),
    ("advocate", "jordan@demo.youthvoice.test", "Jordan (advocate)"),
    ("program_staff", "sam@demo.youthvoice.test", "Sam (program staff)"),
)
DEMO_PASSWORD = "demo password, not for real use"  # noqa: S105 (printed on purpose)
# Preferred name, sign-in name, has said yes, counted in statistics. All share DEMO_PIN.
DEMO_YOUTH = (
    ("Luz", "demo-luz", True, True),
    ("Kai", "demo-kai", True, False),
    ("", "demo-river", False, False),
)
DEMO_PIN = "493817"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    totp_secret: str


@dataclass(frozen=True)
class DemoSummary:
    organisation: str
    programs: tuple[str, ...]
    created: int
    staff: tuple[DemoLogin, ...]
    youth: tuple[str, ...]


def seed_demo() -> DemoSummary:
    current_app.extensions.pop(DEMO_FLAG, None)
    """Create the demo organisation, programs and staff unless they are already there."""
    created = 0
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == DEMO_ORGANISATION)
    )
    if organisation is None:
        organisation = Organisation(name=DEMO_ORGANISATION, is_demo=True)
        db.session.add(organisation)
        created += 1
    existing = {program.name for program in organisation.programs}
    for name in DEMO_PROGRAMS:
        if name not in existing:
            organisation.programs.append(Program(name=name))
            created += 1
    logins = []
    for role, email, name in DEMO_STAFF:
        staff = db.session.scalar(
            select(StaffUser).where(StaffUser.email_hash == staff_accounts.email_hash(email))
        )
        if staff is None:
            staff, _secret = staff_accounts.create_staff(
                organisation, role, email, name, DEMO_PASSWORD
            )
            created += 1
        logins.append(DemoLogin(role, email, DEMO_PASSWORD, staff_accounts.totp_secret(staff)))
    db.session.flush()
    created += _seed_youth(organisation)
    db.session.commit()
    names = tuple(name for _, name, _, _ in DEMO_YOUTH)
    return DemoSummary(organisation.name, DEMO_PROGRAMS, created, tuple(logins), names)


def _seed_youth(organisation: Organisation) -> int:
    """Three young people on Maria's care team, each with a sign-in and a different start."""
    maria = db.session.scalar(
        select(StaffUser).where(StaffUser.email_hash == staff_accounts.email_hash(DEMO_STAFF[1][1]))
    )
    created = 0
    for preferred, sign_in_name, assented, counted in DEMO_YOUTH:
        if youth_accounts.name_taken(sign_in_name):
            continue
        youth, code = youth_accounts.enrol(
            maria, preferred, organisation.programs[0].id, date.today()
        )
        invite, _wait = youth_accounts.find_invite(code, throttle.Source("demo"))
        youth_accounts.complete_invite(invite, sign_in_name, DEMO_PIN)
        if assented:
            youth_accounts.record_assent(youth)
            youth_accounts.set_statistics_choice(youth, counted)
        created += 1
    return created


DEMO_FLAG = "youthvoice.is_demo"


def is_demo_deployment() -> bool:
    """Whether any demo organisation exists; asked on every page, so kept once known.

    A deployment becomes a demo only by `flask demo` (seed_demo forgets the kept answer);
    a real one never stops being real."""
    known = current_app.extensions.get(DEMO_FLAG)
    if known is None:
        query = select(Organisation.id).where(Organisation.is_demo).limit(1)
        known = db.session.scalar(query) is not None
        current_app.extensions[DEMO_FLAG] = known
    return known
