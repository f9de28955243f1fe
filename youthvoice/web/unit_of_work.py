"""Where a request's changes are committed: once, after the view, and only when it worked.

A response below 400 commits what the request changed; anything else (a refused form, a
404, an error page) rolls it back, so a failed request changes nothing. Views and services
do not commit. The few writes that must last even when the request is refused commit
themselves, each saying why: a failed sign-in's count (services/throttle.py) and its audit
(services/youth_accounts.py), a session's time-out and touch (services/sessions.py), a
refused read's audit (services/reading.py), an expired draft's purge, and the sign-out of a
youth whose key is gone (web/errors.py).
"""

from __future__ import annotations

from flask import Flask, Response

from youthvoice.extensions import db


def finish(response: Response) -> Response:
    if not db.session().in_transaction():  # the request touched no database (a static file)
        return response
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def init_app(app: Flask) -> None:
    app.after_request(finish)
