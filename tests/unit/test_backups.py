"""Backups: encrypted, consistent while writing, restored without resurrecting deleted youth."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, inspect, select

from tests.conftest import make_settings
from tests.unit.test_audit import _append_many
from youthvoice import audit, create_app
from youthvoice.crypto import IntegrityError, KeyCustodyError, KeyShredded, keys
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, DataKey, DeletionRecord
from youthvoice.services import backups


@pytest.fixture
def key_store(tmp_path) -> Path:
    return tmp_path / "key-store"


@pytest.fixture
def live(tmp_path, database_url, key_store):
    """The running deployment: two youth with answers and an audit trail."""
    settings = make_settings(tmp_path / "live", database_url, key_store=str(key_store))
    app = create_app(settings)
    with app.app_context():
        for owner in ("youth-keep", "youth-gone"):
            cipher = keys().create_data_key(owner)
            reader = audit.Actor("staff", "staff-1")
            audit.append(reader, "youth_data.read", owner, {"answer": f"Pelican-{owner}"})
            app.extensions[f"blob-{owner}"] = cipher.encrypt("t", "c", 1, f"answer of {owner}")
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def restore_target(tmp_path, empty_database_url, key_store):
    """The same deployment's keys, with an empty database to restore into."""
    settings = make_settings(tmp_path / "target", empty_database_url, key_store=str(key_store))
    return create_app(settings)


def table_count(app) -> int:
    with app.app_context():
        count = len(inspect(db.engine).get_table_names())
        db.engine.dispose()
        return count


def test_backup_delete_restore_keeps_the_youth_deleted(live, restore_target, tmp_path):
    backup = tmp_path / "backup.yvb"
    backups.create_backup(backup)
    keys().shred("youth-gone")  # deleted after the backup was taken
    db.session.commit()

    with restore_target.app_context():
        report = backups.restore_backup(backup)
        assert report.shredded == 1
        assert report.audit.ok
        assert report.audit.checked == 2
        with pytest.raises(KeyShredded):
            keys().cipher_for("youth-gone")
        kept = (
            keys()
            .cipher_for("youth-keep")
            .decrypt_text("t", "c", 1, live.extensions["blob-youth-keep"])
        )
        assert kept == "answer of youth-keep"
        db.engine.dispose()


def test_backup_file_reveals_nothing(live, tmp_path):
    backup = tmp_path / "backup.yvb"
    backups.create_backup(backup)
    raw = backup.read_bytes()
    for value in (b"Pelican-youth-keep", b"answer of", b"youth-keep", b"staff-1", b"organisations"):
        assert value not in raw
    assert oct(backup.stat().st_mode)[-3:] == "600"


def test_a_backup_from_other_keys_fails_clearly_and_changes_nothing(
    live, tmp_path, empty_database_url
):
    backup = tmp_path / "backup.yvb"
    backups.create_backup(backup)
    stranger = create_app(
        make_settings(tmp_path / "other", empty_database_url, key_store=str(tmp_path / "elsewhere"))
    )
    with (
        stranger.app_context(),
        pytest.raises(KeyCustodyError, match="not in the backup-key registry"),
    ):
        backups.restore_backup(backup)
    assert table_count(stranger) == 0


def test_a_changed_backup_file_fails_clearly_and_changes_nothing(live, restore_target, tmp_path):
    backup = tmp_path / "backup.yvb"
    backups.create_backup(backup)
    data = bytearray(backup.read_bytes())
    data[-20] ^= 1
    backup.write_bytes(bytes(data))
    with restore_target.app_context(), pytest.raises(IntegrityError, match="integrity check"):
        backups.restore_backup(backup)
    assert table_count(restore_target) == 0


def test_a_pruned_backup_no_longer_decrypts(live, restore_target, tmp_path, key_store):
    backup = tmp_path / "backup.yvb"
    backups.create_backup(backup)
    assert keys().store.prune_backup_keys(35) == []  # still within retention
    later = datetime.now(UTC) + timedelta(days=36)
    assert len(keys().store.prune_backup_keys(35, now=later)) == 1
    with restore_target.app_context(), pytest.raises(KeyCustodyError, match="can never be read"):
        backups.restore_backup(backup)
    assert table_count(restore_target) == 0


def test_restore_refuses_a_database_that_is_not_empty(live, tmp_path):
    backup = tmp_path / "backup.yvb"
    backups.create_backup(backup)
    with pytest.raises(backups.BackupError, match="empty database"):
        backups.restore_backup(backup)


def test_backup_while_the_app_writes_is_consistent(live, restore_target, tmp_path, settings):
    settings = live.config["YOUTHVOICE_SETTINGS"]
    writer = multiprocessing.get_context("spawn").Process(
        target=_append_many, args=(settings, 9, 60)
    )
    writer.start()
    snapshots = []
    while writer.is_alive() and len(snapshots) < 5:
        snapshots.append(tmp_path / f"during-{len(snapshots)}.yvb")
        backups.create_backup(snapshots[-1])
    writer.join(timeout=120)
    assert writer.exitcode == 0
    with restore_target.app_context():
        report = backups.restore_backup(snapshots[-1])
        assert report.audit.ok  # a torn snapshot would break the chain
        assert (
            db.session.scalar(select(func.count()).select_from(AuditEvent)) == report.audit.checked
        )
        db.engine.dispose()


def test_backup_and_restore_commands(live, restore_target, tmp_path):
    backup = tmp_path / "cli.yvb"
    made = live.test_cli_runner().invoke(args=["backup", str(backup)])
    assert made.exit_code == 0, made.output
    assert "written to" in made.output
    again = live.test_cli_runner().invoke(args=["backup", str(backup)])
    assert again.exit_code != 0
    assert "already exists" in again.output
    with restore_target.app_context():
        restored = restore_target.test_cli_runner().invoke(args=["restore", str(backup)])
        db.engine.dispose()
    assert restored.exit_code == 0, restored.output
    assert "Audit chain intact: 2 events." in restored.output
    pruned = live.test_cli_runner().invoke(args=["backup", "prune"])
    assert "Destroyed the keys of 0 backups older than 35 days." in pruned.output


def test_init_shreds_again_a_data_key_put_back_by_hand(live):
    """An older copy of the database put back without `restore`: the key store remembers."""
    gone = db.session.scalar(select(DataKey).where(DataKey.owner_id == "youth-gone"))
    old_row = {"owner_id": gone.owner_id, "kek_id": gone.kek_id, "wrapped_key": gone.wrapped_key}
    keys().shred("youth-gone")
    db.session.commit()
    db.session.add(DataKey(**old_row))  # the old copy's key row and its shorter ledger
    db.session.execute(delete(DeletionRecord))
    db.session.commit()
    assert keys().cipher_for("youth-gone")  # readable again, for now

    result = live.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "Deletion ledger re-applied: 1 data keys shredded again." in result.output
    with pytest.raises(KeyShredded):
        keys().cipher_for("youth-gone")
