"""My sharing: what the youth shares, with whom, until when; add, change, stop, preview.

The forms are read in share_forms; "Tell my advocate now" is a check-in page
(checkin_routes), and sharing a sent check-in or one answer is in history_routes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import abort, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from youthvoice.services import shared_view, sharing
from youthvoice.services.sharing_text import grant_summary, instrument_title
from youthvoice.surveys.domains import youth_domain_label
from youthvoice.web.access import youth_required
from youthvoice.web.youth import bp
from youthvoice.web.youth.check_ins import instruments, offered_ids
from youthvoice.web.youth.share_forms import (
    read_new_share,
    read_who_and_until,
    team_ids,
    team_on_care_team,
)

KINDS = (sharing.INSTRUMENT, sharing.DOMAIN)


def _offered() -> list:
    every = instruments()
    return [every[key] for key in offered_ids()]


def _domains() -> list[str]:
    """Topics the youth can share across check-ins: domains of scores that are not private."""
    found: list[str] = []
    for instrument in _offered():
        for scale in instrument.scales:
            if scale["id"] not in instrument.sensitive_scales and scale["domain"] not in found:
                found.append(scale["domain"])
    return found


def youth_title(data: dict) -> str:
    return instrument_title(data, discreet=g.signed_in.discreet)


@bp.get("/sharing")
@youth_required
def sharing_home() -> str:
    now = datetime.now(UTC)
    grants = sharing.grants_of(g.signed_in.id)
    team = team_on_care_team()
    names = {staff_id: name for staff_id, name, _role in team}
    return render_template(
        "youth/sharing/home.html",
        team=team,
        in_force=[
            (grant, grant_summary(grant, names, instruments(), discreet=g.signed_in.discreet))
            for grant in grants
            if grant.in_force(now)
        ],
        note=request.args.get("note"),
    )


@bp.get("/sharing/preview/<staff_id>")
@youth_required
def share_preview(staff_id: str) -> str:
    """Exactly the staff view, for one person on the team, shown to the youth only."""
    names = {person_id: name for person_id, name, _role in team_on_care_team()}
    if staff_id not in names:
        abort(404)
    shown, told = shared_view.shared_with(staff_id, g.signed_in.id, instruments(), preview=True)
    return render_template(
        "youth/sharing/preview.html",
        staff_name=names[staff_id],
        shown=shown,
        told=told,
        not_shared=shared_view.NOT_SHARED,
        youth_words=True,  # topics and titles as the youth knows them; the rest is the same
    )


@bp.post("/sharing/<grant_id>/stop")
@youth_required
def stop_sharing(grant_id: str) -> Response:
    if not sharing.revoke(g.signed_in.id, grant_id):
        abort(404)
    return redirect(url_for("youth.sharing_home", note="stopped"), code=303)


@bp.route("/sharing/<grant_id>/change", methods=["GET", "POST"])
@youth_required
def change_sharing(grant_id: str) -> str | Response:
    """Who it is with, and when it ends. What is shared stays: for that, share again."""
    grant = sharing.grant_of(g.signed_in.id, grant_id)
    if grant is None or not grant.in_force(datetime.now(UTC)):
        abort(404)
    team = team_on_care_team()
    errors: dict[str, str] = {}
    if request.method == "POST":
        to, until, errors = read_who_and_until(team_ids(team))
        if not errors:
            sharing.change(g.signed_in.id, grant.id, to, until)
            return redirect(url_for("youth.sharing_home", note="changed"), code=303)
    names = {staff_id: name for staff_id, name, _role in team}
    return render_template(
        "youth/sharing/change.html",
        grant=grant,
        summary=grant_summary(grant, names, instruments(), discreet=g.signed_in.discreet),
        team=team,
        errors=errors,
        sent=request.form if request.method == "POST" else _current(grant),
    ), (400 if errors else 200)


def _current(grant: sharing.Grant) -> MultiDict:
    """The share as it is, to fill the form."""
    values = [("to", staff_id) for staff_id in grant.to]
    if grant.until is None:
        values.append(("ends", "never"))
    else:
        last_day = (grant.until - timedelta(seconds=1)).date()
        values += [("ends", "on_date"), ("day", str(last_day.day))]
        values += [("month", str(last_day.month)), ("year", str(last_day.year))]
    return MultiDict(values)


@bp.get("/sharing/new")
@youth_required
def share_choose_kind() -> str:
    return render_template("youth/sharing/kind.html")


@bp.route("/sharing/new/<kind>", methods=["GET", "POST"])
@youth_required
def share_new(kind: str) -> str | Response:
    if kind not in KINDS:
        abort(404)
    team = team_on_care_team()
    choices = (
        [(instrument.id, youth_title(instrument.data)) for instrument in _offered()]
        if kind == sharing.INSTRUMENT
        else [(domain, youth_domain_label(domain)) for domain in _domains()]
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        allowed = [code for code, _label in choices]
        errors, grant_args = read_new_share(kind, allowed, team_ids(team))
        if not errors:
            sharing.create(g.signed_in.id, **grant_args)
            return redirect(url_for("youth.sharing_home", note="shared"), code=303)
    return render_template(
        "youth/sharing/new.html",
        kind=kind,
        choices=choices,
        team=team,
        errors=errors,
        sent=request.form,
    ), (400 if errors else 200)
