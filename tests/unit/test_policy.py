"""The access policy as tables of cases: deny by default, the youth reads their own, the
care team reads the enrolment record, and what each kind of share shows of a check-in.

Pure: facts in, a decision out. No app, no database (reading and auditing are tested in
tests/unit/test_reading.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from youthvoice import policy
from youthvoice.grants import (
    ANSWER,
    ANSWER_NOW,
    ANSWERS,
    CHECK_IN,
    DOMAIN,
    FUTURE,
    INSTRUMENT,
    PAST,
    Grant,
)
from youthvoice.policy import Facts, Parts, SentCheckIn, Viewer, Visible, YouthData

YOUTH = Viewer("youth", "youth-1")
OTHER_YOUTH = Viewer("youth", "youth-2")
ADVOCATE = Viewer("staff", "staff-1", frozenset({"advocate"}))
ADMIN = Viewer("staff", "staff-2", frozenset({"admin"}))
SCORES = YouthData("youth-1", "scores", "hope")
ENROLMENT = YouthData("youth-1", "enrolment")

# Decisions -------------------------------------------------------------------------------


def test_the_rules_are_exactly_these():
    """Adding a rule must be a deliberate change to this list and its tests."""
    assert [name for name, _ in policy.RULES] == [
        "youth reads their own data",
        "care team reads the enrolment record",
    ]


@pytest.mark.parametrize(
    ("viewer", "item", "facts", "allowed", "rule"),
    [
        (YOUTH, SCORES, Facts(), True, "youth reads their own data"),
        (YOUTH, ENROLMENT, Facts(), True, "youth reads their own data"),
        (
            ADVOCATE,
            ENROLMENT,
            Facts(on_care_team=True),
            True,
            "care team reads the enrolment record",
        ),
        (ADMIN, ENROLMENT, Facts(on_care_team=True), True, "care team reads the enrolment record"),
        (ADVOCATE, ENROLMENT, Facts(), False, "deny by default"),
        (ADVOCATE, SCORES, Facts(on_care_team=True), False, "deny by default"),
        (ADVOCATE, SCORES, Facts(), False, "deny by default"),
        (ADMIN, SCORES, Facts(), False, "deny by default"),
        (OTHER_YOUTH, SCORES, Facts(), False, "deny by default"),
        (OTHER_YOUTH, ENROLMENT, Facts(on_care_team=True), False, "deny by default"),
        (Viewer("staff", "youth-1"), SCORES, Facts(), False, "deny by default"),
    ],
)
def test_who_may_read_what(viewer, item, facts, allowed, rule):
    assert policy.decide(viewer, item, facts) == policy.Decision(allowed, rule)


def test_without_facts_staff_are_denied_the_enrolment_record():
    assert not policy.decide(ADVOCATE, ENROLMENT).allowed


# What a share shows of one check-in ----------------------------------------------------------

MADE = datetime(2026, 2, 1, 12, tzinfo=UTC)  # when the shares were made
SENT = datetime(2026, 3, 1, 12, tzinfo=UTC)  # when the check-in was sent
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
PLAIN = Parts(
    scales=frozenset({"hope", "harm"}),
    items=frozenset({"mood", "sleep", "hurt"}),
    domains={"hope": "hope", "harm": "safety"},
)
# The same instrument where "hurt" is private, and so is "harm", the score made from it.
PRIVATE = replace(PLAIN, private_scales=frozenset({"harm"}), private_items=frozenset({"hurt"}))
NOTHING = Visible()


def sent(parts: Parts = PLAIN) -> SentCheckIn:
    return SentCheckIn("youth-1", "ci-1", "quick", parts, SENT)


def grant(scope: str, ref: str, **fields) -> Grant:
    fields = {"to": [ADVOCATE.id], "created_at": MADE, **fields}
    return Grant(id="g-1", youth_id="youth-1", scope=scope, ref=ref, **fields)


def shown(scales=(), items=()) -> Visible:
    return Visible(frozenset(scales), frozenset(items))


ALL_SCORES = {"hope", "harm"}
ALL_ANSWERS = {"mood", "sleep", "hurt"}
# (what was shared, the instrument, what the advocate sees, whether it is told now)
KINDS = {
    "instrument, scores": (grant(INSTRUMENT, "quick"), PLAIN, shown(ALL_SCORES), False),
    "instrument, scores, private parts": (
        grant(INSTRUMENT, "quick"),
        PRIVATE,
        shown({"hope"}),
        False,
    ),
    "instrument, answers": (
        grant(INSTRUMENT, "quick", detail=ANSWERS),
        PLAIN,
        shown(ALL_SCORES, ALL_ANSWERS),
        False,
    ),
    "instrument, answers, private parts": (
        grant(INSTRUMENT, "quick", detail=ANSWERS),
        PRIVATE,
        shown({"hope"}, {"mood", "sleep"}),
        False,
    ),
    "check-in, scores": (grant(CHECK_IN, "ci-1"), PLAIN, shown(ALL_SCORES), False),
    "check-in, scores, private parts": (grant(CHECK_IN, "ci-1"), PRIVATE, shown({"hope"}), False),
    "check-in, answers": (
        grant(CHECK_IN, "ci-1", detail=ANSWERS),
        PLAIN,
        shown(ALL_SCORES, ALL_ANSWERS),
        False,
    ),
    "check-in, answers, private parts": (
        grant(CHECK_IN, "ci-1", detail=ANSWERS),
        PRIVATE,
        shown({"hope"}, {"mood", "sleep"}),
        False,
    ),
    "domain": (grant(DOMAIN, "hope"), PLAIN, shown({"hope"}), False),
    "domain, private parts elsewhere": (grant(DOMAIN, "hope"), PRIVATE, shown({"hope"}), False),
    "domain of a score": (grant(DOMAIN, "safety"), PLAIN, shown({"harm"}), False),
    "domain of a private score": (grant(DOMAIN, "safety"), PRIVATE, NOTHING, False),
    "one answer": (
        grant(ANSWER, "ci-1", answer={"item": "mood"}),
        PLAIN,
        shown(items={"mood"}),
        False,
    ),
    "one private answer": (
        grant(ANSWER, "ci-1", answer={"item": "hurt"}),
        PRIVATE,
        shown(items={"hurt"}),
        False,
    ),
    "answer now": (grant(ANSWER_NOW, "ci-1", answer={"item": "mood"}), PLAIN, NOTHING, True),
    "private answer now": (
        grant(ANSWER_NOW, "ci-1", answer={"item": "hurt"}),
        PRIVATE,
        NOTHING,
        True,
    ),
}
STATES = {  # what changes a grant from in force to not; True: still in force at NOW
    "in force": ({}, True),
    "in force, ends later": ({"until": NOW + timedelta(days=1)}, True),
    "ended": ({"until": NOW - timedelta(days=1)}, False),
    "ends now": ({"until": NOW}, False),
    "stopped": ({"revoked_at": NOW - timedelta(days=1)}, False),
}
TABLE = [
    pytest.param(
        replace(shared, **change),
        parts,
        seen if live else NOTHING,
        told and live,
        id=f"{kind} / {state}",
    )
    for kind, (shared, parts, seen, told) in KINDS.items()
    for state, (change, live) in STATES.items()
]


@pytest.mark.parametrize(("shared", "parts", "seen", "told"), TABLE)
def test_what_each_share_shows_an_advocate(shared, parts, seen, told):
    assert policy.visible_in_check_in(ADVOCATE, sent(parts), [shared], NOW) == seen
    assert policy.told_now(ADVOCATE, [shared], NOW) == ([shared] if told else [])


@pytest.mark.parametrize(
    ("shared", "seen"),
    [
        pytest.param(grant(INSTRUMENT, "other"), NOTHING, id="another instrument"),
        pytest.param(grant(CHECK_IN, "ci-2", detail=ANSWERS), NOTHING, id="another check-in"),
        pytest.param(grant(DOMAIN, "sleep"), NOTHING, id="another domain"),
        pytest.param(
            grant(ANSWER, "ci-2", answer={"item": "mood"}), NOTHING, id="another's answer"
        ),
        pytest.param(grant(INSTRUMENT, "quick", when=PAST), NOTHING, id="past only, sent after"),
        pytest.param(
            grant(INSTRUMENT, "quick", when=FUTURE), shown(ALL_SCORES), id="future, sent after"
        ),
        pytest.param(
            grant(INSTRUMENT, "quick", when=PAST, created_at=NOW),
            shown(ALL_SCORES),
            id="past, sent before",
        ),
        pytest.param(
            grant(INSTRUMENT, "quick", when=FUTURE, created_at=NOW),
            NOTHING,
            id="future only, sent before",
        ),
        pytest.param(
            grant(INSTRUMENT, "quick", to=[ADMIN.id]), NOTHING, id="shared with someone else"
        ),
        pytest.param(
            grant(INSTRUMENT, "quick", to=[ADMIN.id, ADVOCATE.id]),
            shown(ALL_SCORES),
            id="shared with two",
        ),
    ],
)
def test_a_share_shows_only_what_it_names_and_when(shared, seen):
    assert policy.visible_in_check_in(ADVOCATE, sent(), [shared], NOW) == seen


def test_shares_add_up_but_never_to_a_private_part():
    shares = [
        grant(DOMAIN, "hope"),
        grant(ANSWER, "ci-1", answer={"item": "sleep"}),
        grant(DOMAIN, "safety"),
    ]
    assert policy.visible_in_check_in(ADVOCATE, sent(PRIVATE), shares, NOW) == shown(
        {"hope"}, {"sleep"}
    )


@pytest.mark.parametrize("parts", [PLAIN, PRIVATE], ids=["plain", "private parts"])
def test_the_youth_sees_all_of_their_own_check_in(parts):
    assert policy.visible_in_check_in(YOUTH, sent(parts), [], NOW) == shown(ALL_SCORES, ALL_ANSWERS)


@pytest.mark.parametrize(
    "viewer",
    [OTHER_YOUTH, Viewer("youth", ADVOCATE.id)],
    ids=["another youth", "a youth named in a share"],
)
def test_no_one_but_staff_sees_a_shared_check_in(viewer):
    shares = [grant(INSTRUMENT, "quick", detail=ANSWERS, to=[viewer.id])]
    assert policy.visible_in_check_in(viewer, sent(), shares, NOW) == NOTHING
    assert policy.told_now(viewer, [grant(ANSWER_NOW, "ci-1", to=[viewer.id])], NOW) == []


def test_seeing_nothing_is_false_and_anything_true():
    assert not NOTHING
    assert shown(items={"mood"})


def test_in_force_keeps_the_grants_neither_stopped_nor_ended_in_their_order():
    first, second = grant(DOMAIN, "hope"), grant(CHECK_IN, "ci-1")
    stopped = replace(first, revoked_at=MADE)
    ended = replace(second, until=NOW)
    assert policy.in_force([second, stopped, first, ended], NOW) == [second, first]
