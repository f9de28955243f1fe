"""A youth deletes their account: now, or after 7 days unless they cancel.

Deleting shreds the youth's data key first, so every ciphertext of theirs (answers,
shares, audit details, backups) stops decrypting everywhere at once; then their rows go.
What someone already read or printed cannot be taken back, and the youth is told so.

After a restore (or an older database copy put back by hand) the deletion ledger is
re-applied: everyone it names is deleted again, keys and rows, the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from youthvoice import audit
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import Youth
from youthvoice.services import sessions

WAIT = timedelta(days=7)


def schedule(youth: Youth) -> datetime:
    youth.deletion_due_at = datetime.now(UTC) + WAIT
    audit.append(audit.Actor("youth", youth.id), "youth.deletion_scheduled", youth.id)
    return youth.deletion_due_at


def cancel(youth: Youth) -> None:
    if youth.deletion_due_at is not None:
        youth.deletion_due_at = None
        audit.append(audit.Actor("youth", youth.id), "youth.deletion_cancelled", youth.id)


def delete_now(youth: Youth, actor: audit.Actor | None = None) -> None:
    """Shred, sign out everywhere, delete. The caller's transaction commits."""
    audit.append(actor or audit.Actor("youth", youth.id), "youth.deleted", youth.id)
    keys().shred(youth.id)
    _remove_rows(youth)


def _remove_rows(youth: Youth) -> None:
    """The one way a youth's rows go, whether deleted now or again after a restore."""
    sessions.forget_all("youth", youth.id)
    db.session.delete(youth)  # check-ins, shares, care team, invites and recoveries go with it


def delete_due(now: datetime | None = None) -> int:
    """Accounts whose 7 days have passed (the daily `purge` job)."""
    now = now or datetime.now(UTC)
    due = db.session.scalars(
        select(Youth).where(Youth.deletion_due_at.is_not(None), Youth.deletion_due_at <= now)
    ).all()
    for youth in due:
        delete_now(youth, audit.SYSTEM)
    return len(due)


@dataclass(frozen=True)
class Reapplied:
    shredded: int  # data keys destroyed again
    removed: int  # youth accounts whose rows were removed again


def reapply_ledger() -> Reapplied:
    """Delete again everyone the deletion ledger names (run by `restore` and `init`).

    A restored backup holds the rows of youth deleted since it was taken; their keys are
    shredded and their rows removed as delete_now does. The caller's transaction commits.
    """
    service = keys()
    shredded = service.apply_deletion_ledger()
    youth_ids = db.session.scalars(select(Youth.id)).all()
    gone = service.deleted_owners(youth_ids)
    for youth in db.session.scalars(select(Youth).where(Youth.id.in_(gone))).all():
        audit.append(audit.SYSTEM, "youth.deletion_reapplied", youth.id)
        _remove_rows(youth)
    return Reapplied(shredded, len(gone))
