"""The device cookie: a token for each account this browser has signed in to (OWASP's device
cookies), so wrong tries made elsewhere never lock this browser out of its own account.

It names no one: each token is a random value with a keyed check, meaningful only to the
server. "This is a shared device" sign-ins leave none, and the quick exit clears it."""

from __future__ import annotations

from flask import Response, after_this_request, current_app, request

from youthvoice.services import throttle

MAX_AGE_DAYS = 180
_SEPARATOR = "~"


def cookie_name() -> str:
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    return "__Host-device" if secure else "device"


def source() -> throttle.Source:
    """Where this request's try comes from, for the throttle."""
    raw = request.cookies.get(cookie_name(), "")
    tokens = tuple(token for token in raw.split(_SEPARATOR) if token)[: throttle.DEVICE_TOKENS_KEPT]
    return throttle.Source(request.remote_addr or "unknown", tokens)


def remember(token: str | None) -> None:
    """Keep `token` in this browser's device cookie (newest first) with the response."""
    if not token:
        return
    kept = [token, *source().device_tokens][: throttle.DEVICE_TOKENS_KEPT]

    @after_this_request
    def set_cookie(response: Response) -> Response:
        response.set_cookie(
            cookie_name(),
            _SEPARATOR.join(kept),
            max_age=MAX_AGE_DAYS * 24 * 3600,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
        return response
