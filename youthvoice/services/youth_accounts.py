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
from youthvoice.models import CareTeamMember, Invite, StaffUser, Youth
from youthvoice.services import passwords, throttle
from youthvoice.services.secret_check import check_secret

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: easy to read aloud and to type from a note.
INVITE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
INVITE_LENGTH = 12  # 25^12 ≈ 2^56 possibilities
INVITE_LIFETIME = timedelta(days=7)
ASSENT_VERSION = "2026-11"
NAME_PATTERN = re.compile(r"^[a-z0-9._-]{3,30}$")
MIN_PIN_DIGITS = 6
MIN_PASSPHRASE_LENGTH = 12


class SecretProblem(Enum):
    TOO_SHORT = "too_short"
    REPEATED = "repeated"
    SEQUENCE = "sequence"
    DATE = "date"


class NameProblem(Enum):
    FORM = "form"
    TAKEN = "taken"


@dataclass(frozen=True)
class SignInResult:
    youth_id: str | None = None
    retry_after: int = 0


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
    code: str, address: str, purpose: str = "first-sign-in"
) -> tuple[Invite | None, int]:
    """The usable code of this purpose, or None; plus seconds to wait after too many tries."""
    client = throttle.address_key(address)
    if wait := throttle.seconds_to_wait(client):
        return None, wait
    invite = db.session.scalar(select(Invite).where(Invite.code_hash == code_hash(code)))
    now = datetime.now(UTC)
    usable = invite is not None and invite.purpose == purpose and invite.used_at is None
    if not usable or _aware(invite.expires_at) <= now:
        throttle.record_failure(client, doubling=True)
        db.session.commit()
        return None, throttle.seconds_to_wait(client)
    return invite, 0


def name_problem(name: str) -> NameProblem | None:
    if not NAME_PATTERN.match(normalise_name(name)):
        return NameProblem.FORM
    taken = db.session.scalar(select(Youth.id).where(Youth.sign_in_name_hash == _name_hash(name)))
    return NameProblem.TAKEN if taken else None


def secret_problem(secret: str) -> SecretProblem | None:
    """PIN (digits) or passphrase rules: long enough, and not the obvious."""
    if not secret.isdigit():
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


def check_sign_in(name: str, secret: str, address: str) -> SignInResult:
    youth = db.session.scalar(select(Youth).where(Youth.sign_in_name_hash == _name_hash(name)))
    account = throttle.account_key("youth", _name_hash(name))
    stored = youth.secret_hash if youth is not None else None
    outcome = check_secret(account, address, stored, secret, pepper())
    if not outcome.ok:
        return SignInResult(retry_after=outcome.retry_after)
    if outcome.new_hash:
        youth.secret_hash = outcome.new_hash
    return SignInResult(youth_id=youth.id)


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


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_own_secret(youth: Youth, secret: str) -> bool:
    return passwords.verify_secret(youth.secret_hash or "", secret, pepper()).ok


def change_secret(youth: Youth, new_secret: str) -> None:
    """A new PIN chosen by the youth; other devices are signed out."""
    youth.secret_hash = passwords.hash_secret(new_secret, pepper())
    audit.append(audit.Actor("youth", youth.id), "youth.pin_changed", youth.id)


def save_settings(youth: Youth, language: str, discreet_mode: bool) -> None:
    youth.language = language
    youth.discreet_mode = discreet_mode
