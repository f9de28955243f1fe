"""Organisations and the programs they run. Neither holds anything about a youth."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthvoice.extensions import db
from youthvoice.models.types import UTCDateTime, utc_now

NAME_LENGTH = 200


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    # Demo data is marked so a demo can never be mistaken for a real deployment.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    programs: Mapped[list[Program]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Program.name"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id}>"


class Program(db.Model):
    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    organisation: Mapped[Organisation] = relationship(back_populates="programs")

    def __repr__(self) -> str:
        return f"<Program {self.id}>"
