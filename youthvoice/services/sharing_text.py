"""Shares in plain words, in the youth's language: "Maria can see your Hope scores…";
topics in a young person's words, titles as discreet mode shows them, and scores with what
they are out of ("3 out of 10")."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from youthvoice.services import sharing
from youthvoice.services.answer_text import survey_text
from youthvoice.surveys.catalogue import answered_with
from youthvoice.surveys.domains import youth_domain_label
from youthvoice.surveys.loader import Instrument
from youthvoice.surveys.scoring import score_range

SHARE_PROBLEMS = {
    "what": _l("Choose what to share"),
    "detail": _l("Choose scores only, or scores and answers"),
    "to": _l("Choose at least one person on your team"),
    "when": _l("Choose which check-ins to share"),
    "ends": _l("Choose when the sharing ends"),
    "until": _l("Enter a real date from today, like 5 3 2027"),
}


def instrument_title(data: dict, *, discreet: bool) -> str:
    """An instrument's title as a youth page shows it: in discreet mode, its neutral title
    where its own names a sensitive topic ("Alcohol and drugs")."""
    return survey_text(data["discreet_title" if discreet and "discreet_title" in data else "title"])


def score_with_range(value: float, scale: dict, instrument: Instrument) -> str:
    """A score and what it is out of: "2.5 out of 3", "12 out of 31", "step 3 of 5"."""
    most = score_range(scale, instrument.items())
    score, top = format_decimal(round(value, 1)), format_decimal(most.most)
    if most.steps:
        return _("step %(step)s of %(steps)s", step=score, steps=top)
    return _("%(score)s out of %(most)s", score=score, most=top)


def _what(grant: sharing.Grant, instruments: dict, discreet: bool) -> str:
    if grant.scope == sharing.DOMAIN:
        return _("your %(topic)s scores", topic=youth_domain_label(grant.ref))
    if grant.scope == sharing.ANSWER_NOW:
        instrument = answered_with(
            instruments, grant.answer["instrument"], grant.answer.get("version")
        )
        item = instrument.items().get(grant.answer["item"]) if instrument else None
        question = survey_text(item["text"]) if item else _("a question")
        return _("your answer to “%(question)s”", question=question)
    instrument = instruments.get(grant.ref)
    title = instrument_title(instrument.data, discreet=discreet) if instrument else _("a check-in")
    if grant.detail == sharing.ANSWERS:
        return _("your “%(title)s” scores and answers", title=title)
    return _("your “%(title)s” scores", title=title)


def _when(grant: sharing.Grant) -> str:
    if grant.scope == sharing.ANSWER_NOW:
        return _("as you answered it then")
    return {
        sharing.PAST: _("from check-ins you already sent"),
        sharing.FUTURE: _("from check-ins you send from now on"),
        sharing.BOTH: _("from all your check-ins"),
    }[grant.when]


def _until(grant: sharing.Grant) -> str:
    if grant.until is None:
        return _("until you stop it")
    last_day = (grant.until - timedelta(seconds=1)).date()
    return _("until %(date)s", date=format_date(last_day, "long"))


def grant_summary(
    grant: sharing.Grant, names: dict[str, str], instruments: dict, *, discreet: bool = False
) -> str:
    people = [names[staff_id] for staff_id in grant.to if staff_id in names]
    who = ", ".join(people) or _("No one on your team now")
    return ngettext(
        "%(who)s can see %(what)s, %(when)s, %(until)s.",
        "%(who)s can see %(what)s, %(when)s, %(until)s.",
        max(len(people), 1),
        who=who,
        what=_what(grant, instruments, discreet),
        when=_when(grant),
        until=_until(grant),
    )
