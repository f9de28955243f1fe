"""The six stages of change, in a young person's words (Prochaska and DiClemente)."""

from flask_babel import lazy_gettext as _l


def N_(text: str) -> str:
    """Babel's marker: the text goes into the catalogue, and is returned untranslated."""
    return text


# The instrument's own words, as FHIR exports carry them: they need no language or request.
STAGE_TEXTS = {
    "not_thinking": N_("I'm not thinking about changing this"),
    "thinking": N_("I'm thinking about it"),
    "getting_ready": N_("I'm getting ready"),
    "doing_it": N_("I'm doing it"),
    "keeping_it_up": N_("I've been doing it for a while"),
    "starting_again": N_("I slipped back, and I'm starting again"),
}
# Each stage's place on the path, so a move between two check-ins has a direction.
# "It's been harder lately" (after doing it) sits with getting ready: starting again.
STAGE_ORDINALS = {
    "not_thinking": 1,
    "thinking": 2,
    "getting_ready": 3,
    "doing_it": 4,
    "keeping_it_up": 5,
    "starting_again": 3,
}
# The same words in the language of the page that shows them.
STAGE_LABELS = {code: _l(text) for code, text in STAGE_TEXTS.items()}
