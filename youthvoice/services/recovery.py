"""Account recovery for a forgotten PIN: an advocate asks, an admin approves (unless the
deployment says a one-person program may skip it, which the audit records), the advocate
gets a code valid for 24 hours, the youth chooses a new PIN, and sees at once who did it.

A reset must not be able to hide itself: whoever used the code may be the advocate, not the
youth. So the code is shown once per request, and the notice of the reset stays on the
youth's pages until it is dismissed from a later session than the one the code started."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from youthvoice import audit
from youthvoice.extensions import db
from youthvoice.models import (
    AuthSession,
    CareTeamMember,
    Invite,
    RecoveryRequest,
    StaffUser,
    Youth,
)
from youthvoice.services import passwords, sessions, staff_accounts, youth_accounts

CODE_LIFETIME = timedelta(hours=24)


class RecoveryError(Exception):
    """The step is not allowed; nothing was changed."""


class CodeAlreadyShown(RecoveryError):
    """This request's code was shown once already; only a new request gives a new code."""

    def __init__(self, youth_id: str) -> None:
        super().__init__("the code was shown once already")
        self.youth_id = youth_id  # whose reset: the page offers to ask for a new one


@dataclass(frozen=True)
class RecoveryNotice:
    requested_by: str
    requested_at: datetime
    approved_by: str | None  # None: approval skipped by the deployment's setting
    approved_at: datetime | None
    first_used_at: datetime  # when the code was used and the new PIN's session began
    failed_sign_ins_before: int
    in_reset_session: bool  # seen from the session the code started: it cannot dismiss it


def _needs_admin() -> bool:
    return bool(current_app.config["YOUTHVOICE_SETTINGS"].recovery_needs_admin)


def request(advocate: StaffUser, youth_id: str) -> RecoveryRequest:
    """A reset for this youth: the one already asked for, while its code is not given out;
    otherwise a new one, and a code given out but not used is voided (it was lost)."""
    if db.session.get(CareTeamMember, (youth_id, advocate.id)) is None:
        raise RecoveryError("only a member of the young person's care team can ask")
    open_request = db.session.scalar(
        select(RecoveryRequest).where(
            RecoveryRequest.youth_id == youth_id,
            RecoveryRequest.completed_at.is_(None),
            RecoveryRequest.voided_at.is_(None),
        )
    )
    if open_request is not None and open_request.invite_id is None:
        return open_request
    if open_request is not None:
        _void(open_request, advocate)
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


def _void(recovery: RecoveryRequest, advocate: StaffUser) -> None:
    """End a request whose code was given out and not used: the code stops working now."""
    now = datetime.now(UTC)
    recovery.voided_at = now
    db.session.execute(
        update(Invite)
        .where(Invite.id == recovery.invite_id, Invite.used_at.is_(None))
        .values(expires_at=now)
    )
    audit.append(
        audit.Actor("staff", advocate.id),
        "recovery.voided",
        recovery.youth_id,
        {"request": recovery.id},
    )


