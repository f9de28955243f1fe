"""Views for the advocate area."""

from __future__ import annotations

from flask import render_template

from youthvoice.web.access import staff_required
from youthvoice.web.advocate import bp


@bp.get("/")
@staff_required("advocate", "admin")
def home() -> str:
    return render_template("advocate/home.html")
