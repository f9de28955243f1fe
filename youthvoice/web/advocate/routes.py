"""Advocates: the young people they work with, and enrolling someone new."""

from __future__ import annotations

from datetime import date

import segno
from flask import abort, current_app, g, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from youthvoice.extensions import db
from youthvoice.models import Program, StaffUser, Youth
from youthvoice.services import care_team, reading, recovery, shared_view, youth_accounts
from youthvoice.web.access import staff_required
from youthvoice.web.advocate import bp
from youthvoice.web.advocate.forms import EnrolForm

INVITE_DAYS = youth_accounts.INVITE_LIFETIME.days


@bp.get("/")
@staff_required("advocate", "admin")
def home() -> str:
    people = care_team.my_young_people(g.signed_in.id)
    return render_template(
        "advocate/home.html", people=people, notices=care_team.new_shares(people)
    )


@bp.get("/youth/<youth_id>")
@staff_required("advocate", "admin")
def young_person(youth_id: str) -> str:
    """Only what this young person shared with the viewer, each read audited."""
    youth = db.session.get(Youth, youth_id)
    if youth is None:
        abort(404)
    try:
        shown, told = shared_view.shared_with(
            g.signed_in.id, youth_id, current_app.extensions["youthvoice.instruments"]
        )
    except reading.AccessDenied:
        abort(403)
    name = care_team.name_for_staff(youth)
    return render_template(
        "advocate/young_person.html",
        name=name,
        shown=shown,
        told=told,
        not_shared=shared_view.NOT_SHARED,
    )


@bp.route("/enrol", methods=["GET", "POST"])
@staff_required("advocate", "admin")
def enrol() -> str:
    me = db.session.get(StaffUser, g.signed_in.id)
    form = EnrolForm()
    form.program.choices = _program_choices(me.organisation_id)
    if form.validate_on_submit():
        if form.consent_on.data > date.today():
            form.consent_on.errors = [_("The date can't be in the future")]
        else:
            _youth, code = youth_accounts.enrol(
                me, form.preferred_name.data or "", form.program.data, form.consent_on.data
            )
            # After "#": the browser fills the form from it and never sends it to the server.
            link = url_for("auth.invite", _external=True) + "#code=" + code
            qr = segno.make(link, error="m").svg_inline(scale=4)
            return render_template("advocate/invite.html", code=code, qr=qr, days=INVITE_DAYS)
    return render_template("advocate/enrol.html", form=form)


@bp.post("/youth/<youth_id>/recovery")
@staff_required("advocate", "admin")
def request_recovery(youth_id: str) -> Response:
    try:
        recovery.request(db.session.get(StaffUser, g.signed_in.id), youth_id)
    except recovery.RecoveryError:
        abort(403)
    return redirect(url_for("advocate.home"), code=303)


@bp.post("/recovery/<request_id>/code")
@staff_required("advocate", "admin")
def recovery_code(request_id: str) -> str | tuple[str, int]:
    """The code, once. Asked again (a reload), it says so and offers a new request."""
    try:
        code = recovery.issue_code(db.session.get(StaffUser, g.signed_in.id), request_id)
    except recovery.CodeAlreadyShown as shown:
        page = render_template("advocate/recovery_code.html", code=None, youth_id=shown.youth_id)
        return page, 409
    except recovery.RecoveryError:
        abort(403)
    return render_template("advocate/recovery_code.html", code=code)


def _program_choices(organisation_id: int) -> list[SelectChoice]:
    programs = select(Program).where(Program.organisation_id == organisation_id)
    return [
        SelectChoice(str(program.id), program.name)
        for program in db.session.scalars(programs.order_by(Program.name))
    ]
