"""Views for the advocate area."""

from __future__ import annotations

from flask import render_template

from youthvoice.web.advocate import bp


@bp.get("/")
def home() -> str:
    return render_template("advocate/home.html")
