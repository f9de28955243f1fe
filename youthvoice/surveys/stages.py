"""The six stages of change, in a young person's words (Prochaska and DiClemente)."""

from flask_babel import lazy_gettext as _l

STAGE_LABELS = {
    "not_thinking": _l("I'm not thinking about changing this"),
    "thinking": _l("I'm thinking about it"),
    "getting_ready": _l("I'm getting ready"),
    "doing_it": _l("I'm doing it"),
    "keeping_it_up": _l("I've been doing it for a while"),
    "starting_again": _l("I slipped back, and I'm starting again"),
}
