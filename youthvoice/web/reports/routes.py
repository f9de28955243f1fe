"""Views for the reports area."""

from __future__ import annotations

from flask import render_template

from youthvoice.web.access import staff_required
from youthvoice.web.reports import bp


@bp.get("/")
@staff_required("program_staff", "admin")
def home() -> str:
    return render_template("reports/home.html")
