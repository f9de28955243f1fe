"""Text a young person typed, made safe to show on a staff page.

Unicode's bidirectional controls (embeddings, overrides, isolates and the direction marks)
change the order in which the characters after them are drawn: "abc" + U+202E + "evil" shows
as "abclive". In a name or a free-text answer they can make the words read as something else,
or reorder the page text that follows. Staff pages show typed text without them. Words in
right-to-left languages still read right to left: that comes from their letters, not from
these controls.
"""

from __future__ import annotations

from youthvoice.surveys.answers import Answer

BIDI_CONTROLS = frozenset(
    "\u061c"  # Arabic letter mark
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates and their pop
)
_REMOVE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def without_bidi_controls(text: str) -> str:
    return text.translate(_REMOVE)


def answer_without_bidi_controls(value: Answer | None) -> Answer | None:
    """A stored answer as staff may be shown it: codes are untouched, typed text cleaned."""
    if isinstance(value, str):
        return without_bidi_controls(value)
    if isinstance(value, list):
        return [without_bidi_controls(part) for part in value]
    return value
