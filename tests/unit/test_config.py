"""Configuration: defaults, environment overrides and one-line messages for bad settings."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from config import ConfigError, Settings, load_settings, with_local_defaults
from youthvoice import create_app
from youthvoice.paths import REPOSITORY_ROOT

GOOD_SECRET = "Zq8v1LmT0pXw3Rb7Kc2Nd5Hf9Gj4Ys6Ue-_aBcDeF"


def test_defaults_are_valid_for_a_laptop_demo():
    settings = load_settings({})
    assert settings.env == "development"
    assert settings.youth_idle_minutes == 15
    assert settings.staff_idle_minutes == 30
    assert settings.exit_url.startswith("https://")
    assert settings.time_zone == "America/Los_Angeles"


def test_environment_variables_override_defaults():
    settings = load_settings(
        {
            "YOUTHVOICE_YOUTH_IDLE_MINUTES": "10",
            "YOUTHVOICE_EXIT_URL": "https://example.org/weather",
            "DATABASE_URL": "postgres://app@db.internal/youthvoice",
        }
    )
    assert settings.youth_idle_minutes == 10
    assert settings.exit_url == "https://example.org/weather"
    assert settings.database_url == "postgresql+psycopg://app@db.internal/youthvoice"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"YOUTHVOICE_YOUTH_IDLE_MINUTES": "soon"}, "YOUTHVOICE_YOUTH_IDLE_MINUTES"),
        ({"YOUTHVOICE_STAFF_IDLE_MINUTES": "0"}, "YOUTHVOICE_STAFF_IDLE_MINUTES"),
        ({"YOUTHVOICE_EXIT_URL": "javascript:alert(1)"}, "YOUTHVOICE_EXIT_URL"),
        ({"YOUTHVOICE_EXIT_URL": "weather.gov"}, "YOUTHVOICE_EXIT_URL"),
        ({"YOUTHVOICE_ENV": "staging"}, "YOUTHVOICE_ENV"),
        ({"DATABASE_URL": "mysql://root@localhost/yv"}, "DATABASE_URL"),
        ({"YOUTHVOICE_MAX_REQUEST_BYTES": "12"}, "YOUTHVOICE_MAX_REQUEST_BYTES"),
        ({"YOUTHVOICE_TIME_ZONE": "Pacific Time"}, "YOUTHVOICE_TIME_ZONE"),
    ],
)
def test_bad_setting_is_refused_with_its_name(environ, named):
    with pytest.raises(ConfigError, match=named) as caught:
        load_settings(environ)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("", "must be set"),
        ("short-secret", "at least 32"),
        ("a" * 40, "placeholder"),
    ],
)
def test_production_refuses_a_default_or_weak_secret(secret, problem):
    with pytest.raises(ConfigError, match=f"YOUTHVOICE_SECRET_KEY.*{problem}"):
        load_settings({"YOUTHVOICE_ENV": "production", "YOUTHVOICE_SECRET_KEY": secret})


def test_production_requires_an_https_exit_url():
    with pytest.raises(ConfigError, match="YOUTHVOICE_EXIT_URL"):
        load_settings(
            {
                "YOUTHVOICE_ENV": "production",
                "YOUTHVOICE_SECRET_KEY": GOOD_SECRET,
                "YOUTHVOICE_EXIT_URL": "http://example.org/",
            }
        )


def test_production_accepts_a_strong_secret():
    settings = load_settings({"YOUTHVOICE_ENV": "production", "YOUTHVOICE_SECRET_KEY": GOOD_SECRET})
    assert settings.is_production


def test_development_secret_is_random_private_and_stable(tmp_path):
    first = with_local_defaults(Settings(), tmp_path)
    second = with_local_defaults(Settings(), tmp_path)
    key_file = tmp_path / "secret_key"
    assert first.secret_key == second.secret_key
    assert len(first.secret_key) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.database_url == f"sqlite:///{tmp_path / 'youthvoice.sqlite3'}"


def test_start_up_with_a_bad_setting_prints_one_line_and_stops(tmp_path):
    environ = {
        **os.environ,
        "YOUTHVOICE_INSTANCE_PATH": str(tmp_path),
        "YOUTHVOICE_YOUTH_IDLE_MINUTES": "soon",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "youthvoice", "routes"],
        cwd=REPOSITORY_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "YouthVoice cannot start: YOUTHVOICE_YOUTH_IDLE_MINUTES must be a whole number (got 'soon')"
    ]


def test_production_start_up_without_secret_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHVOICE_ENV", "production")
    monkeypatch.delenv("YOUTHVOICE_SECRET_KEY", raising=False)
    monkeypatch.setenv("YOUTHVOICE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(SystemExit):
        create_app()
    assert not Path(tmp_path, "secret_key").exists()
