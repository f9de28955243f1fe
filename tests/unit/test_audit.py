"""The audit chain: intact when untouched; every kind of tampering is named."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import delete, func, literal_column, select, update
from sqlalchemy.exc import DBAPIError

from youthvoice import audit, create_app
from youthvoice.crypto import KeyShredded, keys
from youthvoice.extensions import db
from youthvoice.models import AuditChainHead, AuditEvent

ADVOCATE = audit.Actor("staff", "staff-7")


@pytest.fixture
def chain(app_context):
    """Five committed events about one youth."""
    keys().create_data_key("youth-1")
    for number in range(5):
        audit.append(ADVOCATE, "youth_data.read", "youth-1", {"kind": "scores", "n": number})
    db.session.commit()
    return app_context


def problem() -> str | None:
    db.session.expire_all()
    return audit.verify().problem


def test_untouched_chain_verifies(chain):
    result = audit.verify()
    assert result.ok
    assert result.checked == result.head_seq == 5


def test_details_are_encrypted_and_readable_by_the_app(chain):
    event = db.session.get(AuditEvent, 3)
    assert b"scores" not in event.details
    assert audit.read_details(event) == {"kind": "scores", "n": 2}
    assert (event.actor_kind, event.actor_id, event.event_type) == (
        "staff",
        "staff-7",
        "youth_data.read",
    )


def test_an_edited_event_is_named(chain):
    db.session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(actor_id="staff-9"))
    assert problem() == (
        "event 3 (youth_data.read) does not match the chain (edited, reordered or inserted)"
    )


def test_a_deleted_event_is_named(chain):
    db.session.execute(delete(AuditEvent).where(AuditEvent.seq == 2))
    assert problem() == "event 2 is missing (deleted or renumbered)"


def test_reordered_events_are_named(chain):
    db.session.execute(update(AuditEvent).where(AuditEvent.seq == 2).values(seq=99))
    db.session.execute(update(AuditEvent).where(AuditEvent.seq == 4).values(seq=2))
    db.session.execute(update(AuditEvent).where(AuditEvent.seq == 99).values(seq=4))
    assert problem() == (
        "event 2 (youth_data.read) does not match the chain (edited, reordered or inserted)"
    )


def test_a_cut_off_tail_is_named(chain):
    db.session.execute(delete(AuditEvent).where(AuditEvent.seq >= 4))
    assert problem() == "events after 3 are missing (the chain was cut at 3)"


def test_a_cut_hidden_by_rewinding_the_head_is_caught_by_the_logged_head(chain):
    logged_head = (5, db.session.get(AuditEvent, 5).mac.hex())
    third = db.session.get(AuditEvent, 3)
    db.session.execute(delete(AuditEvent).where(AuditEvent.seq >= 4))
    db.session.execute(update(AuditChainHead).values(seq=3, mac=third.mac))
    assert problem() is None  # the database alone looks consistent…
    result = audit.verify(expected_head=logged_head)
    assert result.problem == "the logged head 5 is past the last event 3: the chain was cut"


def test_verify_command_names_the_problem(chain):
    db.session.execute(delete(AuditEvent).where(AuditEvent.seq == 2))
    db.session.commit()
    result = chain.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert "Audit chain broken: event 2 is missing" in result.output


# Bytes that are not UTF-8, as someone with the database file could write them: SQLite keeps
# them even in a text column; PostgreSQL has no text that is not UTF-8, so it refuses them.
NOT_TEXT = {
    "sqlite": {"details": "CAST(x'ff00fe' AS TEXT)", "event_type": "CAST(x'ff00fe' AS TEXT)"},
    "postgresql": {
        "details": "'\\xff00fe'::bytea",
        "event_type": "convert_from('\\xff00fe', 'UTF8')",
    },
}


def write_bytes_that_are_not_text(column: str) -> None:
    """Into event 3, straight to the row, as no code path of the app would."""
    value = literal_column(NOT_TEXT[db.engine.dialect.name][column])
    db.session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values({column: value}))


def test_verify_command_names_an_event_whose_details_are_not_text(chain):
    write_bytes_that_are_not_text("details")
    db.session.commit()
    result = chain.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Audit chain broken: event 3 (youth_data.read) does not match the chain" in result.output


def test_an_event_whose_type_is_not_text_is_named_or_refused_by_the_database(chain):
    try:
        write_bytes_that_are_not_text("event_type")
        db.session.commit()
    except DBAPIError:  # PostgreSQL refuses text that is not UTF-8: nothing to name
        db.session.rollback()
        assert db.engine.dialect.name == "postgresql"
        assert audit.verify().ok
        return
    assert problem() == (
        "event 3 (type unreadable) cannot be read: a stored value was changed outside the app"
    )


def test_shredding_a_youth_shreds_their_trail_but_not_the_chain(chain):
    keys().shred("youth-1")
    db.session.commit()
    with pytest.raises(KeyShredded):
        audit.read_details(db.session.get(AuditEvent, 1))
    assert audit.verify().ok


def test_head_is_written_to_the_application_log(chain, caplog, monkeypatch):
    monkeypatch.setattr(audit, "LOG_HEAD_EVERY", 2)
    with caplog.at_level("INFO", logger="youthvoice.audit"):
        audit.append(ADVOCATE, "youth_data.read", "youth-1")
        assert "audit chain head" not in caplog.text  # not before the event is committed
        db.session.commit()
    assert "audit chain head seq=6 mac=" in caplog.text


def test_a_head_rolled_back_is_never_logged(chain, caplog, monkeypatch):
    monkeypatch.setattr(audit, "LOG_HEAD_EVERY", 2)
    with caplog.at_level("INFO", logger="youthvoice.audit"):
        audit.append(ADVOCATE, "youth_data.read", "youth-1")
        db.session.rollback()
        db.session.commit()
    assert "audit chain head" not in caplog.text


def _append_many(settings, worker: int, count: int) -> None:
    app = create_app(settings)
    with app.app_context():
        for number in range(count):
            audit.append(audit.Actor("staff", f"w{worker}"), "test.event", None, {"n": number})
            db.session.commit()
        db.engine.dispose()


def test_concurrent_appends_from_several_processes_keep_the_chain_valid(settings, app_context):
    keys().system_cipher()
    db.session.commit()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(settings, n, 15)) for n in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
        assert process.exitcode == 0
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 60
    assert audit.verify().ok
