"""Check-ins and share grants: what a youth answered, and what they chose to share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from youthvoice.extensions import db
from youthvoice.models.staff import new_id
from youthvoice.models.types import UTCDateTime, utc_now

DRAFT = "draft"
SUBMITTED = "submitted"


class CheckIn(db.Model):
    """Only ids, status and times are plain. Which instrument, the answers and the choices
    about sensitive sections are one ciphertext under the youth's data key."""

    __tablename__ = "check_ins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    youth_id: Mapped[str] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ShareGrant(db.Model):
    """A youth's decision to let named staff see something. What, with whom and until when
    are one ciphertext under the youth's data key; only that a grant exists, when it was
    made and when it was revoked are plain."""

    __tablename__ = "share_grants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    youth_id: Mapped[str] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
