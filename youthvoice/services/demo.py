"""Demo data for a laptop or a training session: safe to run again and again.

Everything it makes belongs to an organisation marked as a demo, so every page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from youthvoice.extensions import db
from youthvoice.models import Organisation, Program, StaffUser
from youthvoice.services import staff_accounts

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


def seed_demo() -> DemoSummary:
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
    db.session.commit()
    return DemoSummary(organisation.name, DEMO_PROGRAMS, created, tuple(logins))


def is_demo_deployment() -> bool:
    return (
        db.session.scalar(select(Organisation.id).where(Organisation.is_demo).limit(1)) is not None
    )
