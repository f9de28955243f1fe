"""The one place that decides who may read which piece of youth data. Deny by default.

Pure: every function here decides from facts handed to it (who asks, for what, whether
they are on the youth's care team, the grants the youth made, what the instrument is made
of, the time) and reads no storage, so each rule can be tested as a table of cases.
services/reading.py loads the facts, audits every read by someone other than the youth
and every refusal, and refuses. Share grants are recorded by services/sharing.py; what
they let someone see is decided here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from youthvoice.grants import ANSWER, ANSWER_NOW, ANSWERS, CHECK_IN, DOMAIN, INSTRUMENT, Grant


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
class Facts:
    """What a service knows about the viewer and the youth before it asks."""

    on_care_team: bool = False


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str


class AccessDenied(Exception):
    """Raised by services/reading.py when the policy says no. Says nothing about the data."""


def own_data(viewer: Viewer, youth_id: str) -> bool:
    return viewer.kind == "youth" and viewer.id == youth_id


def _own(viewer: Viewer, item: YouthData, _facts: Facts) -> bool:
    return own_data(viewer, item.youth_id)


def _care_team_enrolment(viewer: Viewer, item: YouthData, facts: Facts) -> bool:
    """The enrolment record (preferred name, enrolment date) is for the youth's care team."""
    return viewer.kind == "staff" and item.kind == "enrolment" and facts.on_care_team


Rule = Callable[[Viewer, YouthData, Facts], bool]
RULES: tuple[tuple[str, Rule], ...] = (
    ("youth reads their own data", _own),
    ("care team reads the enrolment record", _care_team_enrolment),
)
DEFAULT = Decision(False, "deny by default")
NO_FACTS = Facts()


def decide(viewer: Viewer, item: YouthData, facts: Facts = NO_FACTS) -> Decision:
    for name, rule in RULES:
        if rule(viewer, item, facts):
            return Decision(True, name)
    return DEFAULT


# What a share grant lets a staff member see ---------------------------------------------


@dataclass(frozen=True)
class Parts:
    """What an instrument is made of, by id, and which parts are private (sensitive)."""

    scales: frozenset[str]
    items: frozenset[str]
    private_scales: frozenset[str] = frozenset()
    private_items: frozenset[str] = frozenset()
    domains: Mapping[str, str] = field(default_factory=dict)  # scale id → its domain


@dataclass(frozen=True)
class SentCheckIn:
    youth_id: str
    id: str
    instrument_id: str
    parts: Parts
    submitted_at: datetime  # timezone-aware, like the grants' times


@dataclass(frozen=True)
class Visible:
    """The scores and answers of one sent check-in that a viewer may see."""

    scales: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.scales or self.items)


def in_force(grants: Iterable[Grant], now: datetime) -> list[Grant]:
    """The grants neither stopped by the youth nor past their end at `now`."""
    return [grant for grant in grants if grant.in_force(now)]


def _naming(viewer: Viewer, grants: Iterable[Grant], now: datetime) -> list[Grant]:
    """Grants in force that name this viewer: only staff are ever named."""
    if viewer.kind != "staff":
        return []
    return [grant for grant in in_force(grants, now) if viewer.id in grant.to]


def visible_in_check_in(
    viewer: Viewer, check_in: SentCheckIn, grants: Iterable[Grant], now: datetime
) -> Visible:
    """The youth sees all of their own check-in. Staff see what grants in force cover:
    broad grants never include private answers or scores made from them; only a share
    of that one answer does. Anyone else sees nothing."""
    if own_data(viewer, check_in.youth_id):
        return Visible(check_in.parts.scales, check_in.parts.items)
    scales: set[str] = set()
    items: set[str] = set()
    for grant in _naming(viewer, grants, now):
        if grant.covers_time(check_in.submitted_at):
            shown_scales, shown_items = _covered(grant, check_in)
            scales |= shown_scales
            items |= shown_items
    return Visible(frozenset(scales), frozenset(items))


def _covered(grant: Grant, check_in: SentCheckIn) -> tuple[set[str], set[str]]:
    parts = check_in.parts
    if grant.scope == ANSWER and grant.ref == check_in.id:
        return set(), {grant.answer["item"]}  # ticked on its own: private answers too
    whole = (grant.scope == INSTRUMENT and grant.ref == check_in.instrument_id) or (
        grant.scope == CHECK_IN and grant.ref == check_in.id
    )
    if whole:
        items = parts.items if grant.detail == ANSWERS else frozenset()
        return set(parts.scales - parts.private_scales), set(items - parts.private_items)
    if grant.scope == DOMAIN:
        in_domain = {scale for scale, domain in parts.domains.items() if domain == grant.ref}
        return in_domain - parts.private_scales, set()
    return set(), set()


def told_now(viewer: Viewer, grants: Iterable[Grant], now: datetime) -> list[Grant]:
    """What "Tell my advocate now" shared with this viewer: copies of single answers."""
    return [grant for grant in _naming(viewer, grants, now) if grant.scope == ANSWER_NOW]
