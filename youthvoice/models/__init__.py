"""SQLAlchemy models, one module per aggregate; importing this registers them all."""

from youthvoice.models.organisation import Organisation, Program

__all__ = ["Organisation", "Program"]
