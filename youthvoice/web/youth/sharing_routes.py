"""My sharing: what the youth shares, with whom, until when; add, stop, tell my advocate now."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import abort, current_app, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.readers import read_date
from youthvoice.services import checkins, shared_view, sharing, staff_accounts
from youthvoice.services.sharing_text import SHARE_PROBLEMS, grant_summary
from youthvoice.surveys import flow
from youthvoice.surveys.domains import domain_label
from youthvoice.web.access import youth_required
from youthvoice.web.auth.forms import ActionForm
from youthvoice.web.youth import bp

KINDS = (sharing.INSTRUMENT, sharing.DOMAIN)


def _instruments() -> dict:
    return current_app.extensions["youthvoice.instruments"]


def _offered() -> list:
    instruments = _instruments()
    return [instruments[key] for key in current_app.extensions["youthvoice.offered"]]


def team_on_care_team() -> list[tuple[str, str, str]]:
    """(staff id, name, role) of each person a share can name now (sharing.recipients)."""
    return [
        (staff.id, staff_accounts.display_name(staff), staff.role)
        for staff in sharing.recipients(g.signed_in.id)
    ]


def _domains() -> list[str]:
    """Topics the youth can share across check-ins: domains of scores that are not private."""
    found: list[str] = []
    for instrument in _offered():
        private = flow.sensitive_scales(instrument.data)
        for scale in instrument.data.get("scoring", {}).get("scales", []):
            if scale["id"] not in private and scale["domain"] not in found:
                found.append(scale["domain"])
    return found


@bp.get("/sharing")
@youth_required
def sharing_home() -> str:
    now = datetime.now(UTC)
    grants = sharing.grants_of(g.signed_in.id)
    names = {staff_id: name for staff_id, name, _role in team_on_care_team()}
    return render_template(
        "youth/sharing/home.html",
        team=team_on_care_team(),
        in_force=[
            (grant, grant_summary(grant, names, _instruments()))
            for grant in grants
            if grant.in_force(now)
        ],
        form=ActionForm(),
        note=request.args.get("note"),
    )


@bp.get("/sharing/preview/<staff_id>")
@youth_required
def share_preview(staff_id: str) -> str:
    """Exactly the staff view, for one person on the team, shown to the youth only."""
    names = {person_id: name for person_id, name, _role in team_on_care_team()}
    if staff_id not in names:
        abort(404)
    shown, told = shared_view.shared_with(staff_id, g.signed_in.id, _instruments(), preview=True)
    return render_template(
        "youth/sharing/preview.html",
        staff_name=names[staff_id],
        shown=shown,
        told=told,
        not_shared=shared_view.NOT_SHARED,
    )


@bp.post("/sharing/<grant_id>/stop")
@youth_required
def stop_sharing(grant_id: str) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    if not sharing.revoke(g.signed_in.id, grant_id):
        abort(404)
    db.session.commit()
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
        if not ActionForm().validate_on_submit():
            abort(400)
        to, until, errors = read_who_and_until([staff_id for staff_id, _name, _role in team])
        if not errors:
            sharing.change(g.signed_in.id, grant.id, to, until)
            db.session.commit()
            return redirect(url_for("youth.sharing_home", note="changed"), code=303)
    names = {staff_id: name for staff_id, name, _role in team}
    return render_template(
        "youth/sharing/change.html",
        grant=grant,
        summary=grant_summary(grant, names, _instruments()),
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
        [(instrument.id, instrument.data["title"]) for instrument in _offered()]
        if kind == sharing.INSTRUMENT
        else [(domain, domain_label(domain)) for domain in _domains()]
    )
    errors: dict[str, str] = {}
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        errors, grant_args = _read_share_form(kind, [c for c, _ in choices], [t[0] for t in team])
        if not errors:
            sharing.create(g.signed_in.id, **grant_args)
            db.session.commit()
            return redirect(url_for("youth.sharing_home", note="shared"), code=303)
    return render_template(
        "youth/sharing/new.html",
        kind=kind,
        choices=choices,
        team=team,
        errors=errors,
        sent=request.form,
        form=form,
    ), (400 if errors else 200)


def _read_share_form(
    kind: str, allowed: list[str], team: list[str]
) -> tuple[dict[str, str], dict[str, object]]:
    """Check the form; every problem gets its own message, and nothing is saved."""
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


@bp.post("/check-ins/<check_in_id>/q/<int:number>/tell")
@youth_required
def tell_now(check_in_id: str, number: int) -> Response:
    """ "Tell my advocate now": a copy of just this answer, for the person chosen."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        state = checkins.editable(g.signed_in.id, check_in_id, _instruments())
    except (checkins.CheckInNotFound, checkins.AlreadySubmitted):
        abort(404)
    positions = flow.positions(state.instrument.data)
    if not 1 <= number <= len(positions):
        abort(404)
    item = positions[number - 1].item
    if item["id"] not in state.answers:
        abort(404)
    to = request.form.get("to", "")
    if to not in {staff_id for staff_id, _name, _role in team_on_care_team()}:
        abort(400)
    answer = {
        "instrument": state.instrument.id,
        "version": state.instrument.version,
        "item": item["id"],
        "value": state.answers[item["id"]],
    }
    sharing.create(
        g.signed_in.id,
        [to],
        sharing.ANSWER_NOW,
        state.id,
        until=datetime.now(UTC) + timedelta(days=sharing.SENSITIVE_DAYS),
        answer=answer,
    )
    db.session.commit()
    return redirect(
        url_for("youth.support_now", check_in_id=state.id, number=number, told=1), code=303
    )
