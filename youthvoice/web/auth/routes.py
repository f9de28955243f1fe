"""Sign-in pages: staff (password, then TOTP code); the youth pages arrive with youth accounts."""

from __future__ import annotations

import time

from flask import g, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.models import Invite, StaffUser
from youthvoice.services import recovery, staff_accounts, youth_accounts
from youthvoice.web import device
from youthvoice.web.access import session_hash, sign_in, sign_out
from youthvoice.web.auth import bp
from youthvoice.web.auth.forms import (
    ChooseSignInForm,
    InviteCodeForm,
    NewPinForm,
    StaffCodeForm,
    StaffPasswordForm,
    YouthSignInForm,
    new_secret_ok,
)
from youthvoice.web.errors import too_many_tries
from youthvoice.web.youth_messages import NAME_PROBLEMS

PENDING = "pending_staff"
INVITE = "pending_invite"
PENDING_SECONDS = 300
ROLE_HOMES = {"advocate": "advocate.home", "program_staff": "reports.home", "admin": "admin.home"}


@bp.route("/sign-in", methods=["GET", "POST"])
def youth_sign_in() -> str | Response:
    form = YouthSignInForm()
    if form.validate_on_submit():
        result = youth_accounts.check_sign_in(form.name.data, form.secret.data, device.source())
        if result.retry_after:
            return _too_many(result.retry_after)
        if result.youth_id:
            shared = bool(form.shared_device.data)
            sign_in("youth", result.youth_id, shared_device=shared)
            if not shared:  # a shared device remembers nothing
                device.remember(result.device_token)
            return redirect(url_for("youth.home"), code=303)
        form.form_errors.append(_("The sign-in name or PIN is not right."))
    return render_template("auth/youth_sign_in.html", form=form)


@bp.route("/invite", methods=["GET", "POST"])
def invite() -> str | Response:
    """The invite code: typed in, or filled in by the page's script from the QR code's link,
    which carries it after "#" (never sent to the server, so never in a log)."""
    form = InviteCodeForm()
    if form.validate_on_submit():
        if (redeemed := _redeem_code(form, "first-sign-in", "auth.choose_sign_in")) is not None:
            return redeemed
        form.form_errors.append(
            _(
                "That invite code does not work. It may have expired or been used "
                "already. Ask your advocate for a new one."
            )
        )
    return render_template("auth/invite.html", form=form)


@bp.route("/invite/choose", methods=["GET", "POST"])
def choose_sign_in() -> str | Response:
    invite = _pending_invite()
    if invite is None or invite.purpose != "first-sign-in":
        return redirect(url_for("auth.invite"))
    form = ChooseSignInForm()
    if form.validate_on_submit() and _sign_in_choice_ok(form, invite):
        youth = youth_accounts.complete_invite(invite, form.name.data, form.secret.data)
        sign_in("youth", youth.id)
        return redirect(url_for("youth.backup_code"), code=303)  # offered, then the welcome
    return render_template("auth/choose_sign_in.html", form=form)


@bp.route("/recover", methods=["GET", "POST"])
def recover() -> str | Response:
    """A recovery code from the advocate, after a forgotten PIN."""
    form = InviteCodeForm()
    if form.validate_on_submit():
        if (redeemed := _redeem_code(form, "recovery", "auth.choose_new_pin")) is not None:
            return redeemed
        form.form_errors.append(
            _("That code does not work. It may have expired or been used. Ask your advocate.")
        )
    return render_template("auth/recover.html", form=form)


def _redeem_code(form: InviteCodeForm, purpose: str, next_page: str) -> ResponseReturnValue | None:
    """An invite or recovery code that works is kept in the session for the page that
    chooses a name or PIN; too many tries get the wait page; None when it does not work."""
    found, wait = youth_accounts.find_invite(form.code.data, device.source(), purpose)
    if wait:
        return _too_many(wait)
    if found is None:
        return None
    session[INVITE] = {"id": found.id, "at": int(time.time())}
    return redirect(url_for(next_page), code=303)


@bp.route("/recover/choose", methods=["GET", "POST"])
def choose_new_pin() -> str | Response:
    invite = _pending_invite()
    if invite is None or invite.purpose != "recovery":
        return redirect(url_for("auth.recover"))
    form = NewPinForm()
    if form.validate_on_submit() and new_secret_ok(form):
        try:
            youth = recovery.complete(invite, form.secret.data)
        except recovery.RecoveryError:  # voided by a new request, or used a moment ago
            db.session.rollback()
            session.pop(INVITE, None)
            return _code_does_not_work()
        sign_in("youth", youth.id)
        recovery.remember_reset_session(invite, session_hash())
        return redirect(url_for("youth.account_notice"), code=303)
    return render_template("auth/choose_new_pin.html", form=form)


def _code_does_not_work() -> str:
    form = InviteCodeForm(formdata=None)
    form.form_errors.append(
        _("That code does not work. It may have expired or been used. Ask your advocate.")
    )
    return render_template("auth/recover.html", form=form)


def _sign_in_choice_ok(form: ChooseSignInForm, invite: Invite) -> bool:
    if problem := youth_accounts.name_problem(form.name.data):
        form.name.errors.append(NAME_PROBLEMS[problem])
        if problem is youth_accounts.NameProblem.UNAVAILABLE:
            youth_accounts.count_refused_name(invite)
    secret_ok = new_secret_ok(form)
    return secret_ok and not form.name.errors


def _pending_invite() -> Invite | None:
    pending = session.get(INVITE)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS * 4:
        session.pop(INVITE, None)
        return None
    invite = db.session.get(Invite, pending.get("id"))
    return invite if invite is not None and youth_accounts.invite_usable(invite) else None


@bp.route("/staff/sign-in", methods=["GET", "POST"])
def staff_sign_in() -> str | Response:
    form = StaffPasswordForm()
    if form.validate_on_submit():
        step = staff_accounts.check_password(form.email.data, form.password.data, device.source())
        if step.retry_after:
            return _too_many(step.retry_after)
        if step.staff_id:
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
        step = staff_accounts.check_code(staff.id, form.code.data, device.source())
        if step.retry_after:
            return _too_many(step.retry_after)
        if step.staff_id:
            role = staff.role
            sign_in("staff", staff.id)
            device.remember(step.device_token)
            return redirect(url_for(ROLE_HOMES[role]), code=303)
        form.form_errors.append(_("That code is not right, or was already used. Try the next one."))
    setup = None if staff.totp_confirmed else staff_accounts.provisioning(staff)
    return render_template("auth/staff_code.html", form=form, setup=setup)


@bp.post("/session/extend")
def extend_session() -> tuple[dict[str, int], int]:
    """The time-out warning's "Stay signed in": the request itself renews the session."""
    signed_in = g.get("signed_in")
    if signed_in is None:
        return {"seconds_left": 0}, 401
    return {"seconds_left": signed_in.seconds_left}, 200


@bp.post("/sign-out")
def sign_out_view() -> Response:
    sign_out()
    return redirect(url_for("public.index"), code=303)


def _pending_staff() -> StaffUser | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    staff = db.session.get(StaffUser, pending.get("id"))
    return staff if staff is not None and staff.active else None


def _too_many(seconds: int) -> tuple[str, int, dict[str, str]]:
    return too_many_tries(seconds)
