"""What an advocate sees of the young people on their care team: only through the policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from youthvoice.extensions import db
from youthvoice.models import CareTeamMember, DataKey, RecoveryRequest, Youth
from youthvoice.policy import Viewer, YouthData
from youthvoice.services import reading, sharing, youth_accounts
from youthvoice.services.plain_text import without_bidi_controls

NEW_SHARE_DAYS = 14


@dataclass(frozen=True)
class EnrolledYouth:
    id: str
    preferred_name: str | None
    enrolled_on: datetime
    signed_in_once: bool
    recovery_id: str | None = None
    recovery_approved: bool = False
    newest_share: datetime | None = None  # the newest share naming this staff member
    told_now: bool = False  # "Tell my advocate now" is among them


def _open_recovery(youth_id: str) -> RecoveryRequest | None:
    return db.session.scalar(
        select(RecoveryRequest).where(
            RecoveryRequest.youth_id == youth_id,
            RecoveryRequest.completed_at.is_(None),
            RecoveryRequest.invite_id.is_(None),
        )
    )


def my_young_people(staff_id: str, via: str = "list") -> list[EnrolledYouth]:
    viewer = Viewer("staff", staff_id)
    rows = db.session.scalars(
        select(Youth)
        .join(CareTeamMember, CareTeamMember.youth_id == Youth.id)
        # Someone whose data key is gone (deleted in another process just now) is left out:
        # nothing of theirs can be read, and the rest of the list must still show.
        .join(DataKey, DataKey.owner_id == Youth.id)
        .where(CareTeamMember.staff_id == staff_id)
        .order_by(Youth.created_at.desc())
    ).all()
    people = []
    for youth in rows:
        reading.read(viewer, YouthData(youth.id, "enrolment"), via=via)
        recovery = _open_recovery(youth.id)
        shares = sharing.in_force_for(youth.id, staff_id)
        people.append(
            EnrolledYouth(
                youth.id,
                name_for_staff(youth),
                youth.created_at,
                youth.sign_in_name_hash is not None,
                recovery.id if recovery else None,
                bool(recovery and recovery.approved_at),
                max((grant.created_at for grant in shares), default=None),
                any(grant.scope == sharing.ANSWER_NOW for grant in shares),
            )
        )
    return people


def name_for_staff(youth: Youth) -> str | None:
    """The preferred name as staff pages show it: typed by someone, so no direction controls."""
    name = youth_accounts.preferred_name(youth)
    return None if name is None else without_bidi_controls(name)


def new_shares(people: list[EnrolledYouth], days: int = NEW_SHARE_DAYS) -> list[EnrolledYouth]:
    """Who shared something with this staff member lately, "tell now" first, then newest."""
    since = datetime.now(UTC) - timedelta(days=days)
    recent = [person for person in people if person.newest_share and person.newest_share >= since]
    return sorted(
        recent, key=lambda person: (not person.told_now, -person.newest_share.timestamp())
    )
