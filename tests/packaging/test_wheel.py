"""The built wheel carries everything the app needs, and an installed copy starts and serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from youthvoice.paths import REPOSITORY_ROOT

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(output),
            str(REPOSITORY_ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (built,) = output.glob("youthvoice-*.whl")
    return built


def test_wheel_carries_templates_static_surveys_translations_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "config.py",
        "youthvoice/__init__.py",
        "youthvoice/_data/templates/base.html",
        "youthvoice/_data/static/css/main.css",
        "youthvoice/_data/surveys/README.md",
        "youthvoice/_data/translations/messages.pot",
        "youthvoice/_data/translations/es/LC_MESSAGES/messages.po",
        "youthvoice/_data/translations/es/LC_MESSAGES/messages.mo",
        "youthvoice/_data/migrations/env.py",
    ):
        assert required in names
    assert not any(name.startswith(("tests/", "instance/")) for name in names)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, language: str = "en") -> str:
    request = urllib.request.Request(url, headers={"Accept-Language": language})  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return response.read().decode()


def test_installed_wheel_initialises_and_serves_in_both_languages(wheel, tmp_path):
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    workdir = tmp_path / "site"
    workdir.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("YOUTHVOICE_")}
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = ""
    flask = [str(environment / "bin" / "flask"), "--app", "youthvoice"]
    init = subprocess.run(
        [*flask, "init"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    assert (workdir / "instance" / "youthvoice.sqlite3").exists()

    port = free_port()
    server = subprocess.Popen(
        [*flask, "run", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        english = _wait_for(base + "/")
        assert "<title>Check-in</title>" in english
        assert "Staff can't see your answers unless you share them." in english
        spanish = fetch(base + "/", language="es")
        assert '<html lang="es"' in spanish
        assert "a menos que" in spanish
        assert "font-family" in fetch(base + "/static/css/main.css")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(url: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            return fetch(url)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
