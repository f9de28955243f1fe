"""What a form sends for one item becomes a stored code, or one clear problem."""

from __future__ import annotations

from datetime import date

import pytest

from youthvoice.surveys.answers import Parsed, Problem, form_values, is_distress, parse

TODAY = date(2026, 11, 26)
SAFE = {
    "id": "safe",
    "type": "single_choice",
    "options": [
        {"code": "0", "label": "Not safe", "distress": True},
        {"code": "1", "label": "Safe"},
    ],
    "prefer_not_to_say": True,
}
NEEDS = {
    "id": "needs",
    "type": "multiple_choice",
    "options": [
        {"code": "food", "label": "Food"},
        {"code": "bed", "label": "A bed"},
        {"code": "nothing", "label": "Nothing", "exclusive": True},
    ],
    "dont_know": True,
}
DAYS = {"id": "days", "type": "number", "min": 0, "max": 7, "dont_know": True}
WHEN = {"id": "when", "type": "month_year", "prefer_not_to_say": True}
NOTE = {"id": "note", "type": "text", "max_length": 10}
FEEL = {"id": "feel", "type": "scale_0_10", "distress_at_or_below": 1}


@pytest.mark.parametrize(
    ("item", "form", "expected"),
    [
        (SAFE, {}, Parsed()),
        (SAFE, {"answer": ["1"]}, Parsed("1")),
        (SAFE, {"answer": ["prefer_not_to_say"]}, Parsed("prefer_not_to_say")),
        (SAFE, {"answer": ["dont_know"]}, Parsed(problem=Problem.NOT_AN_OPTION)),
        (SAFE, {"answer": ["0", "1"]}, Parsed(problem=Problem.NOT_AN_OPTION)),
        (SAFE, {"answer": ["7"]}, Parsed(problem=Problem.NOT_AN_OPTION)),
        (NEEDS, {"answer": ["bed", "food", "bed"]}, Parsed(["food", "bed"])),
        (NEEDS, {"answer": ["dont_know"]}, Parsed("dont_know")),
        (NEEDS, {"answer": ["dont_know", "food"]}, Parsed(problem=Problem.BOTH)),
        (NEEDS, {"answer": ["nothing", "food"]}, Parsed(problem=Problem.EXCLUSIVE)),
        (NEEDS, {"answer": ["nothing"]}, Parsed(["nothing"])),
        (DAYS, {"answer": [" 07 "]}, Parsed("7")),
        (DAYS, {"answer": ["8"]}, Parsed(problem=Problem.OUT_OF_RANGE)),
        (DAYS, {"answer": ["-1"]}, Parsed(problem=Problem.NOT_A_NUMBER)),
        (DAYS, {"answer": ["2.5"]}, Parsed(problem=Problem.NOT_A_NUMBER)),
        (DAYS, {"special": ["dont_know"]}, Parsed("dont_know")),
        (DAYS, {"answer": ["3"], "special": ["dont_know"]}, Parsed(problem=Problem.BOTH)),
        (DAYS, {"special": ["prefer_not_to_say"]}, Parsed(problem=Problem.NOT_AN_OPTION)),
        (WHEN, {"month": ["3"], "year": ["2025"]}, Parsed("2025-03")),
        (WHEN, {"month": [""], "year": [""]}, Parsed()),
        (WHEN, {"month": ["13"], "year": ["2025"]}, Parsed(problem=Problem.MONTH)),
        (WHEN, {"month": ["3"], "year": ["25"]}, Parsed(problem=Problem.YEAR)),
        (WHEN, {"month": ["12"], "year": ["2026"]}, Parsed(problem=Problem.FUTURE)),
        (NOTE, {"answer": ["0123456789"]}, Parsed("0123456789")),
        (NOTE, {"answer": ["0123456789!"]}, Parsed(problem=Problem.TOO_LONG)),
    ],
)
def test_parse(item, form, expected):
    assert parse(item, form, TODAY) == expected


def test_distress_by_option_and_by_threshold():
    assert is_distress(SAFE, "0")
    assert not is_distress(SAFE, "1")
    assert not is_distress(SAFE, "prefer_not_to_say")
    assert is_distress(FEEL, "1")
    assert not is_distress(FEEL, "2")
    assert not is_distress(FEEL, None)


def test_a_saved_answer_is_shown_again_in_the_form():
    assert form_values(WHEN, "2025-03") == {"year": "2025", "month": "3"}
    assert form_values(NEEDS, ["food"])["chosen"] == ["food"]
    assert form_values(DAYS, "dont_know")["special"] == "dont_know"
