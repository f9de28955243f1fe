"""Shared set-up for benchmarks: a throw-away app on a fresh SQLite file, migrated by init."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from config import Settings, load_settings
from youthvoice import create_app
from youthvoice.services.demo import DEMO_PIN, DEMO_YOUTH


def temporary_settings(database_url: str | None = None) -> Settings:
    folder = Path(tempfile.mkdtemp(prefix="youthvoice-bench-"))
    return load_settings(
        {},
        env="testing",
        secret_key="bench-" + "k3y" * 12,
        instance_path=str(folder),
        database_url=database_url or f"sqlite:///{folder / 'bench.sqlite3'}",
    )


def signed_in_demo_youth(app: Flask) -> FlaskClient:
    """A test client signed in as a demo youth who has agreed (so home shows check-ins)."""
    app.test_cli_runner().invoke(args=["demo"])
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    name = next(sign_in for _, sign_in, assented, _ in DEMO_YOUTH if assented)
    client.post("/sign-in", data={"csrf_token": token, "name": name, "secret": DEMO_PIN})
    return client


def temporary_app(settings: Settings | None = None) -> Flask:
    app = create_app(settings or temporary_settings())
    result = app.test_cli_runner().invoke(args=["init"])
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return app
