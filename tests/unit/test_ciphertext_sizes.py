"""Ciphertext sizes say nothing about which instrument: check-ins, shares and audit details
are padded to whole buckets, and check-ins stored before padding still open."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from tests.web.youth_helpers import enrol_youth
from youthvoice import policy
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, CheckIn, ShareGrant
from youthvoice.models.checkin import DRAFT
from youthvoice.models.staff import new_id
from youthvoice.services import checkins, reading, sharing

BUCKET = 512


def stored_sizes(model, column) -> list[int]:
    return list(db.session.scalars(select(func.length(column)).select_from(model)))


def test_an_empty_draft_of_every_instrument_is_the_same_size(app):
    youth_id = enrol_youth(app).youth_id
    with app.app_context():
        instruments = app.extensions["youthvoice.instruments"]
        assert len(instruments) == 15
        for instrument_id in instruments:
            checkins.start(youth_id, instrument_id, instruments, instruments, "en")
        db.session.commit()
        sizes = stored_sizes(CheckIn, CheckIn.content)
    assert len(sizes) == 15
    assert set(sizes) == {BUCKET}  # one size for all: the database cannot tell them apart


def test_a_check_in_with_answers_is_padded_and_decrypts_exactly(app):
    youth_id = enrol_youth(app).youth_id
    with app.app_context():
        instruments = app.extensions["youthvoice.instruments"]
        state = checkins.start(youth_id, "quick-check-in", instruments, instruments, "es")
        checkins.save_answer(state, "doing_today", "7")
        checkins.save_answer(state, "calm_today", None)
        checkins.save_answer(state, "need_now", ["food", "other"])
        long_answer = ("Un pase de autobús, ñandú " * 8)[:200]  # a second bucket's worth
        checkins.save_answer(state, "need_other", long_answer)
        checkins.submit(state)
        db.session.commit()
        check_in_id = state.id

    with app.app_context():
        (size,) = stored_sizes(CheckIn, CheckIn.content)
        opened = checkins.open_check_in(youth_id, check_in_id, instruments)
    assert size % BUCKET == 0
    assert size > BUCKET
    assert opened.answers == {
        "doing_today": "7",
        "need_now": ["food", "other"],
        "need_other": long_answer,
    }
    assert opened.skipped == {"calm_today"}
    assert opened.language == "es"
    assert opened.submitted


def test_a_check_in_stored_before_padding_still_opens(app):
    youth_id = enrol_youth(app).youth_id
    with app.app_context():
        instruments = app.extensions["youthvoice.instruments"]
        instrument = instruments["quick-check-in"]
        check_in_id = new_id()
        old_content = json.dumps(
            {
                "instrument": instrument.id,
                "version": instrument.version,
                "hash": instrument.content_hash,
                "answers": {"doing_today": "3"},
                "skipped": [],
                "sections": {},
                "language": "en",
            },
            sort_keys=True,
        )
        # Written the way check-ins were before padding: format 1, exactly its own length.
        blob = keys().cipher_for(youth_id).encrypt("check_ins", "content", check_in_id, old_content)
        assert blob[0] == 1
        db.session.execute(
            insert(CheckIn.__table__).values(
                id=check_in_id, youth_id=youth_id, status=DRAFT, content=blob
            )
        )
        db.session.commit()

    with app.app_context():
        opened = checkins.open_check_in(youth_id, check_in_id, instruments)
        assert opened.answers == {"doing_today": "3"}
        checkins.save_answer(opened, "calm_today", "2")  # saved again: padded from now on
        db.session.commit()
        (size,) = stored_sizes(CheckIn, CheckIn.content)
    assert size == BUCKET


def test_shares_of_different_instruments_are_the_same_size(app):
    enrolled = enrol_youth(app)
    with app.app_context():
        for instrument_id in app.extensions["youthvoice.instruments"]:
            sharing.create(
                enrolled.youth_id, [enrolled.advocate.id], sharing.INSTRUMENT, instrument_id
            )
        db.session.commit()
        sizes = stored_sizes(ShareGrant, ShareGrant.content)
    assert len(sizes) == 15
    assert set(sizes) == {BUCKET}


def test_audit_details_of_what_staff_saw_hide_the_instrument(app):
    """A staff read lists the scales and answers seen: unpadded, their length named it."""
    enrolled = enrol_youth(app)
    viewer = policy.Viewer("staff", enrolled.advocate.id)
    with app.app_context():
        instruments = app.extensions["youthvoice.instruments"]
        for instrument_id in instruments:
            sharing.create(
                enrolled.youth_id,
                [enrolled.advocate.id],
                sharing.INSTRUMENT,
                instrument_id,
                detail=sharing.ANSWERS,
            )
        now, seen = datetime.now(UTC), 0
        for instrument in instruments.values():
            sent = reading.sent_check_in(enrolled.youth_id, new_id(), instrument, now)
            seen += bool(reading.visible_in_check_in(viewer, sent, "view"))
        db.session.commit()
        sizes = db.session.scalars(
            select(func.length(AuditEvent.details)).where(
                AuditEvent.event_type == "youth_data.read"
            )
        ).all()
    assert len(sizes) == seen >= 10  # a share never shows sensitive answers, so not all 15
    assert all(size % BUCKET == 0 for size in sizes)
    assert len(set(sizes)) <= 2  # many instruments, at most two sizes
