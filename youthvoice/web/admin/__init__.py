"""Program admins: staff accounts, programs, surveys offered, keys, audit review."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from youthvoice.web.admin import routes  # noqa: E402,F401
