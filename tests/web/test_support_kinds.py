"""The screen after an answer that calls for support offers the lines that fit that answer,
and no others: 211 after "not enough food", the trafficking hotline only after being made
or pressured to do things, 911 only where harm is happening now."""

from __future__ import annotations

import re

import pytest

from tests.web.test_checkins import answer, start, text
from tests.web.youth_helpers import ready_youth

LINES = {
    "988": "988 Suicide & Crisis Lifeline",
    "trevor": "1-866-488-7386",
    "211": "898-211",
    "safeline": "1-800-786-2929",
    "trafficking": "1-888-373-7888",
    "samhsa": "1-800-662-4357",
    "911": "If you are in danger right now, call 911.",
}
# Answers a question is shown after (its show_if).
BRINGS_UP = {
    ("home-this-month", 5): [(3, "yes")],
    ("substances", 2): [(1, "2")],
}
TELL = re.compile(r"Tell .+ now</button>")


def support_after(client, instrument: str, opt_in: int | None, number: int, value) -> str:
    """The page after answering question `number` (saying yes to section `opt_in` first,
    and answering what brings the question up)."""
    base = start(client, instrument)
    if opt_in:
        answer(client, f"{base}/section/{opt_in}", "yes")
    for earlier, earlier_value in BRINGS_UP.get((instrument, number), []):
        answer(client, f"{base}/q/{earlier}", answer=earlier_value)
    saved = answer(client, f"{base}/q/{number}", answer=value)
    assert saved.headers["Location"] == f"{base}/q/{number}/support"
    return text(client.get(saved.headers["Location"]))


def lines_on(page: str) -> set[str]:
    return {name for name, words in LINES.items() if words in page}


@pytest.mark.parametrize(
    ("instrument", "opt_in", "number", "value", "lines"),
    [
        ("quick-check-in", None, 1, "0", {"988", "trevor"}),  # feeling low
        ("staying-safe", None, 5, "0", {"211"}),  # never enough food
        ("quick-check-in", None, 6, ["place_to_sleep"], {"safeline", "211"}),
        ("home-this-month", 2, 5, "still_away", {"safeline", "211"}),
        ("staying-safe", 4, 12, "now", {"911", "988"}),  # someone is hurting them now
        ("staying-safe", 4, 14, "now", {"trafficking"}),  # pushed to do things now
        ("substances", 1, 2, ["pressured"], {"trafficking"}),
        ("substances", 1, 7, "yes", {"samhsa", "988"}),  # wants help with alcohol or drugs
    ],
)
def test_the_support_screen_offers_the_lines_that_fit_the_answer_and_no_others(
    app, instrument, opt_in, number, value, lines
):
    client, _ = ready_youth(app)
    page = support_after(client, instrument, opt_in, number, value)
    assert lines_on(page) == lines
    assert "Staff can't see this answer unless you share it." in page
    assert "No one sees" not in page


def test_an_answer_with_two_kinds_shows_each_line_once(app):
    client, _ = ready_youth(app)
    page = support_after(client, "quick-check-in", None, 6, ["place_to_sleep", "stay_safe"])
    assert lines_on(page) == {"safeline", "211", "911", "988"}
    assert [page.count(LINES[name]) for name in ("211", "988")] == [1, 1]
    assert "A safe place to stay" in page
    assert "Your safety comes first" in page


def test_when_harm_is_happening_now_telling_their_advocate_comes_first(app):
    client, _ = ready_youth(app)
    page = support_after(client, "staying-safe", 4, 12, "now")
    told = TELL.search(page)
    assert told is not None
    assert told.start() < page.index(LINES["911"]) < page.index(LINES["988"])


def test_for_other_kinds_the_lines_come_before_telling_their_advocate(app):
    client, _ = ready_youth(app)
    page = support_after(client, "staying-safe", 4, 14, "now")
    assert page.index(LINES["trafficking"]) < TELL.search(page).start()