def waiting_for_approval(admin: StaffUser) -> list[RecoveryRequest]:
    return list(
        db.session.scalars(
            select(RecoveryRequest)
            .join(Youth, Youth.id == RecoveryRequest.youth_id)
            .where(Youth.organisation_id == admin.organisation_id)
            .where(RecoveryRequest.approved_at.is_(None), RecoveryRequest.completed_at.is_(None))
            .where(RecoveryRequest.voided_at.is_(None))
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
    if recovery.voided_at is not None:
        raise RecoveryError("this reset was replaced by a new one")
    if recovery.approved_at is None:
        recovery.approved_by, recovery.approved_at = admin.id, datetime.now(UTC)
        audit.append(
            audit.Actor("staff", admin.id), "recovery.approved", youth.id, {"request": recovery.id}
        )
    return recovery


def issue_code(advocate: StaffUser, request_id: str) -> str:
    """The one-time recovery code, shown once to the advocate who asked; valid 24 hours.
    Asked for again (a reload, a second tab), it raises CodeAlreadyShown: a second live
    code would be a second way in that nobody is watching for."""
    recovery = db.session.get(RecoveryRequest, request_id)
    closed = recovery is None or recovery.completed_at or recovery.voided_at
    if closed or recovery.requested_by != advocate.id:
        raise RecoveryError("this reset is not yours to give out")
    if recovery.approved_at is None:
        raise RecoveryError("an admin has not approved this reset yet")
    if db.session.get(CareTeamMember, (recovery.youth_id, advocate.id)) is None:
        raise RecoveryError("only someone on the young person's team can give out the code")
    if recovery.invite_id is not None:
        raise CodeAlreadyShown(recovery.youth_id)
    youth = db.session.get(Youth, recovery.youth_id)
    code = youth_accounts.issue_invite(youth, advocate, "recovery", CODE_LIFETIME)
    invite_id = db.session.scalar(
        select(Invite.id).where(Invite.code_hash == youth_accounts.code_hash(code))
    )
    # Claimed only if no other request got there first (two tabs at once): the loser's
    # invite is rolled back with its transaction.
    claimed = db.session.execute(
        update(RecoveryRequest)
        .where(RecoveryRequest.id == recovery.id, RecoveryRequest.invite_id.is_(None))
        .values(invite_id=invite_id)
        .execution_options(synchronize_session="fetch")
    )
    if claimed.rowcount != 1:
        raise CodeAlreadyShown(recovery.youth_id)
    audit.append(audit.Actor("staff", advocate.id), "recovery.code_given", youth.id)
    return code


def complete(invite: Invite, new_secret: str) -> Youth:
    """Set the new PIN: the youth's data stays; every old session ends. A code that no
    longer belongs to a live request (voided, used, expired) raises RecoveryError."""
    recovery = db.session.scalar(
        select(RecoveryRequest).where(RecoveryRequest.invite_id == invite.id)
    )
    now = datetime.now(UTC)
    if recovery is None or recovery.completed_at or recovery.voided_at:
        raise RecoveryError("that code does not belong to a live reset")
    if invite.expires_at <= now or not _spend(invite, now):
        raise RecoveryError("that code expired or was used")
    youth = db.session.get(Youth, invite.youth_id)
    recovery.failed_sign_ins_before = youth_accounts.forget_failures(youth)
    recovery.completed_at = now
    youth.secret_hash = passwords.hash_secret(new_secret, youth_accounts.pepper())
    sessions.revoke_all("youth", youth.id)
    audit.append(
        audit.Actor("staff", recovery.requested_by),
        "account.recovered",
        youth.id,
        {"request": recovery.id, "approved_by": recovery.approved_by},
    )
    return youth


def _spend(invite: Invite, now: datetime) -> bool:
    """Mark the code used, unless another request used it a moment ago."""
    spent = db.session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return spent.rowcount == 1


def remember_reset_session(invite: Invite, session_hash: str) -> None:
    """The session the code started (after complete): the notice cannot be dismissed from it."""
    recovery = db.session.scalar(
        select(RecoveryRequest).where(RecoveryRequest.invite_id == invite.id)
    )
    if recovery is not None:
        recovery.reset_session_hash = session_hash


def carry_reset_session(old_hash: str | None, new_hash: str) -> None:
    """The reset session was replaced by a new one on the same device (a PIN change): the
    new one is still the reset session, or changing the PIN would unlock the notice."""
    if old_hash is None:
        return
    db.session.execute(
        update(RecoveryRequest)
        .where(
            RecoveryRequest.reset_session_hash == old_hash,
            RecoveryRequest.shown_to_youth_at.is_(None),
        )
        .values(reset_session_hash=new_hash)
    )


def _unseen(youth_id: str) -> list[RecoveryRequest]:
    """Completed resets the youth has not dismissed, newest first."""
    return list(
        db.session.scalars(
            select(RecoveryRequest)
            .where(RecoveryRequest.youth_id == youth_id)
            .where(
                RecoveryRequest.completed_at.is_not(None),
                RecoveryRequest.shown_to_youth_at.is_(None),
            )
            .order_by(RecoveryRequest.completed_at.desc())
        )
    )


def _started_by_reset(unseen: list[RecoveryRequest], session_hash: str | None) -> bool:
    return session_hash is not None and any(
        recovery.reset_session_hash == session_hash for recovery in unseen
    )


def in_reset_session(youth_id: str, session_hash: str | None) -> bool:
    """Whether this session was started by a reset the youth has not dismissed yet."""
    return _started_by_reset(_unseen(youth_id), session_hash)


def unseen_notice(youth_id: str, session_hash: str | None = None) -> RecoveryNotice | None:
    """The newest reset not dismissed yet, as the youth is told of it in this session."""
    unseen = _unseen(youth_id)
    if not unseen:
        return None
    recovery = unseen[0]
    requester = db.session.get(StaffUser, recovery.requested_by)
    approver = db.session.get(StaffUser, recovery.approved_by) if recovery.approved_by else None
    return RecoveryNotice(
        staff_accounts.display_name(requester),
        recovery.requested_at,
        staff_accounts.display_name(approver) if approver else None,
        recovery.approved_at,
        _first_used(recovery),
        recovery.failed_sign_ins_before,
        _started_by_reset(unseen, session_hash),
    )


def _first_used(recovery: RecoveryRequest) -> datetime:
    started = None
    if recovery.reset_session_hash:
        started = db.session.scalar(
            select(AuthSession.created_at).where(AuthSession.id_hash == recovery.reset_session_hash)
        )
    return started or recovery.completed_at


def mark_seen(youth_id: str, session_hash: str | None) -> bool:
    """Dismiss the notice; refused (False, nothing changed) from the session a reset
    started, whoever is using it: only a later sign-in may dismiss it."""
    unseen = _unseen(youth_id)
    if _started_by_reset(unseen, session_hash):
        return False
    now = datetime.now(UTC)
    for recovery in unseen:
        recovery.shown_to_youth_at = now
    if unseen:
        audit.append(audit.Actor("youth", youth_id), "recovery.notice_dismissed", youth_id)
    return True
