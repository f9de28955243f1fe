"""Staff accounts and their program memberships. Email and name are stored encrypted."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthvoice.extensions import db
from youthvoice.models.organisation import Organisation, Program
from youthvoice.models.types import UTCDateTime, utc_now

ROLES = ("advocate", "program_staff", "admin")


def new_id() -> str:
    """Random ids: they appear in URLs and logs, so they must say nothing and be unguessable."""
    return secrets.token_hex(16)


class StaffUser(db.Model):
    __tablename__ = "staff_users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    # Keyed hash of the normalised email: look-up without storing the address readably.
    email_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted under the system key
    display_name: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted under the system key
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted under the system key
    totp_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last time step accepted: a code from that step or earlier is never accepted again.
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    organisation: Mapped[Organisation] = relationship()
    programs: Mapped[list[Program]] = relationship(secondary="program_memberships")

    def __repr__(self) -> str:
        return f"<StaffUser {self.id} {self.role}>"


class ProgramMembership(db.Model):
    __tablename__ = "program_memberships"

    staff_id: Mapped[str] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
