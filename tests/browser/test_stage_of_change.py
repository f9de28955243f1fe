"""A change the young person names, in a real browser: the stage question shows the
path with its time anchors, a second check-in about the same change says what they said
last time, and their view of the check-in reads the move back as a step forward."""

from __future__ import annotations

import pytest

from tests.browser.test_checkin_flow import NO_SIDEWAYS_SCROLL, Youth, youth_in

OWN_WORDS = "go to school 3 days a week"
STEPS = ["not_thinking", "thinking", "getting_ready", "doing_it", "keeping_it_up"]


def reach_the_stage_question(you: Youth) -> None:
    """A new where-I'm-at check-in, through the pages, up to the stage question."""
    page = you.page
    you.visit.open("/youth/")
    you.start("where-im-at")
    you.press(page.locator("main a.button"), "/section/1")
    you.press(page.locator("main button[name=action][value=yes]"), "/q/1")
    you.choose("school")
    you.save("/q/2")
    page.locator("#answer-first").fill(OWN_WORDS)
    you.save("/section/1/after")
    you.press(page.get_by_role("button", name=you.text("OK"), exact=True), "/q/3")
    you.choose("start")
    you.save("/q/4")


def send_with_stage(you: Youth, stage: str) -> str:
    """Pick the stage, skip the two rulers, send; returns the sent check-in's path."""
    you.choose(stage)
    you.save("/q/5")
    you.skip("/q/6")
    you.skip("/review")
    you.send()
    return you.check_in


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [
        pytest.param("phone", False, id="phone-js-off"),
        pytest.param("desktop", True, id="desktop-js-on"),
    ],
)
def test_a_move_from_thinking_to_getting_ready_is_read_back_as_a_step_forward(
    new_visit, live_app, viewport, javascript
):
    you = youth_in(new_visit, live_app, "en", viewport, javascript)
    page = you.page

    reach_the_stage_question(you)
    assert page.locator("main h1#question").inner_text() == (
        f"Where are you with this change: {OWN_WORDS}?"
    )
    steps = page.locator("main ol.stage-path > li input[type=radio]")
    assert [step.get_attribute("value") for step in steps.all()] == STEPS
    ready = page.get_by_role("radio", name=you.text("I'm getting ready"))
    assert ready.get_attribute("aria-describedby") == "answer-3-when"
    assert page.locator("#answer-3-when").inner_text() == you.text(
        "I plan to start in the next month"
    )
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    you.accessible("question: stage of change as a path")
    send_with_stage(you, "thinking")

    reach_the_stage_question(you)
    last_time = page.locator("main #stage-about .stage-about__last").inner_text()
    assert last_time == (
        f"Last time you said: “I'm thinking about it” about “{OWN_WORDS}”. Where are you now?"
    )
    assert "stage-about" in page.locator("main fieldset").get_attribute("aria-describedby")
    you.accessible("question: stage of change, with last time")
    sent = send_with_stage(you, "getting_ready")

    you.visit.open(sent + "/answers")
    assert page.locator("main .stage-move").all_inner_texts() == [
        "You moved a step forward: from thinking about it to getting ready."
    ]
    you.accessible("a sent check-in with its move")
    you.sees_nothing_wrong()
