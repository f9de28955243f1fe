"""Times on youth pages are in the organisation's time zone (YOUTHVOICE_TIME_ZONE), not UTC:
a check-in sent late in the evening is not dated tomorrow."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import update

from tests.web.youth_helpers import ready_youth, save, start_check_in
from youthvoice import create_app
from youthvoice.extensions import db
from youthvoice.models import CheckIn

# 8:30 in the evening of March 14 in Los Angeles (summer time, 7 hours behind UTC).
LATE_EVENING_IN_LOS_ANGELES = datetime(2026, 3, 15, 3, 30, tzinfo=UTC)


def sent_late_in_the_evening(app) -> tuple[object, str]:
    youth, _youth_id = ready_youth(app)
    check_in = start_check_in(youth, "quick-check-in")
    save(youth, f"{check_in}/q/1", answer="6")
    youth.post(f"{check_in}/submit", data={"csrf_token": token_of(youth)})
    with app.app_context():
        db.session.execute(update(CheckIn).values(submitted_at=LATE_EVENING_IN_LOS_ANGELES))
        db.session.commit()
    return youth, check_in


def token_of(client) -> str:
    page = client.get("/youth/settings").get_data(as_text=True)
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def page_of(client, path: str) -> str:
    return html.unescape(client.get(path).get_data(as_text=True))


def test_a_check_in_sent_late_in_the_evening_shows_the_local_date(app):
    youth, check_in = sent_late_in_the_evening(app)
    page = page_of(youth, f"{check_in}/answers")
    assert "Sent March 14, 2026" in page
    assert "March 15" not in page


def test_the_time_zone_is_the_organisations_setting(settings):
    app = create_app(replace(settings, time_zone="Europe/Berlin"))
    youth, check_in = sent_late_in_the_evening(app)
    assert "Sent March 15, 2026" in page_of(youth, f"{check_in}/answers")
