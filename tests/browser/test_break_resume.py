"""A break is not a skip: in a real browser, a break taken on question 4 comes back to
question 4, and the review says it is not answered yet (never "Skipped")."""

from __future__ import annotations

import pytest

from tests.browser.test_checkin_flow import youth_in


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_break_on_question_4_resumes_on_question_4(new_visit, live_app, javascript):
    you = youth_in(new_visit, live_app, "en", "phone", javascript)
    page = you.page
    you.start("quick-check-in")
    you.press(page.locator("main a.button"), "/q/1")
    you.choose("7")
    you.save("/q/2")
    you.skip("/q/3")
    you.choose("2")
    you.save("/q/4")

    you.step_is(4, 6)
    you.press(page.locator("main button[name=action][value=break]"), "/break")
    you.press(page.locator("main button[name=action][value=keep]"), "/youth/?note=kept")

    resume = page.locator("main button[name=instrument][value='quick-check-in']").first
    assert resume.inner_text().startswith(you.text("Continue"))
    you.press(resume, "/q/4")
    you.step_is(4, 6)
    assert page.locator("main input[name=answer]:checked").count() == 0

    page.goto(you.visit.base_url + you.check_in + "/review")
    answers = you.review_answers()
    assert answers[0] == you.text("%(number)s out of 10", number="7")
    assert answers[1] == you.text("Skipped")
    assert answers[3] == you.text("Not answered yet")  # the break, not a skip
    you.accessible("review with a skip and a question not reached")
