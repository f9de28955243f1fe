"""Flask commands: init, demo (and, in later issues, create-admin, surveys, keys, backup)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from flask_migrate import upgrade

from youthvoice.services.demo import seed_demo


@click.command("init")
def init_command() -> None:
    """Create the instance folder and bring the database up to the newest schema."""
    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True)
    upgrade(directory=current_app.extensions["migrate"].directory)
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
    from youthvoice.extensions import db

    url = db.engine.url
    return f"{url.get_backend_name()} {url.database}"


def init_app(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(demo_command)


def main() -> None:
    """The `youthvoice` console script: the same commands as `flask --app youthvoice`."""
    from youthvoice import create_app

    FlaskGroup(create_app=create_app)()
