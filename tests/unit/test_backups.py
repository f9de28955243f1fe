"""Backups: encrypted, consistent while writing, restored without resurrecting deleted youth."""

from __future__ import annotations

import html
import multiprocessing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, inspect, select

from tests.conftest import make_settings
from tests.unit.test_audit import _append_many
from tests.web.staff_helpers import StaffLogin, make_staff
from tests.web.staff_helpers import sign_in as staff_sign_in
from tests.web.youth_helpers import PIN, enrol_youth, error_messages, redeem, youth_sign_in
from youthvoice import audit, create_app
from youthvoice.crypto import IntegrityError, KeyCustodyError, KeyShredded, keys
from youthvoice.crypto.backup_file import read_backup, read_header
from youthvoice.extensions import db
from youthvoice.models import (
    AuditEvent,
    AuthSession,
    CareTeamMember,
    CheckIn,
    DataKey,
    DeletionRecord,
    Invite,
    ShareGrant,
    Youth,
)
from youthvoice.services import backups, checkins, deletion, sharing

QUICK = "quick-check-in"


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


# A deleted young person's rows stay gone -------------------------------------------------


@dataclass
class CareTeam:
    advocate: StaffLogin
    kept: str  # youth ids
    gone: str


def _youth_with_a_shared_check_in(app, advocate: StaffLogin, name: str, sign_in_name: str) -> str:
    enrolled = enrol_youth(app, name, advocate)
    redeem(app.test_client(), enrolled.code, sign_in_name)  # leaves a used invite and a session
    with app.app_context():
        instruments = app.extensions["youthvoice.instruments"]
        state = checkins.start(enrolled.youth_id, QUICK, instruments, instruments, "en")
        checkins.save_answer(state, "need_now", ["other"])
        checkins.save_answer(state, "need_other", f"Quetzal of {name}")
        checkins.submit(state)
        sharing.create(enrolled.youth_id, [advocate.id], sharing.CHECK_IN, state.id)
        db.session.commit()
    return enrolled.youth_id


@pytest.fixture
def team_app(tmp_path, database_url, key_store):
    """The running deployment, no context pushed (its pages are visited): an advocate with
    two young people who each sent and shared a check-in."""
    app = create_app(make_settings(tmp_path / "team", database_url, key_store=str(key_store)))
    advocate = make_staff(app, "advocate", "keeper@example.org")
    kept = _youth_with_a_shared_check_in(app, advocate, "Aria-Kept", "aria-kept")
    gone = _youth_with_a_shared_check_in(app, advocate, "Bryn-Gone", "bryn-gone")
    yield app, CareTeam(advocate, kept, gone)
    with app.app_context():
        db.engine.dispose()


def _backup_then_delete(app, care_team: CareTeam, backup: Path) -> None:
    """Back up, then the youth deletes their account through the real deletion service."""
    with app.app_context():
        backups.create_backup(backup)
        deletion.delete_now(db.session.get(Youth, care_team.gone))
        db.session.commit()
        assert set(_rows_of(care_team.gone).values()) == {0}


def _rows_of(youth_id: str) -> dict[str, int]:
    tables = {
        "youth": (Youth, Youth.id),
        "care team": (CareTeamMember, CareTeamMember.youth_id),
        "check-ins": (CheckIn, CheckIn.youth_id),
        "shares": (ShareGrant, ShareGrant.youth_id),
        "invites": (Invite, Invite.youth_id),
        "data key": (DataKey, DataKey.owner_id),
    }
    return {
        label: db.session.scalar(select(func.count()).select_from(model).where(column == youth_id))
        for label, (model, column) in tables.items()
    }


def _sign_in_answer(app, name: str) -> tuple[int, list[str]]:
    response = youth_sign_in(app.test_client(), name, PIN)
    return response.status_code, error_messages(html.unescape(response.get_data(as_text=True)))


def _assert_deleted_again(app, care_team: CareTeam) -> None:
    """Rows gone, sessions ended, no sign-in; the one kept and the advocate's list unharmed."""
    with app.app_context():
        assert set(_rows_of(care_team.gone).values()) == {0}
        assert set(_rows_of(care_team.kept).values()) == {1}
        live_sessions = select(func.count()).where(
            AuthSession.user_id == care_team.gone, AuthSession.revoked_at.is_(None)
        )
        assert db.session.scalar(live_sessions) == 0
        assert audit.verify().ok
        db.session.remove()
    refused = _sign_in_answer(app, "bryn-gone")
    assert refused[0] == 200
    assert refused == _sign_in_answer(app, "nobody-by-this-name")

    advocate = app.test_client()
    staff_sign_in(advocate, care_team.advocate)
    home = advocate.get("/advocate/")
    assert home.status_code == 200
    page = home.get_data(as_text=True)
    assert "Aria-Kept" in page
    assert "Bryn-Gone" not in page


def test_restore_removes_the_rows_of_a_youth_deleted_after_the_backup(
    team_app, restore_target, tmp_path
):
    live, care_team = team_app
    backup = tmp_path / "backup.yvb"
    _backup_then_delete(live, care_team, backup)

    with restore_target.app_context():
        report = backups.restore_backup(backup)
        assert (report.shredded, report.removed) == (1, 1)
        db.engine.dispose()
    _assert_deleted_again(restore_target, care_team)


def test_restore_command_says_how_many_accounts_it_removed_again(
    team_app, restore_target, tmp_path
):
    live, care_team = team_app
    backup = tmp_path / "backup.yvb"
    _backup_then_delete(live, care_team, backup)
    with restore_target.app_context():
        restored = restore_target.test_cli_runner().invoke(args=["restore", str(backup)])
        db.engine.dispose()
    assert restored.exit_code == 0, restored.output
    assert "Deleted since the backup, accounts removed again: 1." in restored.output
    _assert_deleted_again(restore_target, care_team)


def test_init_removes_the_rows_of_a_deleted_youth_from_a_copy_put_back_by_hand(
    team_app, restore_target, tmp_path
):
    live, care_team = team_app
    backup = tmp_path / "backup.yvb"
    _backup_then_delete(live, care_team, backup)
    with restore_target.app_context():
        # The copy goes back without `restore`: only the key store remembers the deletion.
        header = read_header(backup)
        payload = read_backup(backup, keys().backup_key(header.backup_id))
        url = db.engine.url
        db.engine.dispose()
        if header.engine == "sqlite":
            backups._restore_sqlite(url, payload)
        else:
            backups._restore_postgres(url, payload)
        assert _rows_of(care_team.gone)["youth"] == 1
        result = restore_target.test_cli_runner().invoke(args=["init"])
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert "Deletion ledger re-applied: 1 accounts removed again." in result.output
    _assert_deleted_again(restore_target, care_team)
