"""Sign-in pages: staff (password, then TOTP code); the youth pages arrive with youth accounts."""

from __future__ import annotations

import time

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.models import StaffUser
from youthvoice.services import staff_accounts
from youthvoice.web.access import sign_in, sign_out
from youthvoice.web.auth import bp
from youthvoice.web.auth.forms import SignOutForm, StaffCodeForm, StaffPasswordForm

PENDING = "pending_staff"
PENDING_SECONDS = 300
ROLE_HOMES = {"advocate": "advocate.home", "program_staff": "reports.home", "admin": "admin.home"}


@bp.get("/sign-in")
def youth_sign_in() -> str:
    return render_template("auth/youth_sign_in.html")


@bp.route("/staff/sign-in", methods=["GET", "POST"])
def staff_sign_in() -> str | Response:
    form = StaffPasswordForm()
    if form.validate_on_submit():
        step = staff_accounts.check_password(form.email.data, form.password.data, _address())
        if step.retry_after:
            return _too_many(step.retry_after)
        if step.staff_id:
            db.session.commit()
            session[PENDING] = {"id": step.staff_id, "at": int(time.time())}
            return redirect(url_for("auth.staff_code"), code=303)
        form.form_errors.append(_("The email address or password is not right."))
    return render_template("auth/staff_sign_in.html", form=form)


@bp.route("/staff/sign-in/code", methods=["GET", "POST"])
def staff_code() -> str | Response:
    staff = _pending_staff()
    if staff is None:
        return redirect(url_for("auth.staff_sign_in"))
    form = StaffCodeForm()
    if form.validate_on_submit():
        step = staff_accounts.check_code(staff.id, form.code.data, _address())
        if step.retry_after:
            return _too_many(step.retry_after)
        if step.staff_id:
            role = staff.role
            sign_in("staff", staff.id)
            db.session.commit()
            return redirect(url_for(ROLE_HOMES[role]), code=303)
        form.form_errors.append(_("That code is not right, or was already used. Try the next one."))
    setup = None if staff.totp_confirmed else staff_accounts.provisioning(staff)
    return render_template("auth/staff_code.html", form=form, setup=setup)


@bp.post("/sign-out")
def sign_out_view() -> Response:
    if not SignOutForm().validate_on_submit():
        abort(400)
    sign_out()
    return redirect(url_for("public.index"), code=303)


def _pending_staff() -> StaffUser | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    staff = db.session.get(StaffUser, pending.get("id"))
    return staff if staff is not None and staff.active else None


def _address() -> str:
    return request.remote_addr or "unknown"


def _too_many(seconds: int) -> tuple[str, int, dict[str, str]]:
    page = render_template("errors/too_many.html", seconds=seconds)
    return page, 429, {"Retry-After": str(seconds)}
