"""The time left a signed-in person is told: the idle limit, but never past the absolute one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from tests.conftest import csrf_token_from
from tests.web.staff_helpers import make_staff, sign_in
from youthvoice.extensions import db
from youthvoice.models import AuthSession

STAFF_IDLE_SECONDS = 30 * 60


def _signed_in_advocate(app):
    client = app.test_client()
    advocate = make_staff(app, "advocate", "maria@example.org")
    sign_in(client, advocate)
    return client, advocate.id


def _absolute_limit_in(app, user_id: str, seconds: int) -> None:
    with app.app_context():
        db.session.execute(
            update(AuthSession)
            .where(AuthSession.user_id == user_id)
            .values(expires_at=datetime.now(UTC) + timedelta(seconds=seconds))
        )
        db.session.commit()


def _stay_signed_in(client) -> tuple[int, dict]:
    """What the time-out warning's "Stay signed in" button sends, and what it gets back."""
    token = csrf_token_from(client, "/support")
    response = client.post("/session/extend", headers={"X-CSRFToken": token})
    return response.status_code, response.get_json()


def test_stay_signed_in_three_seconds_before_the_absolute_limit_reports_three_seconds(app):
    client, advocate_id = _signed_in_advocate(app)
    _absolute_limit_in(app, advocate_id, 3)
    status, answer = _stay_signed_in(client)
    assert status == 200
    assert 0 <= answer["seconds_left"] <= 3


def test_the_page_countdown_stops_at_the_absolute_limit(app):
    client, advocate_id = _signed_in_advocate(app)
    _absolute_limit_in(app, advocate_id, 60)
    page = client.get("/support").get_data(as_text=True)
    seconds = int(page.split('data-session-seconds="', 1)[1].split('"', 1)[0])
    assert 55 <= seconds <= 60


def test_far_from_the_absolute_limit_stay_signed_in_gives_the_whole_idle_time(app):
    client, _advocate_id = _signed_in_advocate(app)
    status, answer = _stay_signed_in(client)
    assert status == 200
    assert STAFF_IDLE_SECONDS - 5 <= answer["seconds_left"] <= STAFF_IDLE_SECONDS
