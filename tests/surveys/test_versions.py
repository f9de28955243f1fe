"""Versions: a changed instrument must have a new version; responses can name what they used."""

from __future__ import annotations

import copy

import pytest

from tests.conftest import make_settings
from tests.surveys.test_loader import VALID, write
from youthvoice import create_app
from youthvoice.surveys import loader


def load_dir(directory):
    return loader.load_all(loader.instrument_files(directory)).instruments


def test_layout_and_comments_do_not_change_the_hash(tmp_path):
    first = write(tmp_path, VALID, "a.yaml")
    (tmp_path / "b.yaml").write_text(
        "# a comment\n" + first.read_text().replace("id: sample", "id: sample ")
    )
    a, _ = loader.load(first)
    b, _ = loader.load(tmp_path / "b.yaml")
    assert a.content_hash == b.content_hash


def test_a_changed_instrument_with_the_same_version_is_caught(tmp_path):
    write(tmp_path, VALID)
    lock = loader.versions_file(tmp_path)
    assert loader.lock_versions(load_dir(tmp_path), lock) == ["sample 1"]
    changed = copy.deepcopy(VALID)
    changed["intro"] = "Different words."
    write(tmp_path, changed)
    problems = loader.version_problems(
        load_dir(tmp_path), loader.read_versions(lock), require_locked=True
    )
    assert problems == [
        f"{tmp_path / 'sample.yaml'}: version: the content changed but version 1 did not; "
        "raise the version"
    ]
    changed["version"] = 2
    write(tmp_path, changed)
    problems = loader.version_problems(
        load_dir(tmp_path), loader.read_versions(lock), require_locked=True
    )
    assert problems == [
        f"{tmp_path / 'sample.yaml'}: version: 2 is not recorded in surveys/versions.json; "
        "run `flask --app youthvoice surveys lock`"
    ]
    assert loader.lock_versions(load_dir(tmp_path), lock) == ["sample 2"]
    assert set(loader.read_versions(lock)["sample"]) == {"1", "2"}


def test_the_app_refuses_to_start_when_content_changed_without_a_new_version(
    tmp_path, database_url, capsys
):
    write(tmp_path, VALID)
    loader.lock_versions(load_dir(tmp_path), loader.versions_file(tmp_path))
    changed = copy.deepcopy(VALID)
    changed["title"] = "Renamed"
    write(tmp_path, changed)
    with pytest.raises(SystemExit):
        create_app(make_settings(tmp_path / "instance", database_url, surveys_dir=str(tmp_path)))
    assert "the content changed but version 1 did not" in capsys.readouterr().err


def test_every_shipped_instrument_is_valid_and_locked(runner):
    result = runner.invoke(args=["surveys", "check"])
    assert result.exit_code == 0, result.output
