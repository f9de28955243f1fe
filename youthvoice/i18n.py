"""Which languages exist, which one a request gets, and which way its text runs."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from babel import Locale
from flask import current_app, g, request, session
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

LOCALE_SESSION_KEY = "locale"


def discover_locales(translation_dirs: Iterable[Path], default: str) -> list[str]:
    """The default language plus every language that has a catalogue: adding one needs no code."""
    found = {default}
    for directory in translation_dirs:
        for catalogue in Path(directory).glob("*/LC_MESSAGES/messages.po"):
            found.add(catalogue.parent.parent.name)
    return sorted(found, key=lambda code: (code != default, code))


def select_locale() -> str:
    """The user's explicit choice, then (later) the account's preference, then the browser's."""
    available = current_app.config["YOUTHVOICE_LOCALES"]
    signed_in = g.get("signed_in")
    preference = signed_in.language if signed_in is not None else None
    for choice in (session.get(LOCALE_SESSION_KEY), preference):
        if choice in available:
            return choice
    return request.accept_languages.best_match(available) or available[0]


@cache  # asked on every page; a language's facts never change
def text_direction(code: str) -> str:
    return Locale.parse(code).text_direction


@cache
def native_name(code: str) -> str:
    """A language's name in itself ("español"), capitalised for a button."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def request_translations():
    """The request's catalogue, looked up once: Flask-Babel looks it up again on every
    call, which on a page with fifty strings costs more than the rest of rendering."""
    translations = g.get("_translations")
    if translations is None:
        translations = g._translations = get_translations()
    return translations


def translate(string: str) -> str:
    """gettext through the request's catalogue, for text that is not a literal in the code
    (survey content), so Babel's extractor does not take the argument for a message."""
    return request_translations().ugettext(string)


PAGE_TRANSLATIONS = "page_translations"  # the request's catalogue, in a page's context


def _catalogue(context: Context):
    """The page's catalogue from its context (put there once per page), else the request's."""
    return context.get(PAGE_TRANSLATIONS) or request_translations()


@pass_context
def _template_gettext(context: Context, string: str, **variables: object) -> str:
    text = _catalogue(context).ugettext(string)
    # Catalogue text is ours, trusted as markup exactly as Jinja's own newstyle gettext does;
    # the variables are escaped by Markup's %.
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704
    if variables or "%" in text:  # as a format string, as newstyle gettext always does
        return text % variables
    return text


@pass_context
def _template_ngettext(
    context: Context, singular: str, plural: str, number: int, **variables: object
) -> str:
    variables.setdefault("num", number)
    text = _catalogue(context).ungettext(singular, plural, number)
    return (Markup(text) if context.eval_ctx.autoescape else text) % variables  # noqa: S704


def install_template_gettext(app) -> None:
    """Templates translate through the request's catalogue, with Jinja's "newstyle" rules
    (the translation is a format string; the variables are escaped into it).

    Jinja's own newstyle functions reach the catalogue through three nested context calls
    for every string; these go straight to it, which matters on pages with fifty strings."""
    environment = app.jinja_env
    environment.newstyle_gettext = True  # how the i18n extension compiles {% trans %} blocks
    environment.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext
    )
