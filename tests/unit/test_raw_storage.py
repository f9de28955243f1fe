"""A copy of the database reveals no personal value written through the real code path."""

from __future__ import annotations

from tests.support.raw_storage import found_in_storage
from youthvoice import audit
from youthvoice.crypto import keys
from youthvoice.extensions import db

DISTINCTIVE = ["Zebra-Quokka-4471", "my secret place is the bridge", "Marisol Quintanilla-Oyelaran"]


def test_encrypted_values_never_reach_the_database_in_plaintext(app_context):
    keys().create_data_key("youth-raw")
    for value in DISTINCTIVE:
        audit.append(
            audit.Actor("staff", "staff-1"), "youth_data.read", "youth-raw", {"note": value}
        )
    db.session.commit()
    assert found_in_storage(DISTINCTIVE) == []


def test_the_raw_check_does_find_plaintext_when_it_is_there(app_context):
    """Proves the check can fail: the event type is stored in plaintext on purpose."""
    audit.append(audit.Actor("staff", "staff-1"), "Plaintext-Marker-9931")
    db.session.commit()
    assert found_in_storage(["Plaintext-Marker-9931"]) == ["Plaintext-Marker-9931"]
