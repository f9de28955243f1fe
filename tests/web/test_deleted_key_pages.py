"""Pages that meet a deleted account's data key: a friendly page or a shorter list, never a 500.

The key is shredded while the rows stay, as when a deletion runs in another process between
two requests (or as restores left things before the ledger removed rows too).
"""

from __future__ import annotations

import html

from sqlalchemy import func, select

from tests.web.staff_helpers import make_staff, sign_in
from tests.web.youth_helpers import enrol_youth, ready_youth
from youthvoice import audit
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, AuthSession


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def shred(app, youth_id: str) -> None:
    with app.app_context():
        keys().shred(youth_id)
        db.session.commit()


def audit_state(app) -> tuple[int, bool]:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent)), audit.verify().ok


def test_a_youth_whose_data_key_is_gone_is_signed_out_with_a_friendly_page(app):
    client, youth_id = ready_youth(app, "Cielo")
    shred(app, youth_id)

    response = client.get("/youth/")
    page = text(response)
    assert response.status_code == 410
    assert "<h1>This account was deleted</h1>" in page
    assert "You are signed out now." in page
    assert "Traceback" not in page
    assert "Cielo" not in page
    assert client.get("/youth/").headers["Location"] == "/sign-in"
    with app.app_context():
        still_open = select(func.count()).where(
            AuthSession.user_id == youth_id, AuthSession.revoked_at.is_(None)
        )
        assert db.session.scalar(still_open) == 0


def test_an_advocate_list_leaves_out_someone_whose_key_is_gone(app):
    advocate = make_staff(app, "advocate", "list@example.org")
    enrol_youth(app, "Dara-Stays", advocate)
    gone = enrol_youth(app, "Emre-Gone", advocate)
    shred(app, gone.youth_id)

    client = app.test_client()
    sign_in(client, advocate)
    response = client.get("/advocate/")
    page = text(response)
    assert response.status_code == 200
    assert "Dara-Stays" in page
    assert "Emre-Gone" not in page
    assert gone.youth_id not in page


def test_a_staff_page_meeting_a_deleted_key_is_friendly_and_changes_nothing(app):
    gone = enrol_youth(app, "Fen-Gone")
    shred(app, gone.youth_id)
    client = app.test_client()
    sign_in(client, gone.advocate)
    before = audit_state(app)

    response = client.get(f"/advocate/youth/{gone.youth_id}")
    page = text(response)
    assert response.status_code == 410
    assert "<h1>This was deleted</h1>" in page
    assert "Traceback" not in page
    assert audit_state(app) == before  # the read it began was rolled back, the chain whole
    assert client.get("/advocate/").status_code == 200  # still signed in
