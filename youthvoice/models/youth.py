"""Youth accounts, care teams, invites and recovery requests. No email, no phone, no label."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from youthvoice.extensions import db
from youthvoice.models.staff import new_id
from youthvoice.models.types import UTCDateTime, utc_now

# The looks a youth may pick in Settings (a closed list, checked on save; not personal data).
THEMES = ("calm", "bright", "night", "high_contrast", "plain")
DEFAULT_THEME = "calm"
PLAIN_THEME = "plain"  # discreet: no colour accents, no pictures


class Youth(db.Model):
    __tablename__ = "youth"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"), index=True)
    preferred_name: Mapped[bytes | None] = mapped_column(LargeBinary)  # under the youth's key
    # Set when the invite is redeemed; only a keyed hash, so a copy cannot list names.
    sign_in_name_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str | None] = mapped_column(String(200))  # Argon2id of PIN + pepper
    # The youth's own way back after a forgotten PIN, no staff involved: Argon2id of the
    # backup code + pepper; None when they have none (it is optional, and spent when used).
    backup_code_hash: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))
    discreet_mode: Mapped[bool] = mapped_column(Boolean, default=True)
    theme: Mapped[str] = mapped_column(
        String(16), default=DEFAULT_THEME, server_default=DEFAULT_THEME
    )
    statistics_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    statistics_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assent_version: Mapped[str | None] = mapped_column(String(16))
    program_consent_on: Mapped[datetime] = mapped_column(UTCDateTime)
    program_consent_by: Mapped[str] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # The youth asked for their account to be deleted then, unless they cancel before.
    deletion_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Wrong PIN tries (audited) after this moment are shown on the youth's home page.
    wrong_tries_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CareTeamMember(db.Model):
    __tablename__ = "care_team_members"

    youth_id: Mapped[str] = mapped_column(
        ForeignKey("youth.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[str] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Invite(db.Model):
    """A one-time code for a youth's first sign-in (or, with purpose "recovery", a new PIN)."""

    __tablename__ = "invites"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    youth_id: Mapped[str] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16), default="first-sign-in")
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)


class RecoveryRequest(db.Model):
    """A forgotten PIN: asked for by an advocate, approved by an admin, then a one-time code."""

    __tablename__ = "recovery_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    youth_id: Mapped[str] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[str] = mapped_column(ForeignKey("staff_users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approval_skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    invite_id: Mapped[str | None] = mapped_column(ForeignKey("invites.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_sign_ins_before: Mapped[int] = mapped_column(Integer, default=0)
    shown_to_youth_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The session the reset code started (SHA-256 of its token, as in auth_sessions): the
    # notice cannot be dismissed from it, since whoever used the code may not be the youth.
    reset_session_hash: Mapped[str | None] = mapped_column(String(64))
    # The advocate asked again after the code was shown: this request and its code are dead.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
