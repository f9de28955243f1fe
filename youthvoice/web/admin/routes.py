"""Views for the admin area: approving PIN resets (more arrives with later issues)."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.models import StaffUser
from youthvoice.services import recovery, staff_accounts
from youthvoice.web.access import staff_required
from youthvoice.web.admin import bp


@bp.get("/")
@staff_required("admin")
def home() -> str:
    me = db.session.get(StaffUser, g.signed_in.id)
    waiting = [
        (request, staff_accounts.display_name(db.session.get(StaffUser, request.requested_by)))
        for request in recovery.waiting_for_approval(me)
    ]
    return render_template("admin/home.html", waiting=waiting, me=me.id)


@bp.post("/recovery/<request_id>/approve")
@staff_required("admin")
def approve_recovery(request_id: str) -> Response:
    try:
        recovery.approve(db.session.get(StaffUser, g.signed_in.id), request_id)
    except recovery.RecoveryError:
        abort(403)
    return redirect(url_for("admin.home"), code=303)
