"""The youth's own pages: check-ins, progress, sharing, settings."""

from flask import Blueprint

bp = Blueprint("youth", __name__, url_prefix="/youth")

from youthvoice.web.youth import (  # noqa: E402,F401
    access_log_routes,
    backup_code_routes,
    checkin_routes,
    data_routes,
    history_routes,
    routes,
    sharing_routes,
)
