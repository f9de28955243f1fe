"""Account recovery for a forgotten PIN: an advocate asks, an admin approves (unless the
deployment says a one-person program may skip it, which the audit records), the advocate
gets a code valid for 24 hours, the youth chooses a new PIN, and sees at once who did it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from youthvoice import audit
from youthvoice.extensions import db
from youthvoice.models import (
    CareTeamMember,
    Invite,
    RecoveryRequest,
    StaffUser,
    ThrottleState,
    Youth,
)
from youthvoice.services import passwords, sessions, staff_accounts, throttle, youth_accounts

CODE_LIFETIME = timedelta(hours=24)


class RecoveryError(Exception):
    """The step is not allowed; nothing was changed."""


@dataclass(frozen=True)
class RecoveryNotice:
    requested_by: str
    approved_by: str | None  # None: approval skipped by the deployment's setting
    completed_at: datetime
    failed_sign_ins_before: int


def _needs_admin() -> bool:
    return bool(current_app.config["YOUTHVOICE_SETTINGS"].recovery_needs_admin)


def request(advocate: StaffUser, youth_id: str) -> RecoveryRequest:
    if db.session.get(CareTeamMember, (youth_id, advocate.id)) is None:
        raise RecoveryError("only a member of the young person's care team can ask")
    open_request = db.session.scalar(
        select(RecoveryRequest).where(
            RecoveryRequest.youth_id == youth_id, RecoveryRequest.completed_at.is_(None)
        )
    )
    if open_request is not None:
        return open_request
    recovery = RecoveryRequest(youth_id=youth_id, requested_by=advocate.id)
    db.session.add(recovery)
    db.session.flush()
    actor = audit.Actor("staff", advocate.id)
    audit.append(actor, "recovery.requested", youth_id, {"request": recovery.id})
    if not _needs_admin():
        recovery.approval_skipped = True
        recovery.approved_at = datetime.now(UTC)
        audit.append(
            actor,
            "recovery.approved",
            youth_id,
            {"request": recovery.id, "approval": "skipped: one-person program setting"},
        )
    return recovery


def waiting_for_approval(admin: StaffUser) -> list[RecoveryRequest]:
    return list(
        db.session.scalars(
            select(RecoveryRequest)
            .join(Youth, Youth.id == RecoveryRequest.youth_id)
            .where(Youth.organisation_id == admin.organisation_id)
            .where(RecoveryRequest.approved_at.is_(None), RecoveryRequest.completed_at.is_(None))
            .order_by(RecoveryRequest.requested_at)
        )
    )


def approve(admin: StaffUser, request_id: str) -> RecoveryRequest:
    recovery = db.session.get(RecoveryRequest, request_id)
    youth = db.session.get(Youth, recovery.youth_id) if recovery else None
    if admin.role != "admin" or youth is None or youth.organisation_id != admin.organisation_id:
        raise RecoveryError("only an admin of the young person's organisation can approve")
    if recovery.requested_by == admin.id:
        raise RecoveryError("a second person must approve a reset you asked for")
    if recovery.approved_at is None:
        recovery.approved_by, recovery.approved_at = admin.id, datetime.now(UTC)
        audit.append(
            audit.Actor("staff", admin.id), "recovery.approved", youth.id, {"request": recovery.id}
        )
    return recovery


def issue_code(advocate: StaffUser, request_id: str) -> str:
    """The one-time recovery code, shown once to the advocate who asked; valid 24 hours."""
    recovery = db.session.get(RecoveryRequest, request_id)
    if recovery is None or recovery.requested_by != advocate.id or recovery.completed_at:
        raise RecoveryError("this reset is not yours to give out")
    if recovery.approved_at is None:
        raise RecoveryError("an admin has not approved this reset yet")
    if db.session.get(CareTeamMember, (recovery.youth_id, advocate.id)) is None:
        raise RecoveryError("only someone on the young person's team can give out the code")
    youth = db.session.get(Youth, recovery.youth_id)
    code = youth_accounts.issue_invite(youth, advocate, "recovery", CODE_LIFETIME)
    recovery.invite_id = db.session.scalar(
        select(Invite.id).where(Invite.code_hash == youth_accounts.code_hash(code))
    )
    audit.append(audit.Actor("staff", advocate.id), "recovery.code_given", youth.id)
    return code


def complete(invite: Invite, new_secret: str) -> Youth:
    """Set the new PIN: the youth's data stays; every old session ends."""
    recovery = db.session.scalar(
        select(RecoveryRequest).where(RecoveryRequest.invite_id == invite.id)
    )
    youth = db.session.get(Youth, invite.youth_id)
    account = throttle.account_key("youth", youth.sign_in_name_hash or "")
    state = db.session.get(ThrottleState, account)
    now = datetime.now(UTC)
    recovery.failed_sign_ins_before = state.consecutive_failures if state else 0
    recovery.completed_at = now
    invite.used_at = now
    youth.secret_hash = passwords.hash_secret(new_secret, youth_accounts.pepper())
    throttle.record_success(account)
    sessions.revoke_all("youth", youth.id)
    audit.append(
        audit.Actor("staff", recovery.requested_by),
        "account.recovered",
        youth.id,
        {"request": recovery.id, "approved_by": recovery.approved_by},
    )
    return youth


def unseen_notice(youth_id: str) -> RecoveryNotice | None:
    recovery = db.session.scalar(
        select(RecoveryRequest)
        .where(RecoveryRequest.youth_id == youth_id)
        .where(
            RecoveryRequest.completed_at.is_not(None), RecoveryRequest.shown_to_youth_at.is_(None)
        )
        .order_by(RecoveryRequest.completed_at.desc())
    )
    if recovery is None:
        return None
    requester = db.session.get(StaffUser, recovery.requested_by)
    approver = db.session.get(StaffUser, recovery.approved_by) if recovery.approved_by else None
    return RecoveryNotice(
        staff_accounts.display_name(requester),
        staff_accounts.display_name(approver) if approver else None,
        recovery.completed_at,
        recovery.failed_sign_ins_before,
    )


def mark_seen(youth_id: str) -> None:
    for recovery in db.session.scalars(
        select(RecoveryRequest).where(
            RecoveryRequest.youth_id == youth_id,
            RecoveryRequest.shown_to_youth_at.is_(None),
            RecoveryRequest.completed_at.is_not(None),
        )
    ):
        recovery.shown_to_youth_at = datetime.now(UTC)
