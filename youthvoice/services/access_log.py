"""Who has seen my answers: every read or attempt by someone else, account recoveries and
failed sign-ins, newest first, for the youth's own page.

Made from the audit log (reads and refusals are written there by reading.py, recoveries by
recovery.py, wrong PIN tries by youth_accounts.py). The youth's own actions and the
system's (purges, say) are left out, except what was done with their backup code. Wrong
tries from before this log kept them show as the count taken when a PIN was reset.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from youthvoice import audit
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, RecoveryRequest, StaffUser
from youthvoice.services import backup_codes, checkins, staff_accounts
from youthvoice.services.youth_accounts import SIGN_IN_FAILED
from youthvoice.surveys.loader import Instrument

READ, DENIED = "youth_data.read", "youth_data.denied"
# Audit event type: what the youth's page calls it.
RECOVERY_EVENTS = {
    "recovery.requested": "recovery_requested",
    "recovery.approved": "recovery_approved",
    "recovery.code_given": "recovery_code_given",
    "account.recovered": "pin_reset",
    "recovery.voided": "recovery_voided",
}
# The youth's own account actions, shown all the same: whoever signed in as them (after a
# PIN reset, say) could have done them, and the youth should be able to tell.
OWN_ACCOUNT_EVENTS = {
    backup_codes.MADE: "backup_code_made",
    backup_codes.TURNED_OFF: "backup_code_turned_off",
    backup_codes.USED: "backup_code_used",
}
FAILED_SIGN_INS = "failed_sign_ins"
WRONG_PIN, BEFORE_PIN_RESET = "wrong_pin", "before_pin_reset"


@dataclass(frozen=True)
class Entry:
    """One line of the youth's access log."""

    when: datetime
    what: str  # "check_in", "answer_now", "enrolment", FAILED_SIGN_INS, or a value of
    # RECOVERY_EVENTS or OWN_ACCOUNT_EVENTS
    actor_kind: str  # "staff", "youth" (someone else) or "system"
    actor_id: str | None = None
    who: str | None = None  # the staff member's display name; None: not a known person
    role: str | None = None  # the staff member's role ("advocate", "program_staff", "admin")
    via: str | None = None  # reads: "view", "list", "print" or "export"
    allowed: bool = True  # False: a refused attempt
    instrument: Instrument | None = None  # check-in reads, when the instrument is known
    parts: tuple[str, ...] = ()  # check-in reads: "scores", "answers"
    failures: int = 0  # FAILED_SIGN_INS: how many wrong tries
    context: str | None = None  # FAILED_SIGN_INS: WRONG_PIN (one try) or BEFORE_PIN_RESET
    count: int = 1  # identical entries within one minute, shown once

    def same_as(self, other: Entry) -> bool:
        """Same who, what and how, within the same minute: shown once, with a count."""
        return (
            self.context != BEFORE_PIN_RESET
            and _minute(self.when) == _minute(other.when)
            and self._key() == other._key()
        )

    def _key(self) -> tuple:
        instrument = self.instrument.id if self.instrument else None
        return (
            self.actor_kind,
            self.actor_id,
            self.what,
            self.via,
            self.allowed,
            instrument,
            self.parts,
            self.context,
        )


def entries_for(youth_id: str, instruments: dict[str, Instrument] | None = None) -> list[Entry]:
    """The youth's access log, newest first. `instruments` names the check-ins read."""
    log = _Reader(youth_id, instruments or {})
    entries = log.audited() + log.failed_sign_ins()
    entries.sort(key=lambda entry: entry.when, reverse=True)  # stable: audit order on ties
    return collapse(entries)


def collapse(entries: list[Entry]) -> list[Entry]:
    shown: list[Entry] = []
    for entry in entries:
        if shown and shown[-1].same_as(entry):
            shown[-1] = replace(shown[-1], count=shown[-1].count + 1)
        else:
            shown.append(entry)
    return shown


