"""Shared set-up for benchmarks: a throw-away app on a fresh SQLite file, migrated by init."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Flask

from config import Settings, load_settings
from youthvoice import create_app


def temporary_settings(database_url: str | None = None) -> Settings:
    folder = Path(tempfile.mkdtemp(prefix="youthvoice-bench-"))
    return load_settings(
        {},
        env="testing",
        secret_key="bench-" + "k3y" * 12,
        instance_path=str(folder),
        database_url=database_url or f"sqlite:///{folder / 'bench.sqlite3'}",
    )


def temporary_app(settings: Settings | None = None) -> Flask:
    app = create_app(settings or temporary_settings())
    result = app.test_cli_runner().invoke(args=["init"])
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return app
