"""Two small things on a phone: "Take a break" on the review page is a target a clear gap
from "Send my check-in" (WCAG 2.5.8), and deleting saved answers asks first, with
JavaScript off too."""

from __future__ import annotations

import pytest

from tests.browser.conftest import post_form
from tests.browser.test_checkin_flow import Youth, youth_in

pytestmark = pytest.mark.browser


def quick_check_in_with_an_answer(you: Youth) -> None:
    started = post_form(you.visit, "/youth/check-ins", instrument="quick-check-in")
    you.check_in = "/".join(started.split("/")[:4])
    post_form(you.visit, f"{you.check_in}/q/1", action="save", answer="6")


def test_take_a_break_is_a_clear_gap_from_send(new_visit, live_app):
    you = youth_in(new_visit, live_app, "en", "phone", True)
    quick_check_in_with_an_answer(you)
    page = you.visit.open(f"{you.check_in}/review")
    send = page.locator("main form[action$='/submit'] button").bounding_box()
    pause = page.locator(f"main a[href='{you.check_in}/break']").bounding_box()
    assert pause["height"] >= 44
    assert pause["y"] - (send["y"] + send["height"]) >= 8  # stacked on a phone, a gap apart
    you.accessible("review")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_deleting_saved_answers_asks_first(new_visit, live_app, javascript):
    you = youth_in(new_visit, live_app, "en", "phone", javascript)
    quick_check_in_with_an_answer(you)
    page = you.visit.open(f"{you.check_in}/break")
    you.press(page.locator("main button[name=action][value=discard]"), "/break")
    assert page.locator("main h1").inner_text() == you.text("Delete these answers?")
    you.accessible("asking before deleting")
    you.press(page.locator("main button[name=action][value=keep]"), "/youth/?note=kept")
    page = you.visit.open(f"{you.check_in}/break")  # kept: the draft is still there
    you.press(page.locator("main button[name=action][value=discard]"), "/break")
    you.press(page.locator("main button[name=action][value=delete]"), "/youth/?note=discarded")
    you.visit.open(f"{you.check_in}/review", expected_status=404)
