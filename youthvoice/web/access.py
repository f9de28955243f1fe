"""Who is signed in, and which pages they may open. Loaded once per request."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, g, redirect, request, session, url_for

from youthvoice.i18n import LOCALE_SESSION_KEY
from youthvoice.models.youth import DEFAULT_THEME, PLAIN_THEME
from youthvoice.services import sessions

SESSION_TOKEN = "auth"  # noqa: S105 (the cookie key's name, not a secret)


SignedIn = sessions.Current  # who is signed in, as every view and template sees it


def load_signed_in() -> None:
    g.signed_in = None
    token = session.get(SESSION_TOKEN)
    if not token or request.endpoint == "static":
        return
    g.signed_in = sessions.current(token)
    if g.signed_in is None:
        session.pop(SESSION_TOKEN, None)


def sign_in(user_kind: str, user_id: str, shared_device: bool = False) -> None:
    locale = session.get(LOCALE_SESSION_KEY)
    session.clear()  # nothing from before signing in carries over, except the language
    if locale:
        session[LOCALE_SESSION_KEY] = locale
    session[SESSION_TOKEN] = sessions.start(user_kind, user_id, shared_device)


def session_hash() -> str | None:
    """What the database keeps of this browser's session token (None: not signed in)."""
    token = session.get(SESSION_TOKEN)
    return sessions.token_hash(token) if token else None


def sign_out() -> None:
    token = session.get(SESSION_TOKEN)
    if token:
        sessions.revoke(token)
    session.clear()


def staff_required(*roles: str) -> Callable:
    """Staff with one of these roles; others are sent to sign in, or refused."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: object, **kwargs: object) -> object:
            signed_in = g.get("signed_in")
            if signed_in is None:
                return redirect(url_for("auth.staff_sign_in"))
            if signed_in.kind != "staff" or signed_in.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def youth_required(view: Callable) -> Callable:
    """A signed-in youth; staff are refused (no staff role reaches a youth's pages)."""

    @wraps(view)
    def guarded(*args: object, **kwargs: object) -> object:
        signed_in = g.get("signed_in")
        if signed_in is None:
            return redirect(url_for("auth.youth_sign_in"))
        if signed_in.kind != "youth":
            abort(403)
        return view(*args, **kwargs)

    return guarded


def init_app(app: Flask) -> None:
    app.before_request(load_signed_in)

    @app.context_processor
    def signed_in_context() -> dict[str, object]:
        signed_in = g.get("signed_in")
        discreet = signed_in is None or signed_in.discreet
        theme = signed_in.theme if signed_in else DEFAULT_THEME
        return {
            "signed_in": signed_in,
            "discreet": discreet,
            "theme": theme,
            # Pictures say what a check-in is about: none in discreet mode or the Plain look.
            "show_icons": not discreet and theme != PLAIN_THEME,
        }
