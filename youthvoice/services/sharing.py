"""Share grants: the youth decides what named staff may see, from when, and until when.

A grant's contents are one ciphertext under the youth's data key. Whether a grant lets
someone see something is decided in youthvoice/policy.py and nowhere else; this module
only records, reads and revokes grants. The grant itself and its kinds are plain values
in youthvoice/grants.py, named here too for this module's callers.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from youthvoice import audit, policy
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.grants import (
    ANSWER,
    ANSWER_NOW,
    ANSWERS,
    BOTH,
    CHECK_IN,
    DOMAIN,
    FUTURE,
    INSTRUMENT,
    PAST,
    SCOPES,
    SCORES,
    Grant,
)
from youthvoice.models import CareTeamMember, ShareGrant, StaffUser
from youthvoice.models.staff import new_id

__all__ = [  # the grant's kinds, named here for this module's callers
    "ANSWER",
    "ANSWERS",
    "ANSWER_NOW",
    "BOTH",
    "CHECK_IN",
    "DOMAIN",
    "FUTURE",
    "INSTRUMENT",
    "PAST",
    "SCOPES",
    "SCORES",
    "SENSITIVE_DAYS",
    "Grant",
    "ShareError",
    "change",
    "create",
    "end_of",
    "grant_of",
    "grants_of",
    "in_force_for",
    "recipients",
    "revoke",
]
SENSITIVE_DAYS = 90  # a share of a sensitive answer ends by default after this


class ShareError(Exception):
    """The grant asked for is not possible (say, someone not on the care team)."""


def end_of(day: date) -> datetime:
    """Until 5 March means through 5 March: the share ends when 6 March begins (UTC)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


# Program staff print de-identified reports; they never open one young person's page, so
# a share cannot name them.
RECIPIENT_ROLES = ("advocate", "admin")


def recipients(youth_id: str) -> list[StaffUser]:
    """Who a share can name: active advocates and admins on the youth's care team now."""
    query = (
        select(StaffUser)
        .join(CareTeamMember, CareTeamMember.staff_id == StaffUser.id)
        .where(CareTeamMember.youth_id == youth_id, StaffUser.active)
        .where(StaffUser.role.in_(RECIPIENT_ROLES))
        .order_by(CareTeamMember.added_at)
    )
    return list(db.session.scalars(query))


def _check_recipients(youth_id: str, to: list[str]) -> None:
    allowed = {staff.id for staff in recipients(youth_id)}
    if not to or any(staff_id not in allowed for staff_id in to):
        raise ShareError("share only with advocates or admins on the care team")


def create(
    youth_id: str,
    to: list[str],
    scope: str,
    ref: str,
    *,
    detail: str = SCORES,
    when: str = BOTH,
    until: datetime | None = None,
    answer: dict | None = None,
) -> Grant:
    """Record a grant. Only people on the youth's care team now can be named."""
    _check_recipients(youth_id, to)
    if scope not in SCOPES or detail not in (SCORES, ANSWERS) or when not in (PAST, FUTURE, BOTH):
        raise ShareError("unknown kind of share")
    record = ShareGrant(id=new_id(), youth_id=youth_id, created_at=datetime.now(UTC))
    made = Grant(record.id, youth_id, record.created_at, sorted(set(to)), scope, ref)
    grant = replace(made, detail=detail, when=when, until=until, answer=answer)
    record.content = _seal(grant)
    db.session.add(record)
    audit.append(audit.Actor("youth", youth_id), "share.granted", youth_id, {"grant": record.id})
    return grant


def _seal(grant: Grant) -> bytes:
    content = {
        "to": grant.to,
        "scope": grant.scope,
        "ref": grant.ref,
        "detail": grant.detail,
        "when": grant.when,
        "until": grant.until.isoformat() if grant.until else None,
        "answer": grant.answer,
    }
    cipher = keys().cipher_for(grant.youth_id)
    plaintext = json.dumps(content, sort_keys=True, ensure_ascii=False)
    # Padded: a grant names an instrument (and may hold a copy of an answer); its size must not.
    return cipher.encrypt("share_grants", "content", grant.id, plaintext, padded=True)


def _open(record: ShareGrant) -> Grant:
    cipher = keys().cipher_for(record.youth_id)
    content = json.loads(cipher.decrypt_text("share_grants", "content", record.id, record.content))
    until = content["until"]
    return Grant(
        id=record.id,
        youth_id=record.youth_id,
        created_at=record.created_at,
        revoked_at=record.revoked_at,
        to=content["to"],
        scope=content["scope"],
        ref=content["ref"],
        detail=content["detail"],
        when=content["when"],
        until=datetime.fromisoformat(until) if until else None,
        answer=content.get("answer"),
    )


def grants_of(youth_id: str) -> list[Grant]:
    """Every grant the youth made, newest first (revoked and expired ones included)."""
    query = select(ShareGrant).where(ShareGrant.youth_id == youth_id)
    return [
        _open(record) for record in db.session.scalars(query.order_by(ShareGrant.created_at.desc()))
    ]


def in_force_for(youth_id: str, staff_id: str, now: datetime | None = None) -> list[Grant]:
    """The grants naming this staff member that are in force (policy.in_force) now."""
    in_force = policy.in_force(grants_of(youth_id), now or datetime.now(UTC))
    return [grant for grant in in_force if staff_id in grant.to]


def revoke(youth_id: str, grant_id: str) -> bool:
    """Stop a share at once; False when there is no such grant of this youth."""
    record = db.session.get(ShareGrant, grant_id)
    if record is None or record.youth_id != youth_id:
        return False
    if record.revoked_at is None:
        record.revoked_at = datetime.now(UTC)
        audit.append(audit.Actor("youth", youth_id), "share.revoked", youth_id, {"grant": grant_id})
    return True


def change(youth_id: str, grant_id: str, to: list[str], until: datetime | None) -> bool:
    """Change who a share is with and when it ends; what it shares stays. False when there
    is no such grant in force for this youth."""
    record = db.session.get(ShareGrant, grant_id)
    if record is None or record.youth_id != youth_id or record.revoked_at is not None:
        return False
    _check_recipients(youth_id, to)
    grant = replace(_open(record), to=sorted(set(to)), until=until)
    record.content = _seal(grant)
    audit.append(audit.Actor("youth", youth_id), "share.changed", youth_id, {"grant": grant_id})
    return True


def grant_of(youth_id: str, grant_id: str) -> Grant | None:
    record = db.session.get(ShareGrant, grant_id)
    if record is None or record.youth_id != youth_id:
        return None
    return _open(record)
