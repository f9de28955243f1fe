"""Support that fits the answer, in a real browser on a phone (390×844): each kind of
support shows its own lines after the answer that calls for it, and no others; the
trafficking hotline only where the answer is about being made or pressured to do things;
the race and pronoun questions lead to no support screen and no check-out. axe checks
every support screen."""

from __future__ import annotations

import pytest

from tests.browser.test_checkin_flow import Youth, youth_in

LINES = {
    "988": "988 Suicide & Crisis Lifeline",
    "trevor": "1-866-488-7386",
    "211": "898-211",
    "safeline": "1-800-786-2929",
    "trafficking": "1-888-373-7888",
    "samhsa": "1-800-662-4357",
    "911": "call 911",
}

# kind: (instrument, section said yes to, answers that bring the question up, question,
# the answer that calls for support, the lines that fit it)
KINDS = {
    "feeling_low": ("quick-check-in", None, {}, 1, ["0"], {"988", "trevor"}),
    "basic_needs": ("staying-safe", None, {}, 5, ["0"], {"211"}),
    "safe_place_tonight": ("quick-check-in", None, {}, 6, ["place_to_sleep"], {"safeline", "211"}),
    "harm_now": ("staying-safe", 4, {}, 12, ["now"], {"911", "988"}),
    "pressured": ("substances", 1, {1: "2"}, 2, ["pressured"], {"trafficking"}),
    "substances": ("substances", 1, {}, 7, ["yes"], {"samhsa", "988"}),
}


def answer_on(you: Youth, number: int, codes: list[str], then: str) -> None:
    you.visit.open(you.check_in + f"/q/{number}")
    for code in codes:
        you.choose(code)
    you.save(then)


def lines_shown(you: Youth) -> set[str]:
    main = you.page.locator("main").inner_text()
    return {name for name, words in LINES.items() if words in main}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_support_shows_its_own_lines(new_visit, live_app, kind):
    instrument, section, earlier, number, codes, lines = KINDS[kind]
    you = youth_in(new_visit, live_app, "en", "phone", javascript=True)
    you.start(instrument)
    if section:
        you.visit.open(you.check_in + f"/section/{section}")
        you.page.locator("main button[name=action][value=yes]").click()
    for earlier_number, code in earlier.items():
        you.visit.open(you.check_in + f"/q/{earlier_number}")
        you.choose(code)
        you.page.locator("main button[name=action][value=save]").click()
    answer_on(you, number, codes, f"/q/{number}/support")
    assert lines_shown(you) == lines
    main = you.page.locator("main").inner_text()
    assert "Staff can't see this answer unless you share it." in main
    you.accessible(f"support: {kind}")
    you.sees_nothing_wrong()


def test_telling_the_advocate_is_the_first_thing_offered_when_harm_is_happening_now(
    new_visit, live_app
):
    you = youth_in(new_visit, live_app, "en", "phone", javascript=False)
    you.start("staying-safe")
    you.visit.open(you.check_in + "/section/4")
    you.page.locator("main button[name=action][value=yes]").click()
    answer_on(you, 12, ["now"], "/q/12/support")
    first_action = you.page.locator("main a.button, main button").first
    assert first_action.inner_text().startswith("Tell ")
    you.accessible("support: harm now, JavaScript off")


def test_the_trafficking_hotline_shows_only_after_being_pushed_to_do_things(new_visit, live_app):
    you = youth_in(new_visit, live_app, "en", "phone", javascript=True)
    you.start("staying-safe")
    answer_on(you, 1, ["0"], "/q/1/support")  # not safe where they sleep
    assert "trafficking" not in lines_shown(you)
    you.visit.open(you.check_in + "/section/4")
    you.page.locator("main button[name=action][value=yes]").click()
    answer_on(you, 12, ["now"], "/q/12/support")  # someone hurting them now
    assert "trafficking" not in lines_shown(you)
    answer_on(you, 14, ["now"], "/q/14/support")  # pushed to do things, now
    assert lines_shown(you) == {"trafficking"}
    answer_on(you, 14, ["past"], "/q/15")  # in the past: no support screen
    you.visit.open(you.check_in + "/review")
    assert LINES["trafficking"] not in you.page.locator("main").inner_text()


def test_race_and_pronoun_questions_lead_to_no_support_and_no_check_out(new_visit, live_app):
    you = youth_in(new_visit, live_app, "en", "phone", javascript=True)
    you.start("about-me-identity")
    answer_on(you, 1, ["black", "hispanic"], "/q/7")  # race: on to the detail asked for
    you.visit.open(you.check_in + "/section/2")
    you.press(you.page.locator("main button[name=action][value=yes]"), "/q/17")
    answer_on(you, 17, ["nonbinary"], "/q/19")
    answer_on(you, 19, ["they"], "/q/21")  # the section ends without a check-out
    main = you.page.locator("main").inner_text()
    assert "How are you feeling after these questions?" not in main
    assert not set(LINES) & lines_shown(you)
