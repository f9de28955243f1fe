"""The access policy: deny by default, the youth reads their own, every other read audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from youthvoice import audit, policy
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import AuditEvent
from youthvoice.policy import AccessDenied, Viewer, YouthData

YOUTH = Viewer("youth", "youth-1")
OTHER_YOUTH = Viewer("youth", "youth-2")
ADVOCATE = Viewer("staff", "staff-1", frozenset({"advocate"}))
ADMIN = Viewer("staff", "staff-2", frozenset({"admin"}))
SCORES = YouthData("youth-1", "scores", "hope")


def test_the_rules_are_exactly_these():
    """Adding a rule must be a deliberate change to this list and its tests."""
    assert [name for name, _ in policy.RULES] == [
        "youth reads their own data",
        "care team reads the enrolment record",
    ]


@pytest.mark.parametrize("viewer", [ADVOCATE, ADMIN, OTHER_YOUTH, Viewer("staff", "youth-1")])
def test_everyone_but_the_youth_is_denied_by_default(viewer):
    decision = policy.decide(viewer, SCORES)
    assert not decision.allowed
    assert decision.rule == "deny by default"


def test_the_youth_may_read_their_own_data():
    assert policy.decide(YOUTH, SCORES).allowed


@pytest.fixture
def youth_key(app_context):
    keys().create_data_key("youth-1")
    db.session.commit()


def events():
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()


def test_a_youth_reading_their_own_data_leaves_no_event(youth_key):
    policy.read(YOUTH, SCORES, via="view")
    assert events() == []


def test_a_refused_staff_read_raises_and_is_audited(youth_key):
    with pytest.raises(AccessDenied):
        policy.read(ADVOCATE, SCORES, via="print")
    (event,) = events()
    assert (event.actor_kind, event.actor_id, event.event_type, event.subject_id) == (
        "staff",
        "staff-1",
        "youth_data.denied",
        "youth-1",
    )
    assert audit.read_details(event) == {
        "kind": "scores",
        "ref": "hope",
        "via": "print",
        "rule": "deny by default",
    }


def test_an_allowed_read_by_someone_else_is_audited(youth_key, monkeypatch):
    monkeypatch.setattr(
        policy, "RULES", (*policy.RULES, ("test: staff", lambda v, _: v.kind == "staff"))
    )
    assert policy.read(ADVOCATE, SCORES, via="view").allowed
    (event,) = events()
    assert event.event_type == "youth_data.read"
    assert audit.read_details(event)["rule"] == "test: staff"


def test_a_refusal_stays_on_record_when_the_request_fails(youth_key):
    with pytest.raises(AccessDenied):
        policy.read(ADVOCATE, SCORES, via="view")
    db.session.rollback()  # what a failed request does
    assert [event.event_type for event in events()] == ["youth_data.denied"]
