"""Views for the public pages."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, session
from sqlalchemy import text
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.i18n import LOCALE_SESSION_KEY
from youthvoice.web.access import sign_out
from youthvoice.web.public import bp
from youthvoice.web.public.forms import LanguageForm


@bp.get("/")
def index() -> str:
    return render_template("public/index.html")


@bp.get("/support")
def support() -> str:
    return render_template("public/support.html")


@bp.get("/staying-safe")
def staying_safe() -> str:
    return render_template("public/staying_safe.html")


@bp.get("/account-deleted")
def account_deleted() -> str:
    return render_template("public/account_deleted.html")


@bp.get("/exit")
def exit_now() -> Response:
    """Quick exit: end the session, ask the browser to forget this site, go somewhere neutral.

    A plain link (no form), so it works without JavaScript and in one tap. Anyone can make
    someone sign out with it; that is the point of the button, and nothing else changes.
    """
    sign_out()
    response = redirect(current_app.config["YOUTHVOICE_EXIT_URL"], code=303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.post("/language")
def set_language() -> Response:
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session[LOCALE_SESSION_KEY] = form.locale.data
    return redirect(form.safe_next(), code=303)


@bp.get("/healthz")
def health() -> tuple[str, int, dict[str, str]]:
    """For load balancers: the app answers and its database too."""
    db.session.execute(text("SELECT 1"))
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
