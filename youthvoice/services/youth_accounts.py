"""Youth accounts: enrolment by an advocate, invite codes, choosing a sign-in, signing in,
assent and the statistics choice. Names and PINs are never stored readably."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from itertools import pairwise

from sqlalchemy import select

from youthvoice import audit
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, CareTeamMember, Invite, StaffUser, Youth
from youthvoice.models.youth import THEMES
from youthvoice.readers import is_ascii_digits
from youthvoice.services import passwords, throttle
from youthvoice.services.secret_check import Outcome, check_secret

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: easy to read aloud and to type from a note.
INVITE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
INVITE_LENGTH = 12  # 25^12 ≈ 2^56 possibilities
INVITE_LIFETIME = timedelta(days=7)
ASSENT_VERSION = "2026-11"
NAME_PATTERN = re.compile(r"^[a-z0-9._-]{3,30}$")
# A name shorter than this, or one anyone would try first, is refused with the same words
# as a name someone already has: the answer must never confirm that a person uses the app.
MIN_UNGUESSABLE_NAME = 6
EASY_NAMES = frozenset({"admin", "password", "qwerty", "youth", "checkin", "check-in", "tester"})
NAME_TRIES_PER_INVITE = 10
PIN_ACTION = "youth-pin"
CHANGE_PIN_ACTION = "youth-change-pin"
SIGN_IN_FAILED = "youth.sign_in_failed"
INVITE_ACTIONS = {"first-sign-in": "invite", "recovery": "recovery-code"}
MIN_PIN_DIGITS = 6
MIN_PASSPHRASE_LENGTH = 12


class SecretProblem(Enum):
    TOO_SHORT = "too_short"
    REPEATED = "repeated"
    SEQUENCE = "sequence"
    DATE = "date"


class NameProblem(Enum):
    FORM = "form"  # not 3 to 30 of the allowed characters
    UNAVAILABLE = "unavailable"  # easy to guess, or someone has it: one answer for both


@dataclass(frozen=True)
class SignInResult:
    youth_id: str | None = None
    retry_after: int = 0
    device_token: str | None = None  # for a browser not yet trusted for this account


def new_invite_code() -> str:
    raw = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, INVITE_LENGTH, 4))


def normalise_code(code: str) -> str:
    return "".join(character for character in code.upper() if character.isalnum())


def code_hash(code: str) -> str:
    return keys().keyed_hash("invite-code", normalise_code(code))


def normalise_name(name: str) -> str:
    return name.strip().lower()


def _name_hash(name: str) -> str:
    return keys().keyed_hash("sign-in-name", normalise_name(name))


def sign_in_name_hash(name: str) -> str:
    """What the database keeps of a sign-in name (for look-ups by other services)."""
    return _name_hash(name)


def sign_in_identity(name_hash: str) -> str:
    """The account as the throttle and device tokens know it."""
    return f"youth|{name_hash}"


def pepper() -> bytes:
    return keys().purpose_key("pin-pepper")


def enrol(
    advocate: StaffUser, preferred_name: str, program_id: int | None, consent_on: date
) -> tuple[Youth, str]:
    """A new youth on the advocate's care team, and their one-time invite code."""
    youth = Youth(
        organisation_id=advocate.organisation_id,
        program_id=program_id,
        program_consent_on=datetime.combine(consent_on, datetime.min.time(), UTC),
        program_consent_by=advocate.id,
    )
    db.session.add(youth)
    db.session.flush()
    cipher = keys().create_data_key(youth.id)
    if preferred_name.strip():
        youth.preferred_name = cipher.encrypt(
            "youth", "preferred_name", youth.id, preferred_name.strip()
        )
    db.session.add(CareTeamMember(youth_id=youth.id, staff_id=advocate.id))
    code = issue_invite(youth, advocate, "first-sign-in")
    audit.append(
        audit.Actor("staff", advocate.id), "youth.enrolled", youth.id, {"program": program_id}
    )
    return youth, code


