"""The demo command: one organisation, two programs, and running it twice changes nothing."""

from __future__ import annotations

import os
import stat

from sqlalchemy import func, select

from youthvoice.extensions import db
from youthvoice.models import Organisation, Program


def test_demo_seeds_one_organisation_with_two_programs(runner, app_context):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    organisation = db.session.scalars(select(Organisation)).one()
    assert [program.name for program in organisation.programs] == [
        "Community Advocacy",
        "Drop-in Center",
    ]


def test_demo_is_idempotent(runner, app_context):
    runner.invoke(args=["demo"])
    again = runner.invoke(args=["demo"])
    assert "New records: 0" in again.output
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
    assert db.session.scalar(select(func.count()).select_from(Program)) == 2


def test_init_brings_an_empty_database_to_the_newest_schema(tmp_path, empty_database_url):
    from sqlalchemy import inspect

    from tests.conftest import make_settings
    from youthvoice import create_app

    app = create_app(make_settings(tmp_path / "instance", empty_database_url))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["init"])
        assert result.exit_code == 0, result.output
        assert "Database ready" in result.output
        assert {"organisations", "programs"} <= set(inspect(db.engine).get_table_names())
        if db.engine.url.get_backend_name() == "sqlite":
            mode = os.stat(db.engine.url.database).st_mode
            assert stat.S_IMODE(mode) == 0o600, "the database file must be private"
        db.engine.dispose()
