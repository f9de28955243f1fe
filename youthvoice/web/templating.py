"""What every template can use: the page language, its direction, the language switcher."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, get_locale
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from youthvoice.i18n import (
    PAGE_TRANSLATIONS,
    install_template_gettext,
    native_name,
    request_translations,
    text_direction,
    translate,
)
from youthvoice.services.answer_text import answer_text, special_label, state_label
from youthvoice.services.demo import is_demo_deployment
from youthvoice.services.sharing_text import instrument_title, score_with_range
from youthvoice.surveys.domains import domain_label, youth_domain_label


def page_language() -> dict[str, object]:
    code = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    others = [
        {"code": other, "name": native_name(other)}
        for other in current_app.config["YOUTHVOICE_LOCALES"]
        if other != code
    ]
    return {
        "is_demo": is_demo_deployment(),
        "page_locale": code.replace("_", "-"),
        "page_direction": text_direction(code),
        "other_languages": others,
        "current_path": request.path,
        PAGE_TRANSLATIONS: request_translations(),
        "same_on_every_page": _same_parts(code),
    }


SAME_PARTS = "youthvoice.same_parts"


def _same_parts(code: str) -> Callable[[str], Markup]:
    """`same_on_every_page(name)` for a page in this language."""
    app = current_app._get_current_object()
    parts = app.extensions[SAME_PARTS]
    script_root = request.script_root

    def same_on_every_page(template_name: str) -> Markup:
        """A part drawn alike on every page in a language (the quick-exit region, the
        support box, the footer's links): rendered once per language and kept, since every
        page draws it. Such a part (templates/_parts/) sees only `_()` and `url_for`: never
        the request, the person signed in or a token."""
        key = (template_name, code, script_root)
        part = parts.get(key)
        if part is None or app.jinja_env.auto_reload:
            template = app.jinja_env.get_template(template_name)
            # Rendered by Jinja with autoescaping on, so it is already safe markup.
            part = parts[key] = Markup(template.render())  # noqa: S704
        return part

    return same_on_every_page


def survey_text(text: str) -> str:
    """Instrument text in the page language. Unlike `_()` in a template, the result is
    escaped like any other value, so survey content can never inject markup."""
    return translate(text)


@pass_context
def youth_title(context: Context, data: dict) -> str:
    """An instrument's title on a youth page: its neutral one in discreet mode, if it has one."""
    return instrument_title(data, discreet=bool(context.get("discreet")))


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    install_template_gettext(app)
    app.extensions[SAME_PARTS] = {}
    app.jinja_env.globals.update(
        st=survey_text,
        special_label=special_label,
        state_label=state_label,
        answer_text=answer_text,
        domain_label=domain_label,
        youth_domain_label=youth_domain_label,
        youth_title=youth_title,
        score_with_range=score_with_range,
        format_date=format_date,
        format_datetime=format_datetime,
    )
    app.context_processor(page_language)
