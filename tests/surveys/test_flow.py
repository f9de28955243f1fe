"""The order of check-in screens: branching, sensitive sections, going back, resuming."""

from __future__ import annotations

from youthvoice.surveys.flow import (
    CHECK_OUT,
    INTRO,
    OPT_IN,
    QUESTION,
    REVIEW,
    Screen,
    following,
    preceding,
    question_count,
    resume_point,
    screens,
)

INSTRUMENT = {
    "sections": [
        {
            "id": "today",
            "items": [
                {"id": "feel", "type": "scale_0_10", "text": "How are you?"},
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
        {
            "id": "only_if",
            "sensitive": True,
            "opt_in": "More?",
            "items": [
                {
                    "id": "more",
                    "type": "yes_no",
                    "text": "More?",
                    "show_if": {"item": "needs", "in": ["food"]},
                }
            ],
        },
    ]
}
Q = QUESTION


def kinds(flow):
    return [(screen.kind, screen.number) for screen in flow]


def test_a_follow_up_shows_only_after_its_answer():
    assert Screen(Q, 3) not in screens(INSTRUMENT, {}, {})
    assert Screen(Q, 3) in screens(INSTRUMENT, {"needs": ["food", "other"]}, {})


def test_a_sensitive_section_is_an_opt_in_then_its_questions_then_a_check_out():
    undecided = screens(INSTRUMENT, {}, {})
    assert kinds(undecided) == [(INTRO, 0), (Q, 1), (Q, 2), (OPT_IN, 2), (REVIEW, 0)]
    agreed = screens(INSTRUMENT, {}, {"private": "yes"})
    assert kinds(agreed)[3:] == [(OPT_IN, 2), (Q, 4), (CHECK_OUT, 2), (REVIEW, 0)]
    declined = screens(INSTRUMENT, {}, {"private": "no"})
    assert Screen(Q, 4) not in declined
    assert Screen(CHECK_OUT, 2) not in declined


def test_a_sensitive_section_with_nothing_to_show_asks_nothing():
    assert Screen(OPT_IN, 3) not in screens(INSTRUMENT, {"needs": ["other"]}, {})
    assert Screen(OPT_IN, 3) in screens(INSTRUMENT, {"needs": ["food"]}, {})


def test_back_skips_check_out_screens_and_counting_covers_questions_shown():
    flow = screens(INSTRUMENT, {"needs": ["other"]}, {"private": "yes"})
    assert following(flow, Screen(Q, 4)) == Screen(CHECK_OUT, 2)
    assert preceding(flow, Screen(REVIEW)) == Screen(Q, 4)
    assert preceding(flow, Screen(Q, 1)) == Screen(INTRO)
    assert question_count(flow, Screen(Q, 4)) == (4, 4)


def test_a_screen_no_longer_in_the_flow_leads_to_the_review():
    flow = screens(INSTRUMENT, {}, {})
    assert following(flow, Screen(Q, 3)) == Screen(REVIEW)


def test_resume_at_the_first_question_neither_answered_nor_skipped():
    answers = {"feel": "5"}
    flow = screens(INSTRUMENT, answers, {})
    assert resume_point(flow, INSTRUMENT, answers, set(), {}) == Screen(Q, 2)
    assert resume_point(flow, INSTRUMENT, answers, {"needs"}, {}) == Screen(OPT_IN, 2)
    done = screens(INSTRUMENT, answers, {"private": "no"})
    assert resume_point(done, INSTRUMENT, answers, {"needs"}, {"private": "no"}) == Screen(REVIEW)
