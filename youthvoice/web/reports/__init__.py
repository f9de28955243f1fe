"""Program staff: de-identified aggregate reports."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from youthvoice.web.reports import routes  # noqa: E402,F401
