"""Flask commands: init, demo (and, in later issues, create-admin, surveys, keys, backup)."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from flask_migrate import upgrade

from youthvoice.extensions import db
from youthvoice.services.demo import seed_demo


@click.command("init")
def init_command() -> None:
    """Create the instance folder and bring the database up to the newest schema."""
    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True, mode=0o700)
    upgrade(directory=current_app.extensions["migrate"].directory)
    _make_sqlite_file_private()
    click.echo(f"Database ready: {_database_label()}")


@click.command("demo")
def demo_command() -> None:
    """Add demo data (one organisation, two programs); running it again changes nothing."""
    summary = seed_demo()
    click.echo(f"Demo organisation: {summary.organisation}")
    click.echo(f"Demo programs: {', '.join(summary.programs)}")
    click.echo(f"New records: {summary.created}")


def _database_label() -> str:
    """The database kind and name, never its password."""
    url = db.engine.url
    return f"{url.get_backend_name()} {url.database}"


def _make_sqlite_file_private() -> None:
    """Only the app's own user may read the database file (SQLite gives -wal/-shm the same)."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        os.chmod(url.database, 0o600)


def init_app(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(demo_command)


def main() -> None:
    """The `youthvoice` console script: the same commands as `flask --app youthvoice`."""
    from youthvoice import create_app

    FlaskGroup(create_app=create_app)()
