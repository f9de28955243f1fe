"""What an advocate sees of the young people on their care team: only through the policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from youthvoice import policy
from youthvoice.extensions import db
from youthvoice.models import CareTeamMember, RecoveryRequest, Youth
from youthvoice.services import youth_accounts


@dataclass(frozen=True)
class EnrolledYouth:
    id: str
    preferred_name: str | None
    enrolled_on: datetime
    signed_in_once: bool
    recovery_id: str | None = None
    recovery_approved: bool = False


def _open_recovery(youth_id: str) -> RecoveryRequest | None:
    return db.session.scalar(
        select(RecoveryRequest).where(
            RecoveryRequest.youth_id == youth_id,
            RecoveryRequest.completed_at.is_(None),
            RecoveryRequest.invite_id.is_(None),
        )
    )


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
        recovery = _open_recovery(youth.id)
        people.append(
            EnrolledYouth(
                youth.id,
                youth_accounts.preferred_name(youth),
                youth.created_at,
                youth.sign_in_name_hash is not None,
                recovery.id if recovery else None,
                bool(recovery and recovery.approved_at),
            )
        )
    return people
