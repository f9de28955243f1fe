"""What an advocate sees of the young people on their care team: only through the policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from youthvoice import policy
from youthvoice.extensions import db
from youthvoice.models import CareTeamMember, Youth
from youthvoice.services import youth_accounts


@dataclass(frozen=True)
class EnrolledYouth:
    id: str
    preferred_name: str | None
    enrolled_on: datetime
    signed_in_once: bool


def my_young_people(staff_id: str, via: str = "list") -> list[EnrolledYouth]:
    viewer = policy.Viewer("staff", staff_id)
    rows = db.session.scalars(
        select(Youth)
        .join(CareTeamMember, CareTeamMember.youth_id == Youth.id)
        .where(CareTeamMember.staff_id == staff_id)
        .order_by(Youth.created_at.desc())
    ).all()
    people = []
    for youth in rows:
        policy.read(viewer, policy.YouthData(youth.id, "enrolment"), via=via)
        people.append(
            EnrolledYouth(
                youth.id,
                youth_accounts.preferred_name(youth),
                youth.created_at,
                youth.sign_in_name_hash is not None,
            )
        )
    return people
