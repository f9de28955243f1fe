"""create_app(): blueprints, limits and database tuning a user relies on."""

from __future__ import annotations

from sqlalchemy import text

from youthvoice.extensions import db


def test_every_audience_has_its_blueprint(app):
    assert {"public", "auth", "youth", "advocate", "reports", "admin"} <= set(app.blueprints)


def test_request_size_is_limited(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 256 * 1024


def test_session_cookie_is_not_readable_by_scripts(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_english_and_spanish_are_offered(app):
    assert app.config["YOUTHVOICE_LOCALES"] == ["en", "es"]


def test_sqlite_runs_in_wal_mode_with_secure_delete(app_context):
    if db.engine.dialect.name != "sqlite":
        assert db.engine.dialect.name == "postgresql"
        return
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
