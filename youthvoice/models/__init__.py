"""SQLAlchemy models, one module per aggregate; importing this registers them all."""

from youthvoice.models.audit import AuditChainHead, AuditEvent
from youthvoice.models.keys import DataKey, DeletionRecord, WrappedSecret
from youthvoice.models.organisation import Organisation, Program

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "DataKey",
    "DeletionRecord",
    "Organisation",
    "Program",
    "WrappedSecret",
]
