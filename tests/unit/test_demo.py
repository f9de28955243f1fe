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


def test_create_admin_makes_an_admin_who_can_sign_in(app, runner):
    from tests.web.staff_helpers import StaffLogin, sign_in
    from youthvoice.models import StaffUser
    from youthvoice.services.staff_accounts import totp_secret

    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "Admin@Example.org",
            "--name",
            "Ana",
            "--organisation",
            "Harbor Youth Collective",
        ],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Admin created for Harbor Youth Collective." in result.output
    with app.app_context():
        staff = db.session.scalars(select(StaffUser)).one()
        login = StaffLogin(
            staff.id, "admin@example.org", "a long enough password", totp_secret(staff)
        )
    client = app.test_client()
    assert sign_in(client, login).headers["Location"] == "/admin/"


def test_create_admin_refuses_a_short_password_and_changes_nothing(app, runner):
    from youthvoice.models import StaffUser

    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--organisation",
            "O",
            "--password",
            "short",
        ],
    )
    assert result.exit_code != 0
    assert "No account was created: the password must be at least 12 characters" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 0


def test_demo_staff_can_sign_in_with_the_printed_details(app, runner):
    import re

    from tests.web.staff_helpers import StaffLogin, sign_in

    output = runner.invoke(args=["demo"]).output
    key = re.search(r"maria@demo\.youthvoice\.test\s+key (\w+)", output).group(1)
    password = re.search(r"password for all of them: (.+)", output).group(1)
    login = StaffLogin("", "maria@demo.youthvoice.test", password, key)
    client = app.test_client()
    assert sign_in(client, login).headers["Location"] == "/advocate/"


def test_every_page_of_a_demo_says_it_is_a_demo(client, runner):
    assert "demonstration" not in client.get("/").get_data(as_text=True)
    runner.invoke(args=["demo"])
    assert "This is a demonstration with made-up people." in client.get("/").get_data(as_text=True)


def test_demo_young_people_can_sign_in_with_the_printed_pin(app, runner):
    import re

    from tests.web.youth_helpers import youth_sign_in

    output = runner.invoke(args=["demo"]).output
    again = runner.invoke(args=["demo"]).output
    assert "New records: 0" in again
    pin = re.search(r"PIN (\d+) for each", output).group(1)
    client = app.test_client()
    assert youth_sign_in(client, "demo-luz", pin).headers["Location"] == "/youth/"
    assert "Hi, Luz" in client.get("/youth/").get_data(as_text=True)
    newcomer = app.test_client()
    youth_sign_in(newcomer, "demo-river", pin)
    assert newcomer.get("/youth/").headers["Location"] == "/youth/welcome"
