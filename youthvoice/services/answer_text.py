"""Answers as words in the youth's language: the choices a question offers, and an answer
given (for the check-your-answers page, the staff view and the download)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from youthvoice.i18n import translate
from youthvoice.surveys.answers import Answer, State
from youthvoice.surveys.scoring import NOT_AN_ANSWER, NOT_APPLICABLE, PREFER_NOT_TO_SAY
from youthvoice.surveys.stages import STAGE_LABELS

# Survey text is extracted from surveys/*.yaml; a name other than gettext keeps the
# extractor of Python code from taking the dictionary key below for a message of its own.
survey_text = translate


def special_label(code: str, item: dict | None = None) -> str:
    """An answer that is not an option: the item's own words for "doesn't apply" ("I'm not
    in school right now"), else the same words on every question."""
    if code == NOT_APPLICABLE:
        own = (item or {}).get("not_applicable")
        return survey_text(own) if own else _("Doesn't apply to me")
    return _("Prefer not to say") if code == PREFER_NOT_TO_SAY else _("I don't know")


def state_label(state: State, *, draft: bool = False) -> str:
    """A question with no answer to show, in words: which of the states it is in."""
    if state == State.SKIPPED:
        return _("Skipped")
    if state == State.NOT_APPLICABLE:
        return _("Doesn't apply")
    return _("Not answered yet") if draft else _("Not asked")


def choice_labels(item: dict) -> list[tuple[str, str]]:
    """(code, label) for each answer a choice item offers, in order, in the page language;
    empty for items typed in (number, month, text)."""
    kind = item["type"]
    if kind in ("single_choice", "multiple_choice"):
        return [(option["code"], survey_text(option["label"])) for option in item["options"]]
    if kind == "yes_no":
        return [("yes", _("Yes")), ("no", _("No"))]
    if kind == "stage_of_change":
        return [(code, str(label)) for code, label in STAGE_LABELS.items()]
    if kind == "scale_0_10":
        return [(str(value), str(value)) for value in range(11)]
    return []


def answer_text(item: dict, value: Answer | None) -> str | None:
    """None when the question was not answered."""
    if value is None:
        return None
    if isinstance(value, str) and value in NOT_AN_ANSWER:
        return special_label(value, item)
    kind = item["type"]
    if kind in ("single_choice", "multiple_choice", "yes_no", "stage_of_change"):
        labels = dict(choice_labels(item))
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels[code] for code in chosen)
    if kind == "scale_0_10":
        return _("%(number)s out of 10", number=value)
    if kind == "month_year":
        year, month = value.split("-")
        return format_date(date(int(year), int(month), 1), "MMMM y")
    return str(value)
