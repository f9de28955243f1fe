"""Views for the youth area."""

from __future__ import annotations

from flask import render_template

from youthvoice.web.youth import bp


@bp.get("/")
def home() -> str:
    return render_template("youth/home.html")
