"""Demo data for a laptop or a training session: safe to run again and again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from youthvoice.extensions import db
from youthvoice.models import Organisation, Program

DEMO_ORGANISATION = "Harbor Youth Collective (demo)"
DEMO_PROGRAMS = ("Drop-in Center", "Community Advocacy")


@dataclass(frozen=True)
class DemoSummary:
    organisation: str
    programs: tuple[str, ...]
    created: int


def seed_demo() -> DemoSummary:
    """Create the demo organisation and its programs unless they are already there."""
    created = 0
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == DEMO_ORGANISATION)
    )
    if organisation is None:
        organisation = Organisation(name=DEMO_ORGANISATION)
        db.session.add(organisation)
        created += 1
    existing = {program.name for program in organisation.programs}
    for name in DEMO_PROGRAMS:
        if name not in existing:
            organisation.programs.append(Program(name=name))
            created += 1
    db.session.commit()
    return DemoSummary(organisation.name, DEMO_PROGRAMS, created)
