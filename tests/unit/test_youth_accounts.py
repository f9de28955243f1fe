"""Youth accounts: PIN rules, invite codes, sign-in names, and what a database copy shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.support.raw_storage import found_in_storage
from tests.web.youth_helpers import enrol_youth
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, CareTeamMember, Invite, Youth
from youthvoice.services import throttle, youth_accounts
from youthvoice.services.throttle import Source
from youthvoice.services.youth_accounts import SecretProblem


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("49381", SecretProblem.TOO_SHORT),
        ("111111", SecretProblem.REPEATED),
        ("121212", SecretProblem.REPEATED),
        ("123123", SecretProblem.REPEATED),
        ("123456", SecretProblem.SEQUENCE),
        ("987654", SecretProblem.SEQUENCE),
        ("250309", SecretProblem.DATE),  # 25 March 2009
        ("03252009", SecretProblem.DATE),
        ("20090325", SecretProblem.DATE),
        ("short words", SecretProblem.TOO_SHORT),
        ("493817", None),
        ("7391046", None),
        ("purple otter rides buses", None),
    ],
)
def test_pin_and_passphrase_rules(secret, problem):
    assert youth_accounts.secret_problem(secret) == problem


def test_invite_codes_are_long_unambiguous_and_forgiving_to_type():
    code = youth_accounts.new_invite_code()
    assert len(code) == 14
    assert code.count("-") == 2
    assert not set(code.replace("-", "")) & set("0O1IL5S2Z8B")
    assert youth_accounts.normalise_code(code.lower().replace("-", " ")) == code.replace("-", "")


def test_enrolment_makes_a_key_a_care_team_and_an_audit_event(app):
    enrolled = enrol_youth(app, "Luz")
    with app.app_context():
        youth = db.session.get(Youth, enrolled.youth_id)
        assert youth_accounts.preferred_name(youth) == "Luz"
        assert keys().cipher_for(youth.id)
        team = db.session.scalars(select(CareTeamMember.staff_id)).all()
        assert team == [enrolled.advocate.id]
        events = db.session.scalars(select(AuditEvent.event_type)).all()
        assert "youth.enrolled" in events


def test_a_wrong_expired_or_used_invite_is_refused(app):
    enrolled = enrol_youth(app)
    with app.app_context():
        assert youth_accounts.find_invite("ACDE-FG34-HJK7", Source("10.0.0.1"))[0] is None
        invite, _ = youth_accounts.find_invite(enrolled.code, Source("10.0.0.1"))
        assert invite is not None
        invite.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
        assert youth_accounts.find_invite(enrolled.code, Source("10.0.0.2"))[0] is None
        invite.expires_at = datetime.now(UTC) + timedelta(days=1)
        youth_accounts.complete_invite(invite, "river22", "493817")
        db.session.commit()
        assert youth_accounts.find_invite(enrolled.code, Source("10.0.0.3"))[0] is None


def test_guessing_invite_codes_is_throttled(app):
    with app.app_context():
        for _ in range(throttle.ADDRESS_FREE_FAILURES + 1):
            found, wait = youth_accounts.find_invite("AAAA-AAAA-AAAA", Source("10.9.9.9"))
        assert found is None
        assert 1 <= wait <= 60


def test_sign_in_names_are_unique_whatever_the_case(app):
    first, second = enrol_youth(app, "Ana"), enrol_youth(app, "Bea")
    with app.app_context():
        invite = db.session.scalar(select(Invite).where(Invite.youth_id == first.youth_id))
        youth_accounts.complete_invite(invite, "River22", "493817")
        db.session.commit()
        assert youth_accounts.name_problem("river22") == youth_accounts.NameProblem.UNAVAILABLE
        assert youth_accounts.name_problem("no spaces allowed") == youth_accounts.NameProblem.FORM
        assert youth_accounts.name_problem("lake77") is None
        assert second.youth_id != first.youth_id


def test_a_database_copy_shows_no_name_and_no_sign_in_name(app):
    enrolled = enrol_youth(app, "Marisol Quintanilla")
    with app.app_context():
        invite = db.session.scalar(select(Invite).where(Invite.youth_id == enrolled.youth_id))
        youth_accounts.complete_invite(invite, "zebraquokka4471", "493817")
        db.session.commit()
        assert found_in_storage(["Marisol", "Quintanilla", "zebraquokka4471", "493817"]) == []
