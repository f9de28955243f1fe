"""Which kinds of support an answer calls for: the kind its distress rule names."""

from __future__ import annotations

import pytest

from youthvoice.surveys.support import SupportKind, support_kinds

NEEDS = {
    "id": "need_now",
    "type": "multiple_choice",
    "options": [
        {"code": "food", "label": "Food", "distress": "basic_needs"},
        {"code": "bed", "label": "A safe place to sleep", "distress": "safe_place_tonight"},
        {"code": "shelter", "label": "A roof", "distress": "safe_place_tonight"},
        {"code": "talk", "label": "Someone to talk to"},
    ],
}
DOING = {
    "id": "doing",
    "type": "scale_0_10",
    "distress_at_or_below": 1,
    "support": "feeling_low",
}
EARLIER = {  # an earlier, released version said only "distress: true"
    "id": "safe",
    "type": "single_choice",
    "options": [
        {"code": "0", "label": "Not safe", "distress": True},
        {"code": "1", "label": "Safe"},
    ],
}


@pytest.mark.parametrize(
    ("item", "value", "kinds"),
    [
        (DOING, "0", [SupportKind.FEELING_LOW]),
        (DOING, "1", [SupportKind.FEELING_LOW]),
        (DOING, "2", []),
        (DOING, "prefer_not_to_say", []),
        (DOING, None, []),
        (NEEDS, ["food"], [SupportKind.BASIC_NEEDS]),
        (NEEDS, ["talk"], []),
        (
            NEEDS,
            ["food", "bed", "shelter"],
            [SupportKind.BASIC_NEEDS, SupportKind.SAFE_PLACE_TONIGHT],
        ),
        (NEEDS, "prefer_not_to_say", []),
        (EARLIER, "0", [SupportKind.FEELING_LOW]),
        (EARLIER, "1", []),
    ],
)
def test_an_answer_calls_for_the_support_its_rule_names_each_kind_once(item, value, kinds):
    assert support_kinds(item, value) == kinds
