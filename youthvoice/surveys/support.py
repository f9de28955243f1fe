"""The kinds of support an answer can call for, and which kinds an answer calls for. Pure.

An instrument names the kind with each distress rule (`distress: <kind>` on an option,
`support: <kind>` next to `distress_at_or_below`), so the screen after "not enough food"
offers food and shelter lines, not a crisis line. What each kind offers (its lines and
words) is in services/support.py.
"""

from __future__ import annotations

import enum

from youthvoice.readers import read_digits


class SupportKind(enum.StrEnum):
    FEELING_LOW = "feeling_low"
    BASIC_NEEDS = "basic_needs"
    SAFE_PLACE_TONIGHT = "safe_place_tonight"
    HARM_NOW = "harm_now"
    PRESSURED = "pressured"  # made or pressured to do things
    SUBSTANCES = "substances"


KINDS = frozenset(SupportKind)

# Earlier, released versions said only `distress: true`; a draft of one of those still
# gets a screen, with the lines for feeling low.
UNNAMED = SupportKind.FEELING_LOW


def support_kinds(item: dict, value: object) -> list[SupportKind]:
    """The kinds of support this answer calls for, each once, in the order of the options
    chosen; none for an answer that calls for none."""
    threshold = item.get("distress_at_or_below")
    if threshold is not None:
        number = read_digits(value) if isinstance(value, str) else None
        at_or_below = number is not None and number <= threshold
        return [_kind(item.get("support", True))] if at_or_below else []
    chosen = value if isinstance(value, list) else [value]
    found = [
        _kind(option["distress"])
        for option in item.get("options", [])
        if option.get("distress") and option["code"] in chosen
    ]
    return list(dict.fromkeys(found))


def _kind(named: str | bool) -> SupportKind:
    return UNNAMED if named is True else SupportKind(named)