def issue_invite(
    youth: Youth, staff: StaffUser, purpose: str, lifetime: timedelta = INVITE_LIFETIME
) -> str:
    code = new_invite_code()
    db.session.add(
        Invite(
            youth_id=youth.id,
            purpose=purpose,
            code_hash=code_hash(code),
            created_by=staff.id,
            expires_at=datetime.now(UTC) + lifetime,
        )
    )
    db.session.flush()
    return code


def find_invite(
    code: str, source: throttle.Source, purpose: str = "first-sign-in"
) -> tuple[Invite | None, int]:
    """The usable code of this purpose, or None; plus seconds to wait after too many tries.
    Codes are 56 random bits, so only the address is counted, per minute."""
    counters = throttle.counters_for(INVITE_ACTIONS[purpose], source)
    if wait := throttle.seconds_to_wait(counters):
        return None, wait
    invite = db.session.scalar(select(Invite).where(Invite.code_hash == code_hash(code)))
    if invite is None or invite.purpose != purpose or not invite_usable(invite):
        return None, throttle.failed(counters)
    return invite, 0


def invite_usable(invite: Invite) -> bool:
    """Not used, not expired, and not worn out by names tried with it."""
    return (
        invite.used_at is None
        and invite.expires_at > datetime.now(UTC)
        and invite.failed_attempts < NAME_TRIES_PER_INVITE
    )


def name_problem(name: str) -> NameProblem | None:
    """Whether a name can be chosen. Taken and easy-to-guess names get one answer."""
    normal = normalise_name(name)
    if not NAME_PATTERN.match(normal):
        return NameProblem.FORM
    easy = len(normal) < MIN_UNGUESSABLE_NAME or normal in EASY_NAMES
    return NameProblem.UNAVAILABLE if name_taken(name) or easy else None


def name_taken(name: str) -> bool:
    """For operators' tools only: a page must never say this on its own."""
    found = db.session.scalar(select(Youth.id).where(Youth.sign_in_name_hash == _name_hash(name)))
    return found is not None


def count_refused_name(invite: Invite) -> None:
    """A name refused as unavailable uses up one of the invite's tries, audited, and is
    committed at once: an invite cannot be used to test many names."""
    invite.failed_attempts += 1
    audit.append(audit.SYSTEM, "invite.name_refused", invite.youth_id)
    db.session.commit()


