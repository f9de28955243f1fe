"""Signing in and out, for youth and for staff."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from youthvoice.web.auth import backup_routes, routes  # noqa: E402,F401
