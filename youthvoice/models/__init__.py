"""SQLAlchemy models, one module per aggregate; importing this registers them all."""

from youthvoice.models.audit import AuditChainHead, AuditEvent
from youthvoice.models.checkin import CheckIn, ShareGrant
from youthvoice.models.keys import DataKey, DeletionRecord, WrappedSecret
from youthvoice.models.organisation import Organisation, Program
from youthvoice.models.session import AuthSession, ThrottleState
from youthvoice.models.staff import ProgramMembership, StaffUser
from youthvoice.models.youth import CareTeamMember, Invite, RecoveryRequest, Youth

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "AuthSession",
    "CareTeamMember",
    "CheckIn",
    "DataKey",
    "DeletionRecord",
    "Invite",
    "Organisation",
    "Program",
    "ProgramMembership",
    "RecoveryRequest",
    "ShareGrant",
    "StaffUser",
    "ThrottleState",
    "WrappedSecret",
    "Youth",
]
