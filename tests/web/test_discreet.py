"""Discreet mode (on unless the young person turns it off): someone glancing at the screen
learns neither the product's name nor a sensitive topic from a check-in's title."""

from __future__ import annotations

import re

from tests.web.pages import CHECK_IN_PAGES, PUBLIC_YOUTH_PAGES, SIGNED_IN_YOUTH_PAGES
from tests.web.youth_helpers import enrol_youth, ready_youth, redeem, save, visiting_check_ins

GIVE_AWAY = ("YouthVoice", "Alcohol and drugs")
# Before agreeing: the welcome pages (afterwards they send the youth home).
NEW_YOUTH_PAGES = [path for path in SIGNED_IN_YOUTH_PAGES if path.startswith("/youth/welcome")]


def give_aways(client, paths: list[str], ids: dict[str, str] | None = None) -> dict:
    found = {}
    for path in paths:
        page = client.get(path.format(**(ids or {}))).get_data(as_text=True)
        said = [words for words in GIVE_AWAY if words in page]
        if said:
            found[path] = said
    return found


def test_no_youth_page_in_discreet_mode_names_the_product_or_a_sensitive_check_in(app):
    youth, _youth_id = ready_youth(app)
    ids = visiting_check_ins(youth)
    shared = {"what": "substances", "detail": "scores", "when": "both", "ends": "never"}
    save(youth, "/youth/sharing/new/instrument", to=ids["advocate"], **shared)
    listing = youth.get("/youth/check-ins").get_data(as_text=True)
    sent = re.findall(r"/youth/check-ins/([0-9a-f]{32})/answers", listing)
    pages = ["/youth/", *SIGNED_IN_YOUTH_PAGES, *CHECK_IN_PAGES] + [
        f"/youth/check-ins/{check_in}/{page}" for check_in in sent for page in ("answers", "share")
    ]
    assert give_aways(youth, pages, ids) == {}
    newcomer = app.test_client()
    redeem(newcomer, enrol_youth(app, "Ana").code, "ana1")
    assert give_aways(newcomer, NEW_YOUTH_PAGES) == {}
    assert give_aways(app.test_client(), PUBLIC_YOUTH_PAGES) == {}
