"""Advocates: enrolling youth and reading what a youth chose to share."""

from flask import Blueprint

bp = Blueprint("advocate", __name__, url_prefix="/advocate")

from youthvoice.web.advocate import routes  # noqa: E402,F401
