"""Typed text as staff pages show it: no character that reorders what is drawn."""

from __future__ import annotations

from youthvoice.services.plain_text import answer_without_bidi_controls, without_bidi_controls

EVERY_CONTROL = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_every_direction_control_is_removed_and_the_words_stay():
    assert without_bidi_controls(f"pay{EVERY_CONTROL} me back") == "pay me back"


def test_right_to_left_words_keep_their_letters():
    assert without_bidi_controls("\u2067مرحبا\u2069 Luz") == "مرحبا Luz"


def test_answer_codes_pass_unchanged_and_each_typed_part_is_cleaned():
    assert answer_without_bidi_controls(["food", "talk"]) == ["food", "talk"]
    assert answer_without_bidi_controls("abc\u202eevil") == "abcevil"
    assert answer_without_bidi_controls(None) is None