class _Reader:
    def __init__(self, youth_id: str, instruments: dict[str, Instrument]) -> None:
        self.youth_id = youth_id
        self.instruments = instruments
        self._staff: dict[str, StaffUser | None] = {}
        self._names: dict[str, str] = {}
        self._check_ins: dict[str, Instrument | None] = {}

    def audited(self) -> list[Entry]:
        types = (READ, DENIED, SIGN_IN_FAILED, *RECOVERY_EVENTS, *OWN_ACCOUNT_EVENTS)
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject_id == self.youth_id, AuditEvent.event_type.in_(types))
            .order_by(AuditEvent.seq.desc())
        ).all()
        if not events:
            return []
        details_of = audit.details_reader(self.youth_id)
        entries = []
        for event in events:
            if event.event_type == SIGN_IN_FAILED:
                entries.append(_wrong_try(event))
                continue
            if event.event_type in OWN_ACCOUNT_EVENTS:
                what = OWN_ACCOUNT_EVENTS[event.event_type]
                entries.append(Entry(event.occurred_at, what, "youth", event.actor_id))
                continue
            if self._own_or_system(event):
                continue
            entry = self._entry(event, details_of(event) or {})
            if entry is not None:
                entries.append(entry)
        return entries

    def _own_or_system(self, event: AuditEvent) -> bool:
        own = event.actor_kind == "youth" and event.actor_id == self.youth_id
        return own or event.actor_kind == "system"

    def _entry(self, event: AuditEvent, details: dict) -> Entry | None:
        found: dict = {}
        if event.event_type in RECOVERY_EVENTS:
            what = RECOVERY_EVENTS[event.event_type]
            if what == "recovery_approved" and str(details.get("approval", "")).startswith("skip"):
                what = "recovery_approval_skipped"
        else:
            what = details.get("kind")
            if not what:
                return None
            found = {"via": details.get("via"), "allowed": event.event_type == READ}
            if what == "check_in":
                found["instrument"] = self._instrument(details.get("ref"))
                found["parts"] = tuple(p for p in ("scores", "answers") if details.get(p))
        staff = self._staff_user(event.actor_id) if event.actor_kind == "staff" else None
        if staff is not None:
            found |= {"who": self._name(staff), "role": staff.role}
        return Entry(event.occurred_at, what, event.actor_kind, event.actor_id, **found)

    def _staff_user(self, staff_id: str | None) -> StaffUser | None:
        if not staff_id:
            return None
        if staff_id not in self._staff:
            self._staff[staff_id] = db.session.get(StaffUser, staff_id)
        return self._staff[staff_id]

    def _name(self, staff: StaffUser) -> str:
        if staff.id not in self._names:
            self._names[staff.id] = staff_accounts.display_name(staff)
        return self._names[staff.id]

    def _instrument(self, check_in_id: str | None) -> Instrument | None:
        if not check_in_id:
            return None
        if check_in_id not in self._check_ins:
            self._check_ins[check_in_id] = checkins.instrument_of(
                self.youth_id, check_in_id, self.instruments
            )
        return self._check_ins[check_in_id]

    def failed_sign_ins(self) -> list[Entry]:
        """The wrong tries counted when a PIN was reset."""
        entries = []
        resets = db.session.scalars(
            select(RecoveryRequest).where(
                RecoveryRequest.youth_id == self.youth_id,
                RecoveryRequest.completed_at.is_not(None),
                RecoveryRequest.failed_sign_ins_before > 0,
            )
        )
        for reset in resets:
            entries.append(
                Entry(
                    reset.completed_at,
                    FAILED_SIGN_INS,
                    "system",
                    failures=reset.failed_sign_ins_before,
                    context=BEFORE_PIN_RESET,
                )
            )
        return entries


def _wrong_try(event: AuditEvent) -> Entry:
    return Entry(event.occurred_at, FAILED_SIGN_INS, "system", failures=1, context=WRONG_PIN)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
