"""Signing in with a backup code after a forgotten PIN: the sign-in name and the code, then a
new PIN. No staff member is involved, so none can use this way in."""

from __future__ import annotations

import time

from flask import redirect, render_template, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.services import backup_codes
from youthvoice.web import device
from youthvoice.web.access import sign_in
from youthvoice.web.auth import bp
from youthvoice.web.auth.forms import BackupCodeForm, NewPinForm, new_secret_ok
from youthvoice.web.errors import too_many_tries

PENDING = "pending_backup_code"
PENDING_SECONDS = 900  # from the code to the new PIN


@bp.route("/sign-in/backup-code", methods=["GET", "POST"])
def backup_code_sign_in() -> str | Response:
    form = BackupCodeForm()
    if form.validate_on_submit():
        checked = backup_codes.check(form.name.data, form.code.data, device.source())
        if checked.retry_after:
            return too_many_tries(checked.retry_after)
        if checked.youth_id:
            session[PENDING] = {
                "id": checked.youth_id,
                "proof": checked.proof,
                "at": int(time.time()),
            }
            return redirect(url_for("auth.backup_code_new_pin"), code=303)
        # The same words for an unknown name, no code and a wrong code.
        form.form_errors.append(_("The sign-in name or backup code is not right."))
    return render_template("auth/backup_code.html", form=form)


@bp.route("/sign-in/backup-code/new-pin", methods=["GET", "POST"])
def backup_code_new_pin() -> str | Response:
    pending = _pending()
    if pending is None:
        return redirect(url_for("auth.backup_code_sign_in"))
    form = NewPinForm()
    if form.validate_on_submit() and new_secret_ok(form):  # the same rules as every new PIN
        youth = backup_codes.use(pending["id"], pending["proof"], form.secret.data)
        if youth is None:  # spent or replaced since it was checked
            db.session.rollback()
            session.pop(PENDING, None)
            return _does_not_work_any_more()
        sign_in("youth", youth.id)
        return redirect(url_for("youth.home"), code=303)
    return render_template(
        "auth/choose_new_pin.html", form=form, action=url_for("auth.backup_code_new_pin")
    )


def _pending() -> dict | None:
    pending = session.get(PENDING)
    fresh = isinstance(pending, dict) and time.time() - pending.get("at", 0) <= PENDING_SECONDS
    if not fresh or not pending.get("id") or not pending.get("proof"):
        session.pop(PENDING, None)
        return None
    return pending


def _does_not_work_any_more() -> str:
    form = BackupCodeForm(formdata=None)
    form.form_errors.append(_("That backup code does not work any more. It was used or replaced."))
    return render_template("auth/backup_code.html", form=form)
