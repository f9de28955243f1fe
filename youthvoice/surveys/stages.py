"""The six stages of change, in a young person's words (Prochaska and DiClemente).

Each stage has its words, a plain time anchor that says what the step means, and short
words for a sentence about a move ("from thinking about it to getting ready"). The six
codes stay as they are: check-ins already sent carry them.
"""

from flask_babel import lazy_gettext as _l


def N_(text: str) -> str:
    """Babel's marker: the text goes into the catalogue, and is returned untranslated."""
    return text


# The instrument's own words, as FHIR exports carry them: they need no language or request.
STAGE_TEXTS = {
    "not_thinking": N_("I'm not thinking about it"),
    "thinking": N_("I'm thinking about it"),
    "getting_ready": N_("I'm getting ready"),
    "doing_it": N_("I've started"),
    "keeping_it_up": N_("I've kept it up"),
    "starting_again": N_("It's been harder lately"),
}
# Each stage's place on the path, so a move between two check-ins has a direction.
# "It's been harder lately" (after having started) sits with getting ready: starting again.
STAGE_ORDINALS = {
    "not_thinking": 1,
    "thinking": 2,
    "getting_ready": 3,
    "doing_it": 4,
    "keeping_it_up": 5,
    "starting_again": 3,
}
# The path's steps in order; "It's been harder lately" is the way back onto it, not a step.
PATH = ("not_thinking", "thinking", "getting_ready", "doing_it", "keeping_it_up")
STARTING_AGAIN = "starting_again"

# The same words in the language of the page that shows them.
STAGE_LABELS = {code: _l(text) for code, text in STAGE_TEXTS.items()}
# What each step means in time, shown with it, so two young people mean the same thing.
STAGE_ANCHORS = {
    "not_thinking": _l("Not in the next 6 months"),
    "thinking": _l("Maybe in the next 6 months"),
    "getting_ready": _l("I plan to start in the next month"),
    "doing_it": _l("I started in the last 6 months"),
    "keeping_it_up": _l("For 6 months or more"),
    # No blame: going back is part of change.
    "starting_again": _l("I had started, and it's harder now. That happens. You can start again."),
}
# A stage inside a sentence about a move: "from thinking about it to getting ready".
STAGE_PHRASES = {
    "not_thinking": _l("not thinking about it"),
    "thinking": _l("thinking about it"),
    "getting_ready": _l("getting ready"),
    "doing_it": _l("doing it"),
    "keeping_it_up": _l("keeping it up"),
    "starting_again": _l("starting again"),
}
