"""Staff accounts: creation, the password step and the TOTP step of signing in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
import segno
from sqlalchemy import select

from youthvoice import audit
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import Organisation, StaffUser
from youthvoice.models.staff import ROLES, new_id
from youthvoice.readers import is_ascii_digits
from youthvoice.services import passwords, throttle
from youthvoice.services.secret_check import check_secret

TOTP_ISSUER = "YouthVoice"
MIN_PASSWORD_LENGTH = 12


class AccountError(ValueError):
    """A staff account cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class PasswordStep:
    """The outcome of email + password: a staff id to ask a code of, or a wait, or neither."""

    staff_id: str | None = None
    retry_after: int = 0
    device_token: str | None = None  # after the code step, for a browser not yet trusted


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_hash(email: str) -> str:
    return keys().keyed_hash("staff-email", normalise_email(email))


def create_staff(
    organisation: Organisation, role: str, email: str, name: str, password: str
) -> tuple[StaffUser, str]:
    """A new staff account and its TOTP secret (shown once, for the authenticator app)."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if "@" not in email:
        raise AccountError("the email address must contain @")
    if db.session.scalar(select(StaffUser.id).where(StaffUser.email_hash == email_hash(email))):
        raise AccountError("a staff account with that email address already exists")
    staff_id, secret = new_id(), pyotp.random_base32()
    system = keys().system_cipher()
    staff = StaffUser(
        id=staff_id,
        organisation=organisation,
        role=role,
        email_hash=email_hash(email),
        email=system.encrypt("staff_users", "email", staff_id, normalise_email(email)),
        display_name=system.encrypt("staff_users", "display_name", staff_id, name.strip()),
        password_hash=passwords.hash_secret(password),
        totp_secret=system.encrypt("staff_users", "totp_secret", staff_id, secret),
    )
    db.session.add(staff)
    db.session.flush()
    audit.append(audit.SYSTEM, "staff.created", details=None)
    return staff, secret


def create_admin(
    organisation_name: str, email: str, name: str, password: str
) -> tuple[StaffUser, str]:
    name_of_organisation = organisation_name.strip()
    if not name_of_organisation:
        raise AccountError("the organisation needs a name")
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == name_of_organisation)
    ) or Organisation(name=name_of_organisation)
    return create_staff(organisation, "admin", email, name, password)


def sign_in_identity(hashed_email: str) -> str:
    """The account as the throttle and device tokens know it."""
    return f"staff|{hashed_email}"


def check_password(email: str, password: str, source: throttle.Source) -> PasswordStep:
    """Step one. Unknown accounts cost the same hashing work and get the same answer."""
    hashed = email_hash(email)
    staff = db.session.scalar(select(StaffUser).where(StaffUser.email_hash == hashed))
    stored = staff.password_hash if staff is not None and staff.active else None
    outcome = check_secret("staff-password", sign_in_identity(hashed), source, stored, password)
    if not outcome.ok:
        return PasswordStep(retry_after=outcome.retry_after)
    if outcome.new_hash:
        staff.password_hash = outcome.new_hash
    return PasswordStep(staff_id=staff.id)


def check_code(staff_id: str, code: str, source: throttle.Source) -> PasswordStep:
    """Step two: a TOTP code within ±1 step, never one already used."""
    staff = db.session.get(StaffUser, staff_id)
    identity = sign_in_identity(staff.email_hash if staff is not None else staff_id)
    counters = throttle.counters_for("staff-code", source, identity)
    if wait := throttle.seconds_to_wait(counters):
        return PasswordStep(retry_after=wait)
    step = _matching_step(staff, code) if staff is not None and staff.active else None
    if step is None or step <= staff.totp_last_step:
        return PasswordStep(retry_after=throttle.failed(counters))
    staff.totp_last_step = step
    staff.totp_confirmed = True
    throttle.succeeded(counters)
    audit.append(audit.Actor("staff", staff.id), "staff.signed_in")
    token = None if counters.trusted else throttle.new_device_token(identity)
    return PasswordStep(staff_id=staff.id, device_token=token)


def _matching_step(staff: StaffUser, code: str) -> int | None:
    code = "".join(code.split())
    if not is_ascii_digits(code):  # pyotp would match "１２３４５６" after NFKC folding
        return None
    totp = pyotp.TOTP(totp_secret(staff))
    now_step = totp.timecode(datetime.now(UTC))
    for step in (now_step - 1, now_step, now_step + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def totp_secret(staff: StaffUser) -> str:
    system = keys().system_cipher()
    return system.decrypt_text("staff_users", "totp_secret", staff.id, staff.totp_secret)


def display_name(staff: StaffUser) -> str:
    return (
        keys()
        .system_cipher()
        .decrypt_text("staff_users", "display_name", staff.id, staff.display_name)
    )


def provisioning(staff: StaffUser) -> tuple[str, str]:
    """The secret (to type in) and an inline SVG QR code of the otpauth:// address."""
    secret = totp_secret(staff)
    uri = pyotp.TOTP(secret).provisioning_uri(name=display_name(staff), issuer_name=TOTP_ISSUER)
    return secret, segno.make(uri, error="m").svg_inline(scale=4, title="")
