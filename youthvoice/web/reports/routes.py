"""Views for the reports area."""

from __future__ import annotations

from flask import render_template

from youthvoice.web.reports import bp


@bp.get("/")
def home() -> str:
    return render_template("reports/home.html")
