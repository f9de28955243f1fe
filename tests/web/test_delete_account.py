"""A youth deletes their account: now, or after 7 days unless they cancel."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.support.raw_storage import found_in_storage
from tests.web.youth_helpers import PIN, ready_youth, youth_sign_in
from youthvoice.extensions import db
from youthvoice.models import AuthSession, CheckIn, DataKey, ShareGrant, Youth


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def token(client, path: str = "/youth/settings") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def send_with_free_text(client, words: str) -> None:
    started = client.post(
        "/youth/check-ins", data={"csrf_token": token(client), "instrument": "quick-check-in"}
    )
    base = started.headers["Location"]
    client.post(f"{base}/q/6", data={"csrf_token": token(client), "answer": "other"})
    client.post(f"{base}/q/7", data={"csrf_token": token(client), "answer": words})
    client.post(f"{base}/submit", data={"csrf_token": token(client)})


def count(app, model, youth_id) -> int:
    with app.app_context():
        column = model.owner_id if model is DataKey else model.youth_id
        return db.session.scalar(select(func.count()).select_from(model).where(column == youth_id))


def test_delete_now_shreds_and_removes_everything(app):
    client, youth_id = ready_youth(app, sign_in_name="gone-now")
    send_with_free_text(client, "Quetzal-lantern-4471")
    page = text(client.get("/youth/settings/delete"))
    assert "can't take back what someone already saw or printed" in page
    refused = client.post("/youth/settings/delete", data={"csrf_token": token(client)})
    assert refused.status_code == 400  # no choice made: nothing happens
    assert count(app, CheckIn, youth_id) == 1

    done = client.post("/youth/settings/delete", data={"csrf_token": token(client), "when": "now"})
    assert done.headers["Location"] == "/account-deleted"
    assert "Your account is deleted" in text(client.get("/account-deleted"))
    assert count(app, CheckIn, youth_id) == 0
    assert count(app, ShareGrant, youth_id) == 0
    assert count(app, DataKey, youth_id) == 0
    with app.app_context():
        assert db.session.get(Youth, youth_id) is None
        # No session row keeps saying when they used the app.
        assert db.session.scalar(select(AuthSession).where(AuthSession.user_id == youth_id)) is None
        assert found_in_storage(["Quetzal-lantern-4471"]) == []
    again = app.test_client()
    assert youth_sign_in(again, "gone-now", PIN).status_code == 200  # refused, form again


def test_delete_later_can_be_cancelled_and_otherwise_happens_in_the_daily_job(app, runner):
    client, youth_id = ready_youth(app)
    client.post("/youth/settings/delete", data={"csrf_token": token(client), "when": "later"})
    settings = text(client.get("/youth/settings"))
    assert "Your account will be deleted on" in settings
    client.post("/youth/settings/delete/cancel", data={"csrf_token": token(client)})
    assert "will be deleted" not in text(client.get("/youth/settings"))

    client.post("/youth/settings/delete", data={"csrf_token": token(client), "when": "later"})
    assert "Accounts deleted as asked 7 days ago: 0." in runner.invoke(args=["purge"]).output
    with app.app_context():
        db.session.get(Youth, youth_id).deletion_due_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    assert "Accounts deleted as asked 7 days ago: 1." in runner.invoke(args=["purge"]).output
    with app.app_context():
        assert db.session.get(Youth, youth_id) is None
    assert client.get("/youth/").headers["Location"] == "/sign-in"


def test_the_daily_job_deletes_sessions_that_ended_over_a_day_ago(app, runner):
    old, _old_id = ready_youth(app)
    current, current_id = ready_youth(app)
    old.post("/sign-out", data={"csrf_token": token(old)})
    with app.app_context():
        ended = db.session.scalars(select(AuthSession).where(AuthSession.revoked_at.is_not(None)))
        for record in ended:
            record.revoked_at = datetime.now(UTC) - timedelta(days=2)
        db.session.commit()
    assert "Sessions ended over a day ago deleted: 1." in runner.invoke(args=["purge"]).output
    with app.app_context():
        left = db.session.scalars(select(AuthSession.user_id)).all()
        assert left == [current_id]
    assert current.get("/youth/").status_code == 200
