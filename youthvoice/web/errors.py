"""Friendly, translated error pages: no stack trace, nothing changed."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, session
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from youthvoice.extensions import db
from youthvoice.i18n import LOCALE_SESSION_KEY
from youthvoice.services import passwords, sessions
from youthvoice.services.unreadable import DataDeleted, DataUnreadable

# Heading and explanation per status; anything else falls back to the generic pair.
MESSAGES = {
    400: (
        _l("Something went wrong with what was sent"),
        _l("We could not use what was sent. Nothing was changed. Go back and try again."),
    ),
    403: (_l("You can't open this page"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("Check the address, or go back to the start.")),
    405: (_l("That didn't work"), _l("This page doesn't accept that. Nothing was changed.")),
    409: (
        _l("This check-in was already sent"),
        _l("Its answers can't change now. Nothing was changed."),
    ),
    413: (
        _l("That was too much to send at once"),
        _l("Nothing was saved. Try again with a shorter answer."),
    ),
    429: (
        _l("Please wait a moment"),
        _l("There were too many tries. Wait a minute, then try again."),
    ),
    503: (
        _l("We are busy right now"),
        _l("Nothing was changed. Wait a few seconds, then try again."),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("Nothing you saved before is lost. Try again in a few minutes."),
    ),
}
CSRF_MESSAGE = (
    _l("This page timed out"),
    _l(
        "For your safety, forms stop working after a while. Nothing was changed. "
        "Go back, reload the page and try again."
    ),
)


def render_error(status: int, heading: str, explanation: str) -> tuple[str, int]:
    page = render_template(
        "errors/error.html", status=status, heading=heading, explanation=explanation
    )
    return page, status


def handle_http_error(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    heading, explanation = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    return render_error(status, str(heading), str(explanation))


def handle_csrf_error(_error: CSRFError) -> tuple[str, int]:
    heading, explanation = CSRF_MESSAGE
    return render_error(400, str(heading), str(explanation))


# A data key that is gone: its owner's account was deleted (in another process, or before a
# restore brought rows back). 410 Gone, never the 500 page.
ACCOUNT_DELETED = (
    _l("This account was deleted"),
    _l("Everything in it was erased, so it can't be opened. You are signed out now."),
)
DATA_DELETED = (
    _l("This was deleted"),
    _l("It was erased for good, so no one can open it. Nothing was changed."),
)


def handle_shredded_key(error: DataDeleted) -> tuple[str, int]:
    """A friendly page; a youth whose own key is gone is signed out everywhere."""
    db.session.rollback()  # nothing the request began (an audit event, say) is kept
    current_app.logger.warning("A page met the data key of a deleted account")
    signed_in = g.get("signed_in")
    heading, explanation = DATA_DELETED
    if signed_in is not None and signed_in.kind == "youth" and signed_in.id == error.owner_id:
        sessions.revoke_all("youth", signed_in.id)
        db.session.commit()
        locale = session.get(LOCALE_SESSION_KEY) or signed_in.language
        session.clear()
        if locale:  # the page that says so is still in their language
            session[LOCALE_SESSION_KEY] = locale
        g.signed_in = None
        heading, explanation = ACCOUNT_DELETED
    return render_error(410, str(heading), str(explanation))


def handle_integrity_error(error: DataUnreadable) -> tuple[str, int]:
    """Tampered or orphaned ciphertext: log where (never what), show the friendly 500 page."""
    current_app.logger.error("Encrypted data failed its integrity check: %s", error)
    return handle_http_error(InternalServerError())


def too_many_tries(seconds: int) -> tuple[str, int, dict[str, str]]:
    """The wait after too many wrong tries, and how long it is."""
    page = render_template("errors/too_many.html", seconds=seconds)
    return page, 429, {"Retry-After": str(seconds)}


def handle_busy(_error: passwords.Busy) -> tuple[str, int, dict[str, str]]:
    """Every PIN and password check slot stayed taken: ask to try again, change nothing."""
    heading, explanation = MESSAGES[503]
    return (*render_error(503, str(heading), str(explanation)), {"Retry-After": "5"})


def handle_unexpected_error(error: Exception) -> tuple[str, int]:
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unhandled error")
    return handle_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(DataDeleted, handle_shredded_key)
    app.register_error_handler(DataUnreadable, handle_integrity_error)
    app.register_error_handler(passwords.Busy, handle_busy)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