def secret_problem(secret: str) -> SecretProblem | None:
    """PIN (digits) or passphrase rules: long enough, and not the obvious."""
    if not is_ascii_digits(secret):  # other scripts' digits ("٣", "²") make a passphrase
        return None if len(secret.strip()) >= MIN_PASSPHRASE_LENGTH else SecretProblem.TOO_SHORT
    if len(secret) < MIN_PIN_DIGITS:
        return SecretProblem.TOO_SHORT
    if any(secret == secret[:unit] * (len(secret) // unit) for unit in (1, 2, 3)):
        return SecretProblem.REPEATED  # 111111, 121212, 123123
    if {int(b) - int(a) for a, b in pairwise(secret)} in ({1}, {-1}):
        return SecretProblem.SEQUENCE  # 123456, 987654
    return SecretProblem.DATE if _looks_like_a_date(secret) else None


def _looks_like_a_date(digits: str) -> bool:
    patterns = {6: ("%d%m%y", "%m%d%y", "%y%m%d"), 8: ("%d%m%Y", "%m%d%Y", "%Y%m%d")}
    for pattern in patterns.get(len(digits), ()):
        try:
            moment = datetime.strptime(digits, pattern)
        except ValueError:
            continue
        if 1940 <= moment.year <= 2035:
            return True
    return False


def complete_invite(invite: Invite, name: str, secret: str) -> Youth:
    """Set the youth's sign-in name and PIN; the invite is spent. Rules already checked."""
    youth = db.session.get(Youth, invite.youth_id)
    youth.sign_in_name_hash = _name_hash(name)
    youth.secret_hash = passwords.hash_secret(secret, pepper())
    invite.used_at = datetime.now(UTC)
    audit.append(audit.Actor("youth", youth.id), "youth.invite_redeemed", youth.id)
    return youth


def check_sign_in(name: str, secret: str, source: throttle.Source) -> SignInResult:
    """Name and PIN. A wrong PIN for a real account is audited for the youth to see later;
    an unknown name is audited too, so both cost the same."""
    name_hash = _name_hash(name)
    youth = db.session.scalar(select(Youth).where(Youth.sign_in_name_hash == name_hash))
    identity = sign_in_identity(name_hash)
    stored = youth.secret_hash if youth is not None else None
    outcome = check_secret(PIN_ACTION, identity, source, stored, secret, pepper())
    if not outcome.ok:
        if outcome.checked:
            _audit_wrong_try(youth)
        return SignInResult(retry_after=outcome.retry_after)
    if outcome.new_hash:
        youth.secret_hash = outcome.new_hash
    token = None if outcome.trusted else throttle.new_device_token(identity)
    return SignInResult(youth_id=youth.id, device_token=token)


def _audit_wrong_try(youth: Youth | None) -> None:
    """Kept (the time, never the address) until the youth has seen it."""
    subject = youth.id if youth is not None else None
    audit.append(audit.SYSTEM, SIGN_IN_FAILED, subject)
    db.session.commit()


def unseen_wrong_tries(youth: Youth) -> list[datetime]:
    """When someone typed a wrong PIN for this youth's name since they last said they saw."""
    query = select(AuditEvent.occurred_at).where(
        AuditEvent.subject_id == youth.id, AuditEvent.event_type == SIGN_IN_FAILED
    )
    if youth.wrong_tries_seen_at is not None:
        query = query.where(AuditEvent.occurred_at > youth.wrong_tries_seen_at)
    return list(db.session.scalars(query.order_by(AuditEvent.seq)))


def mark_wrong_tries_seen(youth: Youth) -> None:
    youth.wrong_tries_seen_at = datetime.now(UTC)


def forget_failures(youth: Youth) -> int:
    """End the run of wrong tries on this youth's account (a new PIN was set); returns it."""
    identity = sign_in_identity(youth.sign_in_name_hash or "")
    return throttle.clear_account(PIN_ACTION, identity)


def record_assent(youth: Youth) -> None:
    youth.assent_at = datetime.now(UTC)
    youth.assent_version = ASSENT_VERSION
    audit.append(
        audit.Actor("youth", youth.id), "youth.assented", youth.id, {"version": ASSENT_VERSION}
    )


def set_statistics_choice(youth: Youth, counted: bool) -> None:
    youth.statistics_consent = counted
    youth.statistics_decided_at = datetime.now(UTC)
    audit.append(
        audit.Actor("youth", youth.id), "youth.statistics_choice", youth.id, {"counted": counted}
    )


def preferred_name(youth: Youth) -> str | None:
    if youth.preferred_name is None:
        return None
    return (
        keys()
        .cipher_for(youth.id)
        .decrypt_text("youth", "preferred_name", youth.id, youth.preferred_name)
    )


def check_own_secret(youth: Youth, secret: str, source: throttle.Source) -> Outcome:
    """The current PIN, asked again before changing it: throttled like signing in."""
    return check_secret(CHANGE_PIN_ACTION, youth.id, source, youth.secret_hash, secret, pepper())


def change_secret(youth: Youth, new_secret: str) -> None:
    """A new PIN chosen by the youth; other devices are signed out."""
    youth.secret_hash = passwords.hash_secret(new_secret, pepper())
    audit.append(audit.Actor("youth", youth.id), "youth.pin_changed", youth.id)


def save_settings(youth: Youth, language: str, discreet_mode: bool, theme: str) -> None:
    if theme not in THEMES:
        raise ValueError(f"no such theme: {theme!r}")
    youth.language = language
    youth.discreet_mode = discreet_mode
    youth.theme = theme
