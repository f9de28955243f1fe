"""Views for the admin area."""

from __future__ import annotations

from flask import render_template

from youthvoice.web.access import staff_required
from youthvoice.web.admin import bp


@bp.get("/")
@staff_required("admin")
def home() -> str:
    return render_template("admin/home.html")
