"""A young person's own backup code: a way back after a forgotten PIN with no staff involved.

Optional, shown once when made, stored only as an Argon2id hash with the PIN pepper. Using
it sets a new PIN, spends it, and signs out every other session. The staff reset (recovery.py)
needs an advocate and an admin, who could then sign in as the youth; this code does not.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from youthvoice import audit
from youthvoice.crypto import keys
from youthvoice.extensions import db
from youthvoice.models import Youth
from youthvoice.services import passwords, sessions, throttle, youth_accounts
from youthvoice.services.secret_check import check_secret

ACTION = "youth-backup"
GROUPS, GROUP_LENGTH = 4, 4  # 25^16 ≈ 2^74 possibilities
MADE = "youth.backup_code_made"
TURNED_OFF = "youth.backup_code_turned_off"
USED = "youth.backup_code_used"


@dataclass(frozen=True)
class Checked:
    """A backup code that matched (youth and a proof of which code), or the wait."""

    youth_id: str | None = None
    proof: str | None = None  # ties the next step to this code: spent or replaced, it fails
    retry_after: int = 0


def new_code() -> str:
    """16 characters from the invite codes' alphabet (nothing easy to misread), in 4 groups."""
    alphabet = youth_accounts.INVITE_ALPHABET
    raw = "".join(secrets.choice(alphabet) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, len(raw), GROUP_LENGTH))


def make(youth: Youth) -> str:
    """A new code for this youth, replacing any old one; returned once, to be shown once."""
    code = new_code()
    youth.backup_code_hash = passwords.hash_secret(
        youth_accounts.normalise_code(code), youth_accounts.pepper()
    )
    audit.append(audit.Actor("youth", youth.id), MADE, youth.id)
    return code


def turn_off(youth: Youth) -> None:
    if youth.backup_code_hash is not None:
        youth.backup_code_hash = None
        audit.append(audit.Actor("youth", youth.id), TURNED_OFF, youth.id)


def check(name: str, code: str, source: throttle.Source) -> Checked:
    """Sign-in name and backup code. An unknown name, a youth without a code and a wrong
    code all get the same answer after the same Argon2 work, and all count as a failure."""
    name_hash = youth_accounts.sign_in_name_hash(name)
    youth = db.session.scalar(select(Youth).where(Youth.sign_in_name_hash == name_hash))
    stored = youth.backup_code_hash if youth is not None else None
    outcome = check_secret(
        ACTION,
        youth_accounts.sign_in_identity(name_hash),
        source,
        stored,
        youth_accounts.normalise_code(code),
        youth_accounts.pepper(),
    )
    if not outcome.ok:
        return Checked(retry_after=outcome.retry_after)
    # No rehash on old Argon2 parameters (outcome.new_hash): the code is spent next step.
    return Checked(youth.id, _proof(stored))


def use(youth_id: str, proof: str, new_secret: str) -> Youth | None:
    """Set the new PIN with a code checked a moment ago (its proof); the code is spent and
    every session ends. None when the code was spent or replaced since: nothing changes."""
    youth = db.session.get(Youth, youth_id)
    if youth is None or youth.backup_code_hash is None:
        return None
    if not hmac.compare_digest(_proof(youth.backup_code_hash), proof):
        return None
    youth.backup_code_hash = None
    youth.secret_hash = passwords.hash_secret(new_secret, youth_accounts.pepper())
    youth_accounts.forget_failures(youth)
    sessions.revoke_all("youth", youth.id)
    # The youth's own action, shown in their "who has seen" list all the same: someone who
    # found the code would use it too.
    audit.append(audit.Actor("youth", youth.id), USED, youth.id)
    return youth


def _proof(stored_hash: str) -> str:
    """A keyed digest of the stored hash: kept in the browser's session between the two
    steps, it reveals nothing of the code and cannot be made without the server's key."""
    return keys().keyed_hash("backup-code-proof", stored_hash)
