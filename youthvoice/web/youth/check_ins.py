"""How every youth page opens a check-in: one helper, so each page answers alike.

Not the youth's, not there (discarded, deleted, purged) or a draft where a sent check-in
is needed: 404, the same as a made-up id. Sent where a draft is needed: 409, the friendly
"already sent" page. A draft untouched too long is purged on the way (checkins commits
the purge itself, since the refused request's changes are rolled back), then 404.
"""

from __future__ import annotations

from flask import abort, current_app, g

from youthvoice.services import checkins

DRAFT = "draft"  # a page that changes answers: the check-in must not be sent yet
SENT = "sent"  # a page about a sent check-in
EITHER = "either"  # sending: a second press of Send changes nothing


def instruments() -> dict:
    return current_app.extensions["youthvoice.instruments"]


def offered_ids() -> tuple[str, ...]:
    return current_app.extensions["youthvoice.offered"]


def open_own(check_in_id: str, needs: str) -> checkins.CheckInState:
    """The signed-in youth's check-in with this id, or the page's refusal (see above)."""
    try:
        state = checkins.open_check_in(g.signed_in.id, check_in_id, instruments())
    except checkins.CheckInNotFound:
        abort(404)
    if needs == DRAFT and state.submitted:
        abort(409)
    if needs == SENT and not state.submitted:
        abort(404)
    return state
