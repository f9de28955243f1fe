"""The one place that decides who may read which piece of youth data. Deny by default.

Every allowed read by anyone other than the youth, and every refused attempt, is audited
here. Later issues add rules (share grants, care teams) to RULES; nothing else decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from youthvoice import audit
from youthvoice.extensions import db
from youthvoice.models import CareTeamMember


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
