"""Audited reads of youth data: load the facts, ask the policy, keep the record, refuse.

policy.py decides from facts alone. This module loads them (care-team membership, the
grants in force), writes every read by someone other than the youth and every refusal to
the audit log (the youth's access log is made from it), and raises AccessDenied on a no.
The youth's own preview of what a staff member sees is no staff read: it is not audited.
"""

from __future__ import annotations

from datetime import UTC, datetime

from youthvoice import audit, policy
from youthvoice.extensions import db
from youthvoice.grants import Grant
from youthvoice.models import CareTeamMember
from youthvoice.policy import AccessDenied, Decision, SentCheckIn, Viewer, Visible, YouthData
from youthvoice.services import sharing
from youthvoice.surveys.loader import Instrument

READ, DENIED = "youth_data.read", "youth_data.denied"


def read(viewer: Viewer, item: YouthData, via: str) -> Decision:
    """The gate every read of youth data passes: decide, audit, and refuse if denied.

    `via` names the page or export ("view", "print", "export") for the youth's access log.
    """
    decision = policy.decide(viewer, item, _facts(viewer, item.youth_id))
    if not policy.own_data(viewer, item.youth_id):
        details = {"kind": item.kind, "ref": item.ref, "via": via, "rule": decision.rule}
        _audit(viewer, item.youth_id, READ if decision.allowed else DENIED, details)
    if not decision.allowed:
        # The refusal must be on record even though the request that asked will fail.
        db.session.commit()
        raise AccessDenied
    return decision


def _facts(viewer: Viewer, youth_id: str) -> policy.Facts:
    if viewer.kind != "staff":
        return policy.NO_FACTS  # only staff join a care team: no query on the youth's reads
    member = db.session.get(CareTeamMember, (youth_id, viewer.id))
    return policy.Facts(on_care_team=member is not None)


def sent_check_in(
    youth_id: str, check_in_id: str, instrument: Instrument, submitted_at: datetime
) -> SentCheckIn:
    """A sent check-in as the policy sees it: which instrument, its parts, when it was sent."""
    return SentCheckIn(youth_id, check_in_id, instrument.id, _parts(instrument), submitted_at)


def _parts(instrument: Instrument) -> policy.Parts:
    scales = instrument.scales
    return policy.Parts(
        scales=frozenset(scale["id"] for scale in scales),
        items=frozenset(instrument.items()),
        private_scales=instrument.sensitive_scales,
        private_items=instrument.sensitive_items,
        domains={scale["id"]: scale["domain"] for scale in scales},
    )


def visible_in_check_in(
    viewer: Viewer, check_in: SentCheckIn, via: str, *, preview: bool = False
) -> Visible:
    """What of one sent check-in the viewer may see (policy.visible_in_check_in). A staff
    read of anything is audited; seeing nothing reads nothing. `preview` is the youth
    looking at what a staff member would see: not a staff read.
    """
    now = datetime.now(UTC)
    grants = _grants(viewer, check_in.youth_id, now)
    visible = policy.visible_in_check_in(viewer, check_in, grants, now)
    if visible and not preview and not policy.own_data(viewer, check_in.youth_id):
        details = {"kind": "check_in", "ref": check_in.id, "via": via}
        details |= {"rule": "shared by the youth", "scores": sorted(visible.scales)}
        _audit(viewer, check_in.youth_id, READ, details | {"answers": sorted(visible.items)})
    return visible


def answers_told_now(
    viewer: Viewer, youth_id: str, via: str, *, preview: bool = False
) -> list[Grant]:
    """What "Tell my advocate now" shared: a copy of one answer, for the people named.

    Audited, except in the youth's own preview of what this person sees."""
    now = datetime.now(UTC)
    told = policy.told_now(viewer, _grants(viewer, youth_id, now), now)
    for grant in [] if preview else told:
        details = {"kind": "answer_now", "ref": grant.id, "via": via, "rule": "told now"}
        _audit(viewer, youth_id, READ, details)
    return told


def _grants(viewer: Viewer, youth_id: str, now: datetime) -> list[Grant]:
    """The grants in force naming a staff viewer; no one else is ever named: no query."""
    if viewer.kind != "staff":
        return []
    return sharing.in_force_for(youth_id, viewer.id, now)


def _audit(viewer: Viewer, youth_id: str, event_type: str, details: dict) -> None:
    actor = audit.Actor(viewer.kind, viewer.id)
    audit.append(actor, event_type, subject_id=youth_id, details=details)
