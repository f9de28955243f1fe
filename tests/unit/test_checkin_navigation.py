"""Finding the way through a check-in, as the pages ask the check-in itself (no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from youthvoice.services.checkins import (
    CHECK_OUT,
    INTRO,
    OPT_IN,
    QUESTION,
    REVIEW,
    CheckInRecord,
    CheckInState,
    Screen,
)
from youthvoice.surveys.loader import Instrument

DATA = {
    "id": "sample",
    "version": 1,
    "sections": [
        {
            "id": "today",
            "items": [
                {
                    "id": "needs",
                    "type": "multiple_choice",
                    "text": "Needs?",
                    "options": [{"code": "food", "label": "Food"}, {"code": "other", "label": "?"}],
                },
                {
                    "id": "needs_other",
                    "type": "text",
                    "text": "What else?",
                    "max_length": 50,
                    "show_if": {"item": "needs", "in": ["other"]},
                },
            ],
        },
        {
            "id": "private",
            "sensitive": True,
            "opt_in": "Answer private questions?",
            "items": [{"id": "safe", "type": "yes_no", "text": "Safe?"}],
        },
    ],
}


def draft(**choices) -> CheckInState:
    now = datetime.now(UTC)
    record = CheckInRecord("c1", "y1", "draft", b"", now, now)
    return CheckInState(record, Instrument(Path("sample.yaml"), DATA, "hash"), **choices)


def test_a_new_check_in_starts_at_its_first_question_and_counts_the_questions_shown():
    state = draft()
    assert state.id == "c1"
    assert state.start_point() == Screen(QUESTION, 1)
    assert state.question_count(Screen(QUESTION, 1)) == (1, 1)  # the follow-up is not shown


def test_the_next_and_the_previous_screen_skip_nothing_shown_and_no_check_out():
    state = draft(sections={"private": "yes"})
    assert state.following(Screen(QUESTION, 1)) == Screen(OPT_IN, 2)
    assert state.following(Screen(OPT_IN, 2)) == Screen(QUESTION, 3)
    assert state.following(Screen(QUESTION, 3)) == Screen(CHECK_OUT, 2)
    assert state.following(Screen(CHECK_OUT, 2)) == Screen(REVIEW)
    assert state.preceding(Screen(REVIEW)) == Screen(QUESTION, 3)  # not the check-out
    assert state.preceding(Screen(QUESTION, 1)) == Screen(INTRO)


def test_a_check_in_with_progress_resumes_at_the_first_screen_not_dealt_with():
    state = draft(answers={"needs": ["food"]})
    assert state.has_progress()
    assert state.seen(1)
    assert not state.seen(3)
    assert state.start_point() == state.resume_point() == Screen(OPT_IN, 2)


def test_the_screens_are_worked_out_once_and_again_after_a_change():
    state = draft(answers={"needs": ["food"]})
    screens = state.screens
    assert state.screens is screens  # one request asks several times
    state.answers["needs"] = ["other"]
    state.forget_screens()  # as every save does
    assert Screen(QUESTION, 2) in state.screens
    assert state.question_count(Screen(QUESTION, 2)) == (2, 2)
