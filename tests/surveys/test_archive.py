"""The archive of earlier instrument versions: every released version stays readable, and
`surveys check`, `surveys lock` and the app's start name a missing or altered one."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Mapping

import pytest
import yaml

from tests.conftest import make_settings
from tests.surveys.test_loader import VALID, write
from youthvoice import create_app
from youthvoice.surveys import fhir, loader
from youthvoice.surveys.catalogue import Catalogue, archived_file, load_catalogue

SECOND = {**copy.deepcopy(VALID), "version": 2, "intro": "Some new questions."}


def lock(directory) -> None:
    instruments = loader.load_all(loader.instrument_files(directory)).instruments
    loader.lock_versions(instruments, loader.versions_file(directory))


@pytest.fixture
def bumped(tmp_path):
    """A surveys folder where version 1 was released, then replaced by a released version 2,
    and version 1 was not copied into archive/ (the mistake the checks are for)."""
    write(tmp_path, VALID)
    lock(tmp_path)
    write(tmp_path, SECOND)
    lock(tmp_path)
    return tmp_path


def archive_version_1(directory, data: dict | None = None) -> None:
    """What the guide says to do before raising a version: copy the released file."""
    archived_file("sample", 1, directory).parent.mkdir(exist_ok=True)
    archived_file("sample", 1, directory).write_text(yaml.safe_dump(data or VALID))


def test_every_released_version_ships_in_the_archive_with_its_hash():
    catalogue, problems = load_catalogue(require_locked=True)
    assert problems == []
    released = loader.read_versions(loader.versions_file())
    for instrument_id, versions in released.items():
        for version, content_hash in versions.items():
            instrument = catalogue.version(instrument_id, int(version))
            assert instrument is not None, f"{instrument_id} version {version} is not readable"
            assert instrument.content_hash == content_hash
    every_earlier = sum(len(versions) for versions in released.values()) - len(catalogue)
    assert len(catalogue.archived()) == every_earlier


def test_the_catalogue_is_the_mapping_of_the_instruments_offered_now():
    catalogue, _problems = load_catalogue()
    current = loader.load_all(loader.instrument_files()).instruments
    assert isinstance(catalogue, Mapping)
    assert sorted(catalogue) == sorted(instrument.id for instrument in current)
    assert len(catalogue) == len(current)
    assert "where-im-at" in catalogue
    assert catalogue.get("no-such-instrument") is None
    where = catalogue["where-im-at"]
    assert catalogue.version("where-im-at", where.version) is where
    assert catalogue.is_current(where)
    earlier = catalogue.version("where-im-at", 1)
    assert earlier.version == 1
    assert not catalogue.is_current(earlier)
    assert catalogue.version("where-im-at", 99) is None


def test_an_archived_version_is_read_as_released_without_the_rules_added_since(tmp_path):
    before_rhythm = {key: value for key, value in VALID.items() if key != "rhythm"}
    write(tmp_path, before_rhythm)
    lock_file = loader.versions_file(tmp_path)
    lock_file.write_text(json.dumps({"sample": {"1": loader.content_hash(before_rhythm)}}) + "\n")
    write(tmp_path, SECOND)
    archive_version_1(tmp_path, before_rhythm)
    catalogue, problems = load_catalogue(tmp_path)
    assert problems == []
    assert catalogue.version("sample", 1).data == before_rhythm
    assert catalogue["sample"].version == 2


def test_surveys_check_names_a_released_version_missing_from_the_archive(bumped, runner):
    result = runner.invoke(args=["surveys", "check", "--dir", str(bumped)])
    assert result.exit_code == 1
    assert (
        f"{bumped / 'archive' / 'sample-v1.yaml'}: file: missing; version 1 of 'sample' was "
        "released (surveys/versions.json) and is not the current one: copy its released "
        "text here from git history"
    ) in result.output


def test_surveys_check_names_an_archived_file_that_is_not_what_was_released(bumped, runner):
    archive_version_1(bumped, {**VALID, "title": "Changed after release"})
    result = runner.invoke(args=["surveys", "check", "--dir", str(bumped)])
    assert result.exit_code == 1
    assert (
        f"{bumped / 'archive' / 'sample-v1.yaml'}: version: the content differs from released "
        "version 1 (surveys/versions.json); restore the released text from git history"
    ) in result.output


def test_surveys_check_names_an_archived_file_whose_name_says_another_id_or_version(bumped, runner):
    archive_version_1(bumped)
    renamed = bumped / "archive" / "other-v2.yaml"
    shutil.copy(bumped / "archive" / "sample-v1.yaml", renamed)
    result = runner.invoke(args=["surveys", "check", "--dir", str(bumped)])
    assert result.exit_code == 1
    assert f"{renamed}: id: 'sample' does not match the file name ('other')" in result.output
    assert f"{renamed}: version: 1 does not match the file name (2)" in result.output


def test_surveys_check_passes_a_complete_archive(bumped, runner):
    archive_version_1(bumped)
    result = runner.invoke(args=["surveys", "check", "--dir", str(bumped)])
    assert result.exit_code == 0, result.output
    assert "ok: sample version 2 (4 items)" in result.output
    assert "ok: 1 earlier versions in the archive" in result.output


def test_the_app_does_not_start_without_a_released_version_in_the_archive(
    bumped, database_url, capsys
):
    with pytest.raises(SystemExit):
        create_app(make_settings(bumped / "instance", database_url, surveys_dir=str(bumped)))
    assert f"YouthVoice cannot start: {bumped / 'archive' / 'sample-v1.yaml'}: file: missing" in (
        capsys.readouterr().err
    )


def test_surveys_lock_refuses_a_new_version_before_the_released_one_is_archived(tmp_path, runner):
    write(tmp_path, VALID)
    lock(tmp_path)
    write(tmp_path, SECOND)
    refused = runner.invoke(args=["surveys", "lock", "--dir", str(tmp_path)])
    assert refused.exit_code == 1
    assert "sample-v1.yaml: file: missing" in refused.output
    assert set(loader.read_versions(loader.versions_file(tmp_path))["sample"]) == {"1"}
    archive_version_1(tmp_path)
    locked = runner.invoke(args=["surveys", "lock", "--dir", str(tmp_path)])
    assert locked.exit_code == 0, locked.output
    assert set(loader.read_versions(loader.versions_file(tmp_path))["sample"]) == {"1", "2"}


def test_an_archived_version_exports_as_its_own_fhir_questionnaire(runner):
    catalogue = Catalogue([], load_catalogue()[0].archived())
    earlier = catalogue.version("where-im-at", 1)
    questionnaire = fhir.to_questionnaire(earlier.data)
    assert questionnaire["version"] == "1"
    assert questionnaire["url"].endswith("/Questionnaire/where-im-at")
    assert [item["linkId"] for item in questionnaire["item"]] == [
        section["id"] for section in earlier.data["sections"]
    ]
    exported = runner.invoke(args=["surveys", "export", "where-im-at", "--version", "1"])
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output) == questionnaire
