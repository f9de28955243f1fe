"""The one place that decides who may read which piece of youth data. Deny by default.

Every allowed read by anyone other than the youth, and every refused attempt, is audited
here. Share grants are recorded by services/sharing.py; what they let someone see is
decided here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from youthvoice import audit
from youthvoice.extensions import db
from youthvoice.models import CareTeamMember
from youthvoice.services import sharing
from youthvoice.surveys.flow import sensitive_items, sensitive_scales


@dataclass(frozen=True)
class Viewer:
    kind: str  # "youth" or "staff"
    id: str
    roles: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class YouthData:
    """A piece of one youth's data: what kind (a check-in, scores, a domain…) and which."""

    youth_id: str
    kind: str
    ref: str | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str


class AccessDenied(Exception):
    """Raised by read() when the policy says no. Says nothing about the data."""


def _own_data(viewer: Viewer, item: YouthData) -> bool:
    return viewer.kind == "youth" and viewer.id == item.youth_id


def _care_team_enrolment(viewer: Viewer, item: YouthData) -> bool:
    """The enrolment record (preferred name, enrolment date) is for the youth's care team."""
    if viewer.kind != "staff" or item.kind != "enrolment":
        return False
    member = db.session.get(CareTeamMember, (item.youth_id, viewer.id))
    return member is not None


Rule = Callable[[Viewer, YouthData], bool]
RULES: tuple[tuple[str, Rule], ...] = (
    ("youth reads their own data", _own_data),
    ("care team reads the enrolment record", _care_team_enrolment),
)
DEFAULT = Decision(False, "deny by default")


def decide(viewer: Viewer, item: YouthData) -> Decision:
    for name, rule in RULES:
        if rule(viewer, item):
            return Decision(True, name)
    return DEFAULT


def read(viewer: Viewer, item: YouthData, via: str) -> Decision:
    """The gate every read of youth data passes: decide, audit, and refuse if denied.

    `via` names the page or export ("view", "print", "export") for the youth's access log.
    """
    decision = decide(viewer, item)
    if not _own_data(viewer, item):
        audit.append(
            audit.Actor(viewer.kind, viewer.id),
            "youth_data.read" if decision.allowed else "youth_data.denied",
            subject_id=item.youth_id,
            details={"kind": item.kind, "ref": item.ref, "via": via, "rule": decision.rule},
        )
    if not decision.allowed:
        # The refusal must be on record even though the request that asked will fail.
        db.session.commit()
        raise AccessDenied
    return decision


@dataclass(frozen=True)
class Visible:
    """The scores and answers of one sent check-in that a viewer may see."""

    scales: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.scales or self.items)


@dataclass(frozen=True)
class SentCheckIn:
    youth_id: str
    id: str
    instrument_id: str
    instrument: dict
    submitted_at: datetime


def visible_in_check_in(
    viewer: Viewer, check_in: SentCheckIn, via: str, *, preview: bool = False
) -> Visible:
    """The youth sees all of their own check-in. Staff see what grants in force cover:
    broad grants never include sensitive answers or scores made from them; only a share
    of that one answer does. A read of anything is audited; seeing nothing reads nothing.
    `preview` is the youth looking at what a staff member would see: not a staff read.
    """
    data = check_in.instrument
    all_scales = {scale["id"] for scale in data.get("scoring", {}).get("scales", [])}
    all_items = {item["id"] for section in data["sections"] for item in section["items"]}
    if _own_data(viewer, YouthData(check_in.youth_id, "check_in", check_in.id)):
        return Visible(frozenset(all_scales), frozenset(all_items))
    if viewer.kind != "staff":
        return Visible()
    scales: set[str] = set()
    items: set[str] = set()
    private_scales, private_items = sensitive_scales(data), sensitive_items(data)
    now = datetime.now(UTC)
    for grant in sharing.in_force_for(check_in.youth_id, viewer.id, now):
        if not grant.covers_time(check_in.submitted_at):
            continue
        if grant.scope == sharing.ANSWER and grant.ref == check_in.id:
            items.add(grant.answer["item"])  # ticked on its own: sensitive answers too
            continue
        broad_scales, broad_items = _covered(grant, check_in, data, all_scales, all_items)
        scales |= broad_scales - private_scales
        items |= broad_items - private_items
    visible = Visible(frozenset(scales), frozenset(items))
    if visible and not preview:
        audit.append(
            audit.Actor(viewer.kind, viewer.id),
            "youth_data.read",
            subject_id=check_in.youth_id,
            details={
                "kind": "check_in",
                "ref": check_in.id,
                "via": via,
                "rule": "shared by the youth",
                "scores": sorted(scales),
                "answers": sorted(items),
            },
        )
    return visible


def _covered(
    grant: sharing.Grant,
    check_in: SentCheckIn,
    data: dict,
    all_scales: set[str],
    all_items: set[str],
) -> tuple[set[str], set[str]]:
    whole = (grant.scope == sharing.INSTRUMENT and grant.ref == check_in.instrument_id) or (
        grant.scope == sharing.CHECK_IN and grant.ref == check_in.id
    )
    if whole:
        return all_scales, (all_items if grant.detail == sharing.ANSWERS else set())
    if grant.scope == sharing.DOMAIN:
        scales = data.get("scoring", {}).get("scales", [])
        return {scale["id"] for scale in scales if scale["domain"] == grant.ref}, set()
    return set(), set()


def answers_told_now(
    viewer: Viewer, youth_id: str, via: str, *, preview: bool = False
) -> list[sharing.Grant]:
    """What "Tell my advocate now" shared: a copy of one answer, for the people named.

    Audited, except in the youth's own preview of what this person sees."""
    if viewer.kind != "staff":
        return []
    told = [
        grant
        for grant in sharing.in_force_for(youth_id, viewer.id)
        if grant.scope == sharing.ANSWER_NOW
    ]
    for grant in [] if preview else told:
        audit.append(
            audit.Actor(viewer.kind, viewer.id),
            "youth_data.read",
            subject_id=youth_id,
            details={"kind": "answer_now", "ref": grant.id, "via": via, "rule": "told now"},
        )
    return told
