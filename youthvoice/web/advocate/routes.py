"""Advocates: the young people they work with, and enrolling someone new."""

from __future__ import annotations

from datetime import date

import segno
from flask import g, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from youthvoice.extensions import db
from youthvoice.models import Program, StaffUser
from youthvoice.services import care_team, youth_accounts
from youthvoice.web.access import staff_required
from youthvoice.web.advocate import bp
from youthvoice.web.advocate.forms import EnrolForm

INVITE_DAYS = youth_accounts.INVITE_LIFETIME.days


@bp.get("/")
@staff_required("advocate", "admin")
def home() -> str:
    people = care_team.my_young_people(g.signed_in.id)
    db.session.commit()  # the reads are audited
    return render_template("advocate/home.html", people=people)


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
            db.session.commit()
            link = url_for("auth.invite", code=code, _external=True)
            qr = segno.make(link, error="m").svg_inline(scale=4)
            return render_template("advocate/invite.html", code=code, qr=qr, days=INVITE_DAYS)
    return render_template("advocate/enrol.html", form=form)


def _program_choices(organisation_id: int) -> list[SelectChoice]:
    programs = select(Program).where(Program.organisation_id == organisation_id)
    return [
        SelectChoice(str(program.id), program.name)
        for program in db.session.scalars(programs.order_by(Program.name))
    ]
