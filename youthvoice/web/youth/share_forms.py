"""Reading the share forms: who a share is with, until when, what and how much of it.

Several pages ask the same questions (a new share, a change, a sent check-in, one answer),
so each is read here once, with a message for every problem; nothing is saved here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import g, request
from werkzeug.datastructures import MultiDict

from youthvoice.readers import read_date
from youthvoice.services import sharing, staff_accounts
from youthvoice.services.sharing_text import SHARE_PROBLEMS


def team_on_care_team() -> list[tuple[str, str, str]]:
    """(staff id, name, role) of each person a share can name now (sharing.recipients)."""
    return [
        (staff.id, staff_accounts.display_name(staff), staff.role)
        for staff in sharing.recipients(g.signed_in.id)
    ]


def team_ids(team: list[tuple[str, str, str]]) -> list[str]:
    return [staff_id for staff_id, _name, _role in team]


def read_new_share(
    kind: str, allowed: list[str], team: list[str]
) -> tuple[dict[str, str], dict[str, object]]:
    """The "share something new" form: errors, and the grant's arguments when there are none."""
    form = request.form
    errors: dict[str, str] = {}
    what = form.get("what", "")
    if what not in allowed:
        errors["what"] = SHARE_PROBLEMS["what"]
    when = form.get("when", "")
    if when not in (sharing.PAST, sharing.FUTURE, sharing.BOTH):
        errors["when"] = SHARE_PROBLEMS["when"]
    detail, detail_errors = read_detail() if kind == sharing.INSTRUMENT else (sharing.SCORES, {})
    to, until, who_errors = read_who_and_until(team)
    errors |= detail_errors | who_errors
    args = {"to": to, "scope": kind, "ref": what, "detail": detail, "when": when, "until": until}
    return errors, args


def read_detail() -> tuple[str, dict[str, str]]:
    detail = request.form.get("detail", "")
    if detail not in (sharing.SCORES, sharing.ANSWERS):
        return sharing.SCORES, {"detail": SHARE_PROBLEMS["detail"]}
    return detail, {}


def read_who_and_until(team: list[str]) -> tuple[list[str], datetime | None, dict[str, str]]:
    """Who a share is with (each on the care team now) and when it ends, as every share
    form asks; with a message for each problem."""
    to, to_errors = read_people(team)
    until, until_errors = read_until()
    return to, until, to_errors | until_errors


def read_people(team: list[str]) -> tuple[list[str], dict[str, str]]:
    """The people ticked: each must be on the care team now."""
    to = request.form.getlist("to")
    if not to or any(staff_id not in team for staff_id in to):
        return [], {"to": SHARE_PROBLEMS["to"]}
    return to, {}


def read_until() -> tuple[datetime | None, dict[str, str]]:
    ends = request.form.get("ends")
    if ends == "never":
        return None, {}
    if ends == "in_90_days":
        return datetime.now(UTC) + timedelta(days=sharing.SENSITIVE_DAYS), {}
    if ends == "on_date":
        until = _end_date(request.form)
        return until, ({} if until else {"until": SHARE_PROBLEMS["until"]})
    return None, {"ends": SHARE_PROBLEMS["ends"]}


def _end_date(form: MultiDict) -> datetime | None:
    day = read_date(form.get("year"), form.get("month"), form.get("day"))
    if day is None or day < date.today() or day > date.today() + timedelta(days=3 * 366):
        return None
    return sharing.end_of(day)
