"""The opt-in question before private questions: on a phone (390×844), in Spanish, both
answers ("Yes" and "No, skip them") show without scrolling, JavaScript on or off."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, post_form
from tests.browser.test_checkin_flow import Youth, youth_in

pytestmark = pytest.mark.browser

# (instrument, section) of every shipped opt-in; staying safe's is the longest question.
OPT_INS = [
    ("staying-safe", 4),
    ("substances", 1),
    ("where-im-at", 1),
    ("home-this-month", 2),
    ("money-and-papers", 3),
    ("health-and-care", 3),
    ("belonging", 5),
    ("about-me-identity", 2),
    ("what-i-know", 1),
]


def open_opt_in(you: Youth, instrument: str, section: int) -> None:
    check_in = post_form(you.visit, "/youth/check-ins", instrument=instrument)
    you.visit.open("/".join(check_in.split("/")[:4]) + f"/section/{section}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_both_answers_show_without_scrolling_in_spanish_on_a_phone(new_visit, live_app, javascript):
    you = youth_in(new_visit, live_app, "es", "phone", javascript)
    page = you.page
    for instrument, section in OPT_INS:
        open_opt_in(you, instrument, section)
        height = page.viewport_size["height"]
        for value in ("yes", "no"):
            box = page.locator(f"main button[name=action][value={value}]").bounding_box()
            assert box["y"] >= 0, (instrument, value, box)
            assert box["y"] + box["height"] <= height, (instrument, value, box)
        assert page.evaluate("window.scrollY") == 0
    open_opt_in(you, *OPT_INS[0])
    assert_accessible(you.visit.inspectable())
