"""Audited reads: every read by someone other than the youth and every refusal is on record,
and a refusal stays on record though the request that asked fails."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from youthvoice import audit, policy
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import AuditEvent
from youthvoice.policy import Viewer, YouthData
from youthvoice.services import reading
from youthvoice.services.reading import AccessDenied

YOUTH = Viewer("youth", "youth-1")
ADVOCATE = Viewer("staff", "staff-1", frozenset({"advocate"}))
SCORES = YouthData("youth-1", "scores", "hope")


@pytest.fixture
def youth_key(app_context):
    keys().create_data_key("youth-1")
    db.session.commit()


def events():
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()


def test_a_youth_reading_their_own_data_leaves_no_event(youth_key):
    reading.read(YOUTH, SCORES, via="view")
    assert events() == []


def test_a_refused_staff_read_raises_and_is_audited(youth_key):
    with pytest.raises(AccessDenied):
        reading.read(ADVOCATE, SCORES, via="print")
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
    staff_rule = ("test: staff", lambda viewer, _item, _facts: viewer.kind == "staff")
    monkeypatch.setattr(policy, "RULES", (*policy.RULES, staff_rule))
    assert reading.read(ADVOCATE, SCORES, via="view").allowed
    (event,) = events()
    assert event.event_type == "youth_data.read"
    assert audit.read_details(event)["rule"] == "test: staff"


def test_a_refusal_stays_on_record_when_the_request_fails(youth_key):
    with pytest.raises(AccessDenied):
        reading.read(ADVOCATE, SCORES, via="view")
    db.session.rollback()  # what a failed request does
    assert [event.event_type for event in events()] == ["youth_data.denied"]
