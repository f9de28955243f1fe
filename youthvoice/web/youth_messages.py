"""Words for what the account services report, in the youth's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from youthvoice.services.answer_text import survey_text
from youthvoice.services.youth_accounts import NameProblem, SecretProblem
from youthvoice.surveys.answers import Problem

NAME_PROBLEMS = {
    NameProblem.FORM: _l("Use 3 to 30 letters or numbers. You can also use . _ or - (no spaces)."),
    NameProblem.UNAVAILABLE: _l(
        "That name can't be used: it is too easy to guess, or it is taken. "
        "Add numbers or another word to make it your own."
    ),
}
SECRET_PROBLEMS = {
    SecretProblem.TOO_SHORT: _l(
        "Use at least 6 numbers, or a passphrase of at least 12 characters."
    ),
    SecretProblem.REPEATED: _l("That PIN repeats itself, so it is easy to guess. Try another one."),
    SecretProblem.SEQUENCE: _l("Numbers in order are easy to guess. Try another PIN."),
    SecretProblem.DATE: _l("That PIN looks like a date, like a birthday. Try another one."),
}


def answer_problem(problem: Problem, item: dict) -> str:
    """The one-line error for an answer that could not be saved."""
    if problem is Problem.OUT_OF_RANGE:
        return _("Enter a whole number from %(min)d to %(max)d", min=item["min"], max=item["max"])
    if problem is Problem.EXCLUSIVE:
        alone = [survey_text(o["label"]) for o in item["options"] if o.get("exclusive")]
        return _("“%(answer)s” can only be picked on its own", answer=" / ".join(alone))
    if problem is Problem.TOO_LONG:
        return _("Use %(max)d characters or fewer", max=item["max_length"])
    return str(ANSWER_PROBLEMS[problem])


ANSWER_PROBLEMS = {
    Problem.NOT_AN_OPTION: _l("Choose one of the answers shown, or skip this question"),
    Problem.BOTH: _l("Choose an answer, or one of the choices after “or”, not both"),
    Problem.NOT_A_NUMBER: _l("Enter a whole number, like 3, using numbers only"),
    Problem.MONTH: _l("Enter the month as a number from 1 to 12"),
    Problem.YEAR: _l("Enter the year with 4 numbers, like 2025"),
    Problem.FUTURE: _l("Enter a month that has already happened"),
}
