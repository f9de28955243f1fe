"""Who has seen my answers: every read by anyone else, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import g, render_template
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from youthvoice.services import access_log
from youthvoice.services.answer_text import survey_text
from youthvoice.web.access import youth_required
from youthvoice.web.youth import bp, check_ins

ROLES = {"advocate": _l("advocate"), "program_staff": _l("program staff"), "admin": _l("admin")}
HOW = {
    "view": _l("on screen"),
    "list": _l("on screen"),
    "print": _l("printed"),
    "export": _l("downloaded"),
}
WHEN_FORMAT = "d MMM y, HH:mm"


@dataclass(frozen=True)
class Row:
    text: str
    when: datetime
    shown_when: str
    how: str | None
    count: int


@bp.get("/who-has-seen")
@youth_required
def who_has_seen() -> str:
    entries = access_log.entries_for(g.signed_in.id, check_ins.instruments())
    rows = [
        Row(
            describe(entry),
            entry.when,
            format_datetime(entry.when, WHEN_FORMAT),
            str(HOW[entry.via]) if entry.via in HOW else None,
            entry.count,
        )
        for entry in entries
    ]
    return render_template("youth/who_has_seen.html", rows=rows)


def _who(entry: access_log.Entry) -> str:
    if entry.who:
        role = ROLES.get(entry.role or "")
        return _("%(name)s (%(role)s)", name=entry.who, role=role) if role else entry.who
    if entry.actor_kind == "staff":
        return _("A staff member")
    return _("Someone")


def _check_in_part(entry: access_log.Entry) -> str:
    title = survey_text(entry.instrument.data["title"]) if entry.instrument else None
    if "answers" in entry.parts and "scores" in entry.parts:
        if title:
            return _("your “%(title)s” scores and answers", title=title)
        return _("scores and answers from one of your check-ins")
    if "answers" in entry.parts:
        if title:
            return _("your “%(title)s” answers", title=title)
        return _("answers from one of your check-ins")
    if title:
        return _("your “%(title)s” scores", title=title)
    return _("scores from one of your check-ins")


def _read(entry: access_log.Entry, who: str) -> str:
    if entry.what == "enrolment":
        if entry.via == "list":
            return _("%(who)s saw your name on their list", who=who)
        return _("%(who)s opened your page and saw your name", who=who)
    if entry.what == "check_in":
        return _("%(who)s saw %(what)s", who=who, what=_check_in_part(entry))
    if entry.what == "answer_now":
        return _("%(who)s saw the answer you chose to tell them", who=who)
    return _("%(who)s saw something of yours", who=who)


def _attempt(entry: access_log.Entry, who: str) -> str:
    what = {
        "enrolment": _("your name"),
        "check_in": _("one of your check-ins"),
        "answer_now": _("an answer of yours"),
    }.get(entry.what, _("something of yours"))
    return _("%(who)s tried to see %(what)s and was stopped", who=who, what=what)


def _failed_sign_ins(entry: access_log.Entry) -> str:
    if entry.context == access_log.BEFORE_PIN_RESET:
        return ngettext(
            "Before your PIN was reset, someone (maybe you) typed a wrong PIN %(num)d time",
            "Before your PIN was reset, someone (maybe you) typed a wrong PIN %(num)d times",
            entry.failures,
        )
    return _("Someone (maybe you) typed a wrong PIN for your sign-in name")


def describe(entry: access_log.Entry) -> str:
    """One line in plain words: “Maria (advocate) saw your “Quick check-in” scores”."""
    if entry.what == access_log.FAILED_SIGN_INS:
        return _failed_sign_ins(entry)
    who = _who(entry)
    recovery = {
        "recovery_requested": _("%(who)s asked to reset your PIN", who=who),
        "recovery_approved": _("%(who)s agreed your PIN can be reset", who=who),
        "recovery_approval_skipped": _(
            "%(who)s can reset your PIN without a second person: your program allows this",
            who=who,
        ),
        "recovery_code_given": _("%(who)s got a code to reset your PIN", who=who),
        "pin_reset": _("Your PIN was reset with a code from %(who)s", who=who),
        "recovery_voided": _("%(who)s cancelled an unused code to reset your PIN", who=who),
        "backup_code_made": _("A new backup code was made in your account"),
        "backup_code_turned_off": _("Your backup code was turned off"),
        "backup_code_used": _("Your backup code was used to choose a new PIN"),
    }
    if entry.what in recovery:
        return recovery[entry.what]
    return _read(entry, who) if entry.allowed else _attempt(entry, who)
