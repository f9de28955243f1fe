"""Views for the admin area."""

from __future__ import annotations

from flask import render_template

from youthvoice.web.admin import bp


@bp.get("/")
def home() -> str:
    return render_template("admin/home.html")
