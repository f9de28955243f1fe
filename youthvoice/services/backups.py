"""Encrypted backups: a consistent snapshot while the app runs, and a restore that deletes
again every youth deleted since (the deletion ledger: keys and rows) and checks the audit
chain."""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL

from youthvoice import audit
from youthvoice.crypto import keys
from youthvoice.crypto.backup_file import BackupHeader, read_backup, read_header, write_backup
from youthvoice.extensions import db
from youthvoice.services import deletion


class BackupError(Exception):
    """A backup or restore that cannot go ahead; nothing was changed."""


@dataclass(frozen=True)
class RestoreReport:
    backup: BackupHeader
    shredded: int  # data keys shredded again
    removed: int  # youth accounts whose rows were removed again
    audit: audit.Verification


def create_backup(path: Path) -> BackupHeader:
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name")
    url = db.engine.url
    header = BackupHeader(
        backup_id=f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}",
        created_at=datetime.now(UTC).isoformat(),
        engine=url.get_backend_name(),
    )
    payload = _snapshot_sqlite(url) if header.engine == "sqlite" else _dump_postgres(url)
    write_backup(path, header, keys().new_backup_key(header.backup_id), payload)
    return header


def restore_backup(path: Path) -> RestoreReport:
    """Restore into an empty database, then re-apply the deletion ledger and verify the chain."""
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    header = read_header(path)
    url = db.engine.url
    if header.engine != url.get_backend_name():
        raise BackupError(
            f"{path} is a {header.engine} backup; this database is {url.get_backend_name()}"
        )
    payload = read_backup(path, keys().backup_key(header.backup_id))  # fails before any change
    tables = inspect(db.engine).get_table_names()
    if tables:
        raise BackupError(f"restore needs an empty database; this one has {len(tables)} tables")
    db.engine.dispose()
    if header.engine == "sqlite":
        _restore_sqlite(url, payload)
    else:
        _restore_postgres(url, payload)
    reapplied = deletion.reapply_ledger()
    db.session.commit()
    return RestoreReport(header, reapplied.shredded, reapplied.removed, audit.verify())


def prune_backups(retention_days: int) -> list[str]:
    """Destroy the keys of backups past retention: those files can never be read again."""
    return keys().store.prune_backup_keys(retention_days)


def _snapshot_sqlite(url: URL) -> bytes:
    """SQLite's online backup API: consistent while other connections keep writing."""
    source = sqlite3.connect(url.database)
    memory = sqlite3.connect(":memory:")
    try:
        source.backup(memory)
        image = memory.serialize()
    finally:
        source.close()
        memory.close()
    # Header bytes 18-19 say "WAL"; an in-memory copy cannot open that, so mark it as a
    # rollback-journal file. The app switches it back to WAL when it next connects.
    return image[:18] + b"\x01\x01" + image[20:]


def _restore_sqlite(url: URL, payload: bytes) -> None:
    memory = sqlite3.connect(":memory:")
    target = sqlite3.connect(url.database)
    try:
        memory.deserialize(payload)
        memory.backup(target)
    finally:
        memory.close()
        target.close()
    os.chmod(url.database, 0o600)


def _postgres_command(url: URL, program: str, *arguments: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment; the password goes in the environment, never in `ps`."""
    command = [program, "--no-owner", "--no-privileges", *arguments, "--dbname", url.database or ""]
    for flag, value in (("--host", url.host), ("--port", url.port), ("--username", url.username)):
        if value:
            command += [flag, str(value)]
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return command, environment


def _dump_postgres(url: URL) -> bytes:
    command, environment = _postgres_command(url, "pg_dump", "--format=custom")
    return _run(command, environment, None)


def _restore_postgres(url: URL, payload: bytes) -> None:
    command, environment = _postgres_command(url, "pg_restore", "--exit-on-error")
    _run(command, environment, payload)


def _run(command: list[str], environment: dict[str, str], stdin: bytes | None) -> bytes:
    try:
        result = subprocess.run(  # noqa: S603 (fixed program, arguments from our own settings)
            command, input=stdin, env=environment, capture_output=True, check=False, timeout=3600
        )
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from None
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(f"{command[0]} failed: {message[-1] if message else result.returncode}")
    return result.stdout
