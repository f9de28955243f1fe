"""Flask commands: init, demo, keys, audit, backup, restore, purge and surveys."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import yaml
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from youthvoice import audit, crypto
from youthvoice.extensions import db
from youthvoice.services import backups, checkins, deletion, sessions, staff_accounts
from youthvoice.services.demo import DEMO_PASSWORD, DEMO_PIN, seed_demo
from youthvoice.surveys import fhir
from youthvoice.surveys.catalogue import load_archive, load_catalogue
from youthvoice.surveys.loader import (
    Instrument,
    instrument_files,
    load,
    load_all,
    lock_versions,
    read_versions,
    version_problems,
    versions_file,
)

ESCROW_ADVICE = """\
Keep an offline escrow copy of the key file now. Without it, the database and every
backup are unreadable for ever:
  1. Copy {path} to two encrypted USB drives (or print it and seal the paper).
  2. Store them apart from each other and from the server and its backups, with named
     custodians who log every access.
  3. After each `keys rotate`, replace the escrow copies with the new key file."""


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the instance folder, the key file, and bring the database to the newest schema."""
    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = current_app.config["YOUTHVOICE_SETTINGS"]
    if settings.key_provider == "file" and crypto.create_key_file(Path(settings.key_file)):
        click.echo(f"Key file created: {settings.key_file} (mode 0600)")
        click.echo(ESCROW_ADVICE.format(path=settings.key_file))
    upgrade(directory=current_app.extensions["migrate"].directory)
    _make_sqlite_file_private()
    service = crypto.keys()
    if service.ensure_index_secret():
        click.echo("Index secret created (wrapped by the current key).")
    # A database copy put back by hand must not bring deleted youth back.
    reapplied = deletion.reapply_ledger()
    if reapplied.shredded:
        click.echo(f"Deletion ledger re-applied: {reapplied.shredded} data keys shredded again.")
    if reapplied.removed:
        click.echo(f"Deletion ledger re-applied: {reapplied.removed} accounts removed again.")
    db.session.commit()
    click.echo(f"Database ready: {_database_label()}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Add demo data (one organisation, two programs); running it again changes nothing."""
    summary = seed_demo()
    click.echo(f"Demo organisation: {summary.organisation}")
    click.echo(f"Demo programs: {', '.join(summary.programs)}")
    click.echo(f"New records: {summary.created}")
    click.echo("Demo staff (sign in at /staff/sign-in; add the key to an authenticator app):")
    for login in summary.staff:
        click.echo(f"  {login.role:<14} {login.email:<30} key {login.totp_secret}")
    click.echo(f"  password for all of them: {DEMO_PASSWORD}")
    click.echo("Demo young people (sign in at /sign-in):")
    click.echo(f"  {', '.join(summary.youth)}, PIN {DEMO_PIN} for each")


@click.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email address (their sign-in).")
@click.option("--name", prompt=True, help="The name other staff will see.")
@click.option("--organisation", prompt=True, help="The organisation's name (made if new).")
@click.password_option(help="At least 12 characters; asked for twice when not given.")
@with_appcontext
def create_admin_command(email: str, name: str, organisation: str, password: str) -> None:
    """Create the first admin (or another one). They set up TOTP at first sign-in."""
    try:
        staff, _secret = staff_accounts.create_admin(organisation, email, name, password)
    except staff_accounts.AccountError as error:
        raise click.ClickException(f"No account was created: {error}") from None
    db.session.commit()
    click.echo(f"Admin created for {staff.organisation.name}.")
    click.echo("At first sign-in they scan a QR code into an authenticator app.")


keys_group = click.Group("keys", help="Key-encryption keys: status, rotation, retirement.")


@keys_group.command("status")
@with_appcontext
def keys_status() -> None:
    """How many wrapped keys each KEK holds; which one is current."""
    service = crypto.keys()
    current = service.provider.current_id()
    click.echo(f"Provider: {service.provider.description}")
    for kek_id, count in service.status().items():
        marker = " (current)" if kek_id == current else ""
        click.echo(f"{kek_id}{marker}: {count} wrapped keys")


@keys_group.command("rotate")
@with_appcontext
@click.option("--batch-size", default=500, show_default=True, help="Keys re-wrapped per commit.")
def keys_rotate(batch_size: int) -> None:
    """Make a new KEK current and re-wrap every key under it. Safe to stop and run again."""
    service = crypto.keys()
    kek_id = service.start_rotation()
    total = service.pending_rewrap()
    click.echo(f"Re-wrapping {total} keys under {kek_id}")
    with click.progressbar(length=total, label="Re-wrapping") as bar:
        while done := service.rewrap_batch(batch_size):
            bar.update(done)
    click.echo("Done. Old KEKs stay readable until `keys retire KEK_ID`.")
    if current_app.config["YOUTHVOICE_SETTINGS"].key_provider == "file":
        click.echo("Replace your escrow copy of the key file now.")


@keys_group.command("retire")
@with_appcontext
@click.argument("kek_id")
def keys_retire(kek_id: str) -> None:
    """Remove a KEK that no longer wraps anything."""
    try:
        crypto.keys().retire(kek_id)
    except crypto.KeyCustodyError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Retired {kek_id}.")


class BackupGroup(click.Group):
    """`backup PATH` makes a backup; `backup prune` destroys expired backup keys."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in self.commands:
            return "create", self.commands["create"], args
        return super().resolve_command(ctx, args)


backup_group = BackupGroup("backup", help="Encrypted backups: `backup PATH`, `backup prune`.")


@backup_group.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_create(path: Path) -> None:
    """Write an encrypted, consistent snapshot to PATH (safe while the app runs)."""
    try:
        header = backups.create_backup(path)
    except (backups.BackupError, crypto.KeyCustodyError) as error:
        raise click.ClickException(str(error)) from None
    days = current_app.config["YOUTHVOICE_SETTINGS"].backup_retention_days
    click.echo(f"Backup {header.backup_id} written to {path}.")
    click.echo(f"Its key is destroyed by `backup prune` after {days} days.")


@backup_group.command("prune")
@with_appcontext
def backup_prune() -> None:
    """Destroy the keys of backups older than the retention window."""
    days = current_app.config["YOUTHVOICE_SETTINGS"].backup_retention_days
    destroyed = backups.prune_backups(days)
    click.echo(f"Destroyed the keys of {len(destroyed)} backups older than {days} days.")
    for backup_id in destroyed:
        click.echo(f"  {backup_id}")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Restore PATH into an empty database; deleted youth stay deleted."""
    try:
        report = backups.restore_backup(path)
    except (backups.BackupError, crypto.KeyCustodyError, crypto.IntegrityError) as error:
        raise click.ClickException(f"Nothing was restored: {error}") from None
    click.echo(f"Restored backup {report.backup.backup_id} ({report.backup.created_at[:19]}).")
    click.echo(f"Deleted since the backup, shredded again: {report.shredded}.")
    click.echo(f"Deleted since the backup, accounts removed again: {report.removed}.")
    if not report.audit.ok:
        raise click.ClickException(
            f"Restored, but the audit chain is broken: {report.audit.problem}"
        )
    click.echo(f"Audit chain intact: {report.audit.checked} events.")


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Daily: delete check-in drafts untouched for 30 days, accounts whose 7 days after
    asking to be deleted have passed, and sessions that ended over a day ago."""
    purged = checkins.purge_expired_drafts()
    deleted = deletion.delete_due()
    ended = sessions.purge_ended()
    db.session.commit()
    click.echo(f"Drafts older than {checkins.DRAFT_DAYS} days deleted: {purged}.")
    click.echo(f"Accounts deleted as asked {deletion.WAIT.days} days ago: {deleted}.")
    click.echo(f"Sessions ended over a day ago deleted: {ended}.")


surveys_group = click.Group("surveys", help="Instruments: check survey files.")


SURVEYS_DIR = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A surveys folder other than the shipped one (with its versions.json and archive/).",
)


@surveys_group.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@SURVEYS_DIR
def surveys_check(files: tuple[Path, ...], directory: Path | None) -> None:
    """Check instrument files (default: every file in surveys/, with the earlier versions
    in surveys/archive/); one line per problem."""
    if files:
        instruments, archived, problems = _check_drafts(list(files))
    else:
        catalogue, problems = load_catalogue(directory, require_locked=True)
        instruments, archived = list(catalogue.values()), catalogue.archived()
    for problem in problems:
        click.echo(problem, err=True)
    for instrument in instruments:
        click.echo(
            f"ok: {instrument.id} version {instrument.version} ({len(instrument.items())} items)"
        )
    if archived:
        click.echo(f"ok: {len(archived)} earlier versions in the archive")
    if problems:
        raise SystemExit(1)


def _check_drafts(files: list[Path]) -> tuple[list[Instrument], list[Instrument], list[str]]:
    """Files checked on their own: drafts, which need not be locked (nor archived) yet."""
    report = load_all(files)
    locked = read_versions(versions_file())
    problems = version_problems(report.instruments, locked, require_locked=False)
    return report.instruments, [], report.problems + problems


@surveys_group.command("lock")
@SURVEYS_DIR
def surveys_lock(directory: Path | None) -> None:
    """Record the version and content hash of every valid instrument in surveys/versions.json.

    A released version must be in surveys/archive/ before a new one replaces it."""
    report = load_all(instrument_files(directory))
    released = read_versions(versions_file(directory))
    _archived, archive_problems = load_archive(report.instruments, released, directory)
    problems = report.problems + archive_problems
    if problems:
        raise click.ClickException("fix these first:\n" + "\n".join(problems))
    added = lock_versions(report.instruments, versions_file(directory))
    click.echo(f"Recorded: {', '.join(added) if added else 'nothing new'}")


@surveys_group.command("export")
@click.argument("instrument_id")
@click.option("--version", type=int, help="An earlier released version (in surveys/archive/).")
def surveys_export(instrument_id: str, version: int | None) -> None:
    """Print an instrument as a FHIR R4 Questionnaire (JSON)."""
    if version is None:
        current = load_all(instrument_files()).instruments
        instrument = next((each for each in current if each.id == instrument_id), None)
    else:
        instrument = load_catalogue()[0].version(instrument_id, version)
    if instrument is None:
        raise click.ClickException(f"no instrument {instrument_id!r}; see `surveys check`")
    click.echo(json.dumps(fhir.to_questionnaire(instrument.data), indent=2))


@surveys_group.command("import")
@click.argument("questionnaire", type=click.File("r"))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def surveys_import(questionnaire, target: Path) -> None:
    """Turn a YouthVoice FHIR Questionnaire into an instrument file, then check it."""
    try:
        data = fhir.from_questionnaire(json.load(questionnaire))
    except (ValueError, KeyError, TypeError, StopIteration) as error:
        raise click.ClickException(f"not a YouthVoice Questionnaire: {error!r}") from None
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    _instrument, problems = load(target)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"Written {target}; run `surveys lock` when it is ready.")


audit_group = click.Group("audit", help="The audit log: verify the chain, show its head.")


@audit_group.command("verify")
@with_appcontext
@click.option("--head", "expected_head", help="SEQ:MAC of a head from the application log.")
def audit_verify(expected_head: str | None) -> None:
    """Check every event against the chain; name the first broken one."""
    result = audit.verify(_parse_head(expected_head) if expected_head else None)
    if not result.ok:
        raise click.ClickException(f"Audit chain broken: {result.problem}")
    click.echo(f"Audit chain intact: {result.checked} events, head {result.head_seq}.")
    audit.log_head(result.head_seq, bytes.fromhex(result.head_mac))


@audit_group.command("head")
@with_appcontext
def audit_head() -> None:
    """Print (and log) the chain head, to keep outside the database."""
    result = audit.verify()
    click.echo(f"{result.head_seq}:{result.head_mac}")
    audit.log_head(result.head_seq, bytes.fromhex(result.head_mac))


def _parse_head(value: str) -> tuple[int, str]:
    seq, _, mac = value.partition(":")
    if not seq.isdigit() or not mac:
        raise click.BadParameter("use SEQ:MAC, as printed by `audit head`", param_hint="--head")
    return int(seq), mac


def _database_label() -> str:
    """The database kind and name, never its password."""
    url = db.engine.url
    return f"{url.get_backend_name()} {url.database}"


def _make_sqlite_file_private() -> None:
    """Only the app's own user may read the database file (SQLite gives -wal/-shm the same)."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        os.chmod(url.database, 0o600)


def init_app(app: Flask) -> None:
    for command in (
        init_command,
        demo_command,
        create_admin_command,
        keys_group,
        audit_group,
        backup_group,
        restore_command,
        purge_command,
        surveys_group,
    ):
        app.cli.add_command(command)


def main() -> None:
    """The `youthvoice` console script: the same commands as `flask --app youthvoice`."""
    from youthvoice import create_app

    FlaskGroup(create_app=create_app)()
