"""The home page on a phone (390 × 844): the first card is the check-in due now, through a
youth's first weeks (nothing sent, the quick check-in sent, everything sent), with
JavaScript on and off, and axe finds nothing wrong in any of those states."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Visit, assert_accessible, post_form, sign_in_youth_as

QUICK = "quick-check-in"


def send(visit: Visit, instrument: str) -> None:
    """Start and send a check-in through the app's own forms (the tab's cookies, real tokens)."""
    started = post_form(visit, "/youth/check-ins", instrument=instrument)
    post_form(visit, "/".join(started.split("/")[:4]) + "/submit")


def first_card(visit: Visit):
    """The first card under the greeting, after opening the home page afresh."""
    page = visit.open("/youth/")
    card = page.locator("main section.now")
    more = page.get_by_role("heading", name="More check-ins", exact=True)
    assert card.bounding_box()["y"] < more.bounding_box()["y"]  # it comes first
    assert card.locator("h2").inner_text() == "Your check-in now"
    return card


def card_offers(card) -> str:
    return card.locator("button[name=instrument]").get_attribute("value")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_first_card_is_the_check_in_due_now(new_visit, live_app, javascript):
    visit = new_visit(viewport="phone", javascript=javascript)
    sign_in_youth_as(visit, live_app, with_assent=True)
    offered = live_app.extensions["youthvoice.offered"]
    instruments = live_app.extensions["youthvoice.instruments"]

    # Nothing sent: the quick check-in, with a primary Start button named by its title.
    card = first_card(visit)
    assert card_offers(card) == QUICK
    start = card.get_by_role("button", name=re.compile(r"^Start\W+Quick check-in$"))
    assert "button--secondary" not in start.get_attribute("class")
    assert_accessible(visit.inspectable())

    # The quick check-in sent: the first check-in due, in the program's order.
    send(visit, QUICK)
    card = first_card(visit)
    first_due = next(each for each in offered if each != QUICK)
    assert card_offers(card) == first_due
    assert card.locator("h3").inner_text() == instruments[first_due].data["title"]
    assert_accessible(visit.inspectable())

    # Everything sent: up to date, the next date given, the quick check-in still there.
    for instrument in offered:
        if instrument != QUICK:
            send(visit, instrument)
    card = first_card(visit)
    assert card.get_by_text("You're up to date.").count() == 1
    assert "Your next check-in, “Quick check-in”, is due on" in card.inner_text()
    assert card_offers(card) == QUICK
    assert "button--secondary" in card.get_by_role("button").get_attribute("class")
    assert visit.page.locator("main .tag").count() == 0  # nothing is due
    assert_accessible(visit.inspectable())
