"""Views for the public pages."""

from __future__ import annotations

from flask import abort, redirect, render_template, session
from sqlalchemy import text
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.i18n import LOCALE_SESSION_KEY
from youthvoice.web.public import bp
from youthvoice.web.public.forms import LanguageForm


@bp.get("/")
def index() -> str:
    return render_template("public/index.html")


@bp.get("/support")
def support() -> str:
    return render_template("public/support.html")


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
