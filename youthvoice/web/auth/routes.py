"""Sign-in pages. Accounts arrive with issue #4; until then these pages say so."""

from __future__ import annotations

from flask import render_template

from youthvoice.web.auth import bp


@bp.get("/sign-in")
def youth_sign_in() -> str:
    return render_template("auth/youth_sign_in.html")


@bp.get("/staff/sign-in")
def staff_sign_in() -> str:
    return render_template("auth/staff_sign_in.html")
