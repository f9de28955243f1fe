"""Shared fixtures: settings, a migrated database (SQLite or PostgreSQL), app, client."""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from config import Settings, load_settings, normalise_database_url
from youthvoice import create_app
from youthvoice.crypto.envelope import new_key
from youthvoice.crypto.providers import keyring_json
from youthvoice.extensions import db

# Set by `make test-postgres`: the server's maintenance database, e.g. postgresql://…/test.
POSTGRES_ENV = "YOUTHVOICE_TEST_DATABASE_URL"
TEST_SECRET = "test-secret-" + "x1y2z3" * 8
# One keyring for the whole run, so a database migrated once can be copied into every test.
TEST_KEYRING = keyring_json({"kek-test-1": new_key()}, "kek-test-1")


def make_settings(instance: Path, database_url: str, **overrides: object) -> Settings:
    values = {
        "env": "testing",
        "secret_key": TEST_SECRET,
        "instance_path": str(instance),
        "database_url": database_url,
        "key_provider": "env",
        "keyring": TEST_KEYRING,
        # Fast hashing in tests; production refuses anything below 64 MiB and 3 passes.
        "argon2_memory_kib": 1024,
        "argon2_time_cost": 1,
    }
    return load_settings({}, **{**values, **overrides})


class PostgresServer:
    """Creates throw-away databases on the local server and drops them afterwards."""

    def __init__(self, maintenance_url: str) -> None:
        self.url = make_url(normalise_database_url(maintenance_url))
        self.created: list[str] = []

    def _admin(self) -> psycopg.Connection:
        dsn = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return psycopg.connect(dsn, autocommit=True)

    def create(self) -> str:
        name = f"youthvoice_test_{secrets.token_hex(6)}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self._admin() as connection:
            for name in self.created:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres(request: pytest.FixtureRequest) -> Iterator[PostgresServer | None]:
    maintenance_url = request.config.getoption("--postgres") or _env_postgres()
    if not maintenance_url:
        yield None
        return
    server = PostgresServer(maintenance_url)
    yield server
    server.drop_all()


def _env_postgres() -> str:
    import os

    return os.environ.get(POSTGRES_ENV, "")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--postgres", default="", help="PostgreSQL URL to run the suite against")


def pytest_report_header(config: pytest.Config) -> str:
    target = config.getoption("--postgres") or _env_postgres()
    return f"database: {'PostgreSQL ' + make_url(target).host if target else 'SQLite'}"


@pytest.fixture
def empty_database_url(tmp_path: Path, postgres: PostgresServer | None) -> str:
    """A database with no tables at all, on the server under test."""
    if postgres is not None:
        return postgres.create()
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"


def migrate_to_head(settings: Settings) -> None:
    """What `flask --app youthvoice init` does: key file, schema, index secret."""
    app = create_app(settings)
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()


@dataclass
class MigratedTemplate:
    """A database brought to head by `init` once per run, and the rows `init` put in it."""

    url: str
    seed_rows: dict[str, list[dict]]


@pytest.fixture(scope="session")
def migrated_template(
    tmp_path_factory: pytest.TempPathFactory, postgres: PostgresServer | None
) -> MigratedTemplate:
    """Migrated once per run: a SQLite file to copy, or one PostgreSQL database to reuse."""
    instance = tmp_path_factory.mktemp("template-instance")
    url = postgres.create() if postgres else f"sqlite:///{instance / 'template.sqlite3'}"
    migrate_to_head(make_settings(instance, url))
    engine = create_engine(url)
    with engine.connect() as connection:
        seed_rows = {
            table.name: [dict(row._mapping) for row in connection.execute(table.select())]
            for table in db.metadata.sorted_tables
        }
    engine.dispose()
    return MigratedTemplate(url, {name: rows for name, rows in seed_rows.items() if rows})


@pytest.fixture
def database_url(tmp_path: Path, migrated_template: MigratedTemplate) -> Iterator[str]:
    """A migrated database, as `init` leaves it, for one test."""
    if migrated_template.url.startswith("sqlite"):
        copy = tmp_path / "youthvoice.sqlite3"
        shutil.copyfile(make_url(migrated_template.url).database, copy)
        yield f"sqlite:///{copy}"
        return
    yield migrated_template.url
    _reset_to_seed(migrated_template)


def _reset_to_seed(template: MigratedTemplate) -> None:
    """Empty every table, then put back what `init` created (the audit head, the index secret)."""
    engine = create_engine(template.url)
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        for table in db.metadata.sorted_tables:
            if template.seed_rows.get(table.name):
                connection.execute(table.insert(), template.seed_rows[table.name])
    engine.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path / "instance", database_url)


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The app, with no context pushed: each request gets its own, as in production."""
    app = create_app(settings)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app_context(app: Flask) -> Iterator[Flask]:
    """For tests that read the database directly (never around client requests)."""
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token_from(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token a real browser would have from the form on a page."""
    page = client.get(path).get_data(as_text=True)
    match = CSRF_FIELD.search(page)
    assert match, f"no form with a CSRF token on {path}"
    return match.group(1)


class PageVisitor:
    """Opens any page as someone allowed to see it: a signed-in admin or youth where needed."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.anonymous = app.test_client()
        self._admin: FlaskClient | None = None
        self._youth: FlaskClient | None = None
        self._check_ins: dict[str, str] | None = None

    def client_for(self, path: str) -> FlaskClient:
        from tests.web.pages import needs_staff, needs_youth

        if needs_staff(path):
            return self._admin_client()
        if needs_youth(path):
            return self._youth_client()
        return self.anonymous

    def _admin_client(self) -> FlaskClient:
        if self._admin is None:
            from tests.web.staff_helpers import make_staff, sign_in

            self._admin = self.app.test_client()
            sign_in(self._admin, make_staff(self.app, "admin", "admin-visitor@example.org"))
        return self._admin

    def _youth_client(self) -> FlaskClient:
        if self._youth is None:
            from tests.web.youth_helpers import enrol_youth, redeem

            self._youth = self.app.test_client()
            redeem(self._youth, enrol_youth(self.app, "Visitor").code, "visitor1")
        return self._youth

    def _resolve(self, path: str) -> str:
        if "{" not in path:
            return path
        if self._check_ins is None:
            from tests.web.youth_helpers import visiting_check_ins

            self._check_ins = visiting_check_ins(self._youth_client())
        return path.format(**self._check_ins)

    def get(self, path: str, **kwargs: object):
        return self.client_for(path).get(self._resolve(path), **kwargs)


@pytest.fixture
def visitor(app: Flask) -> PageVisitor:
    return PageVisitor(app)
