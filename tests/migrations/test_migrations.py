"""Migrations run forward and back on the database under test, and match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from tests.conftest import make_settings
from youthvoice import create_app
from youthvoice.extensions import db

APP_TABLES = set(db.metadata.tables)


@pytest.fixture
def fresh_app(tmp_path, empty_database_url):
    app = create_app(make_settings(tmp_path / "instance", empty_database_url))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_every_model_table_is_known():
    assert {"organisations", "programs", "data_keys", "audit_events"} <= APP_TABLES


def test_migrations_run_up_down_and_up_again(fresh_app):
    directory = fresh_app.extensions["migrate"].directory
    assert table_names() == set()
    upgrade(directory=directory)
    assert table_names() == APP_TABLES
    downgrade(directory=directory, revision="base")
    assert table_names() == set()
    upgrade(directory=directory)
    assert table_names() == APP_TABLES


def test_each_migration_steps_down_one_at_a_time(fresh_app):
    directory = fresh_app.extensions["migrate"].directory
    upgrade(directory=directory)
    while table_names():
        downgrade(directory=directory, revision="-1")
    assert table_names() == set()


def test_models_and_migrations_agree(fresh_app):
    upgrade(directory=fresh_app.extensions["migrate"].directory)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
