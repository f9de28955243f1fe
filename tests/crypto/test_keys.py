"""Data keys, keyed hashes, shredding, KEK rotation and retirement, key custody."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from config import load_settings
from tests.conftest import make_settings, migrate_to_head
from youthvoice import create_app
from youthvoice.crypto import (
    IntegrityError,
    KeyCustodyError,
    KeyService,
    KeyShredded,
    check_custody,
    keys,
    provider_loader,
)
from youthvoice.extensions import db
from youthvoice.models import DataKey, DeletionRecord

GOOD_SECRET = "Zq8v1LmT0pXw3Rb7Kc2Nd5Hf9Gj4Ys6Ue-_aBcDeF"


@pytest.fixture
def file_keyed_app(tmp_path, empty_database_url):
    """An app whose KEKs live in a key file (writable, so it can rotate)."""
    settings = make_settings(
        tmp_path / "instance",
        empty_database_url,
        key_provider="file",
        keyring="",
        key_file=str(tmp_path / "keys" / "keyring.json"),
    )
    migrate_to_head(settings)
    app = create_app(settings)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def store_answers(count: int) -> dict[str, bytes]:
    """One encrypted answer each for `count` youth, committed."""
    blobs = {}
    for number in range(count):
        owner = f"youth-{number:04d}"
        blobs[owner] = keys().create_data_key(owner).encrypt("t", "c", 1, f"answer {number}")
    db.session.commit()
    return blobs


def assert_all_readable(blobs: dict[str, bytes]) -> None:
    for number, (owner, blob) in enumerate(sorted(blobs.items())):
        assert keys().cipher_for(owner).decrypt_text("t", "c", 1, blob) == f"answer {number}"


def test_init_creates_a_private_key_file_outside_the_database(file_keyed_app, tmp_path):
    key_file = tmp_path / "keys" / "keyring.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    keyring = json.loads(key_file.read_text())
    assert keyring["current"] in keyring["keys"]


def test_data_keys_are_stored_only_wrapped(file_keyed_app):
    cipher = keys().create_data_key("youth-1")
    record = db.session.scalar(select(DataKey).where(DataKey.owner_id == "youth-1"))
    assert len(record.wrapped_key) == 12 + 32 + 16  # nonce, key, tag: never the bare key
    assert cipher.decrypt_text("t", "c", 1, cipher.encrypt("t", "c", 1, "ok")) == "ok"


def test_a_wrapped_key_moved_to_another_youth_does_not_unwrap(file_keyed_app):
    keys().create_data_key("youth-1")
    keys().create_data_key("youth-2")
    first, second = db.session.scalars(select(DataKey).order_by(DataKey.owner_id)).all()
    first.wrapped_key, second.wrapped_key = second.wrapped_key, first.wrapped_key
    with pytest.raises(IntegrityError):
        keys().cipher_for("youth-1")


def test_shredding_makes_everything_of_that_youth_unreadable(file_keyed_app):
    blobs = store_answers(2)
    assert keys().shred("youth-0000") is True
    db.session.commit()
    with pytest.raises(KeyShredded):
        keys().cipher_for("youth-0000")
    assert keys().cipher_for("youth-0001").decrypt_text("t", "c", 1, blobs["youth-0001"])
    assert keys().is_deleted("youth-0000")
    ledger = db.session.scalars(select(DeletionRecord.owner_hash)).all()
    assert ledger == [keys().keyed_hash("deletion-ledger", "youth-0000")]
    assert "youth-0000" not in ledger[0]


def test_keyed_hashes_are_stable_and_differ_by_purpose(file_keyed_app):
    name = keys().keyed_hash("sign-in-name", "sunflower22")
    assert name == keys().keyed_hash("sign-in-name", "sunflower22")
    assert name != keys().keyed_hash("deletion-ledger", "sunflower22")
    assert "sunflower22" not in name
    assert len(name) == 64


def test_rotation_interrupted_halfway_then_rerun_leaves_everything_readable(file_keyed_app):
    blobs = store_answers(25)
    old_kek = keys().provider.current_id()
    new_kek = keys().start_rotation()
    assert new_kek != old_kek
    assert keys().rewrap_batch(batch_size=10) == 10  # then the process is stopped
    keys().reload()  # a new process reads the key file again
    assert keys().start_rotation() == new_kek  # resumes, no third key
    status = keys().status()
    assert status[old_kek] == 16  # 15 data keys and the index secret still to do
    assert_all_readable(blobs)  # readable mid-rotation: the old KEK still works
    while keys().rewrap_batch(batch_size=10):
        pass
    assert keys().status() == {old_kek: 0, new_kek: 26}
    keys().retire(old_kek)
    keys().reload()
    assert keys().provider.ids() == [new_kek]
    assert_all_readable(blobs)


def test_a_kek_still_in_use_cannot_be_retired(file_keyed_app):
    store_answers(1)
    old_kek = keys().provider.current_id()
    keys().start_rotation()
    with pytest.raises(KeyCustodyError, match="still wraps keys"):
        keys().retire(old_kek)


def test_rotate_command_reports_progress_and_finishes(file_keyed_app):
    store_answers(3)
    runner = file_keyed_app.test_cli_runner()
    result = runner.invoke(args=["keys", "rotate", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "Re-wrapping 4 keys" in result.output
    status = runner.invoke(args=["keys", "status"]).output
    assert "(current): 4 wrapped keys" in status
    assert ": 0 wrapped keys" in status


def test_environment_keyring_cannot_be_rotated_in_place(app_context):
    with pytest.raises(KeyCustodyError, match="read-only"):
        keys().start_rotation()


def production_settings(tmp_path: Path, key_file: Path):
    return load_settings(
        {},
        env="production",
        secret_key=GOOD_SECRET,
        instance_path=str(tmp_path / "instance"),
        database_url=f"sqlite:///{tmp_path / 'instance' / 'youthvoice.sqlite3'}",
        key_file=str(key_file),
    )


def test_production_refuses_a_key_file_beside_the_database(tmp_path):
    settings = production_settings(tmp_path, tmp_path / "instance" / "keyring.json")
    with pytest.raises(KeyCustodyError, match="in the database's folder"):
        check_custody(settings)


def test_production_refuses_to_start_without_its_key_saying_where_it_looked(tmp_path, capsys):
    missing = tmp_path / "vault" / "keyring.json"
    with pytest.raises(SystemExit):
        create_app(production_settings(tmp_path, missing))
    error = capsys.readouterr().err.strip()
    assert error.startswith("YouthVoice cannot start: no key file at ")
    assert str(missing) in error
    assert len(error.splitlines()) == 1


def test_production_key_file_is_made_before_the_app_runs(tmp_path):
    import subprocess
    import sys

    key_file = tmp_path / "keys" / "keyring.json"
    command = [sys.executable, "-m", "youthvoice.crypto", "create-key-file", str(key_file)]
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    check_custody(production_settings(tmp_path, key_file))  # now production may start


def test_a_running_process_sees_a_rotation_made_by_another(file_keyed_app, tmp_path):
    blobs = store_answers(3)
    other_process = KeyService(
        provider_loader(file_keyed_app.config["YOUTHVOICE_SETTINGS"]), keys().store
    )
    other_process.start_rotation()
    while other_process.rewrap_batch(batch_size=10):
        pass
    assert_all_readable(blobs)  # this process reads the key file again, unasked
