"""YouthVoice: trauma-informed, youth-controlled check-ins. create_app() builds the Flask app."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import ConfigError, Settings, load_settings, with_local_defaults
from youthvoice import cli, crypto, models  # noqa: F401  (models register their tables)
from youthvoice.extensions import babel, csrf, db, migrate
from youthvoice.i18n import discover_locales, select_locale
from youthvoice.paths import default_instance_dir, resource_dir
from youthvoice.surveys.catalogue import Catalogue, default_order, load_catalogue
from youthvoice.web import access, errors, headers, templating, unit_of_work
from youthvoice.web.admin import bp as admin_bp
from youthvoice.web.advocate import bp as advocate_bp
from youthvoice.web.auth import bp as auth_bp
from youthvoice.web.public import bp as public_bp
from youthvoice.web.reports import bp as reports_bp
from youthvoice.web.youth import bp as youth_bp


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app from settings, or from the environment when none are given."""
    if settings is None:
        settings = _settings_from_environment()
    settings = with_local_defaults(settings, default_instance_dir())
    if settings.is_production:
        _refuse_unsafe_keys(settings)

    app = Flask(
        __name__,
        instance_path=settings.instance_path,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    app.config.from_mapping(_flask_config(settings))
    # INFO reaches the log: audit chain heads are kept there, outside the database.
    logging.getLogger("youthvoice").setLevel(logging.INFO)
    if settings.trusted_proxies:
        count = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")))
    crypto.init_app(app, settings)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    headers.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    access.init_app(app)
    unit_of_work.init_app(app)
    cli.init_app(app)

    for blueprint in (public_bp, auth_bp, youth_bp, advocate_bp, reports_bp, admin_bp):
        app.register_blueprint(blueprint)
    instruments = _load_instruments(settings)
    app.extensions["youthvoice.instruments"] = instruments
    app.extensions["youthvoice.offered"] = _offered(settings, instruments)
    return app


def _offered(settings: Settings, instruments: Catalogue) -> tuple[str, ...]:
    """The instruments youth may start; an unknown id stops start-up, naming it."""
    offered = settings.offered_instruments or default_order(instruments)
    unknown = [instrument_id for instrument_id in offered if instrument_id not in instruments]
    if unknown:
        print(
            "YouthVoice cannot start: YOUTHVOICE_OFFERED_INSTRUMENTS names an instrument "
            f"that does not exist: {', '.join(unknown)}",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return offered


def _load_instruments(settings: Settings) -> Catalogue:
    """Every instrument and every earlier released version (check-ins answered with one
    are read with it), checked; a problem stops start-up with one line each."""
    directory = Path(settings.surveys_dir) if settings.surveys_dir else None
    catalogue, problems = load_catalogue(directory)
    if problems:
        for problem in problems:
            print(f"YouthVoice cannot start: {problem}", file=sys.stderr)
        raise SystemExit(2)
    return catalogue


def _settings_from_environment() -> Settings:
    """Read the environment; a bad setting stops start-up with one line naming it."""
    try:
        return load_settings()
    except ConfigError as error:
        print(f"YouthVoice cannot start: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def _refuse_unsafe_keys(settings: Settings) -> None:
    try:
        crypto.check_custody(settings)
    except crypto.KeyCustodyError as error:
        print(f"YouthVoice cannot start: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def _flask_config(settings: Settings) -> dict[str, object]:
    translation_dirs = [str(resource_dir("translations")), *settings.extra_translation_dirs]
    secure_cookies = settings.is_production
    return {
        "YOUTHVOICE_SETTINGS": settings,
        "ENV_NAME": settings.env,
        "TESTING": settings.env == "testing",
        "SECRET_KEY": settings.secret_key,
        "SQLALCHEMY_DATABASE_URI": settings.database_url,
        # Error messages must never carry the values of a query (they may be personal).
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "hide_parameters": True,
            # A server connection can drop between requests, so test it when taken from
            # the pool; an SQLite file cannot, and the test would cost every request.
            "pool_pre_ping": not settings.database_url.startswith("sqlite"),
        },
        "MAX_CONTENT_LENGTH": settings.max_request_bytes,
        "MAX_FORM_MEMORY_SIZE": settings.max_request_bytes,
        "MAX_FORM_PARTS": 200,
        "SESSION_COOKIE_NAME": "__Host-session" if secure_cookies else "session",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": settings.staff_idle_minutes * 60 * 4,
        "BABEL_DEFAULT_LOCALE": settings.default_locale,
        "BABEL_DEFAULT_TIMEZONE": settings.time_zone,
        "BABEL_TRANSLATION_DIRECTORIES": ";".join(translation_dirs),
        "YOUTHVOICE_LOCALES": discover_locales(translation_dirs, settings.default_locale),
        "YOUTHVOICE_EXIT_URL": settings.exit_url,
    }
