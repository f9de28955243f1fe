"""The youth's backup code: offered after choosing a sign-in, and in Settings. Shown once."""

from __future__ import annotations

from flask import g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.models import Youth
from youthvoice.services import backup_codes, recovery
from youthvoice.web.access import session_hash, youth_required
from youthvoice.web.auth.forms import ActionForm
from youthvoice.web.youth import bp


def _me() -> Youth:
    return db.session.get(Youth, g.signed_in.id)


def _after(me: Youth) -> str:
    """Where "Skip" and "Done" lead: the welcome the first time, Settings after that."""
    return url_for("youth.welcome") if me.assent_at is None else url_for("youth.settings")


def _after_a_reset(me: Youth) -> bool:
    """In the session a PIN reset started, whoever uses it may not be the youth: a backup
    code made or turned off there could lock them out, so it waits for a later sign-in."""
    return recovery.in_reset_session(me.id, session_hash())


def _offer(me: Youth, blocked: bool) -> str:
    return render_template(
        "youth/backup_code.html",
        has_code=me.backup_code_hash is not None,
        blocked=blocked,
        next_url=_after(me),
    )


@bp.route("/backup-code", methods=["GET", "POST"])
@youth_required
def backup_code() -> str | tuple[str, int]:
    me = _me()
    form = ActionForm()
    blocked = _after_a_reset(me)
    if not form.is_submitted():
        return _offer(me, blocked)
    if blocked:
        return _offer(me, blocked), 403
    code = backup_codes.make(me)
    # The answer to a POST: going back or reloading never shows this code again.
    return render_template("youth/backup_code_made.html", code=code, next_url=_after(me))


@bp.post("/backup-code/off")
@youth_required
def turn_off_backup_code() -> Response | tuple[str, int]:
    me = _me()
    if _after_a_reset(me):
        return _offer(me, blocked=True), 403
    backup_codes.turn_off(me)
    return redirect(url_for("youth.settings", saved=1), code=303)
