"""Pages anyone can open: the start page, support resources, the language choice."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from youthvoice.web.public import routes  # noqa: E402,F401
