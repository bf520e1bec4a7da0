"""Imports every area's models, so the metadata (and Alembic) sees the whole schema."""

from governors.actions.models import Action, ActionChase, ActionOwner, ActionUpdate
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.attendance.models import AttendanceRecord, Declaration
from governors.audit.models import AuditEntry
from governors.bodies.models import Body, JoinRequest, Membership, Seat, SeatDeputy
from governors.council.models import CouncilSettings
from governors.cover.models import Unavailability
from governors.documents.models import Document
from governors.interests.models import Interest, InterestCheck, InterestReturn
from governors.meetings.models import Meeting
from governors.minutes.models import (
    Minute,
    MinuteAmendment,
    MinuteDraft,
    MinuteRevision,
    MinutesRecord,
    MinutesResponse,
)
from governors.outbox.models import OutboxMessage, SentReminder
from governors.people.models import GovernorProfile, User, UserRole
from governors.questions.models import Question
from governors.requests.models import AgendaRequest, RequestEvent

__all__ = [
    "Action",
    "ActionChase",
    "ActionOwner",
    "ActionUpdate",
    "AgendaItem",
    "AgendaRequest",
    "AgendaVersion",
    "AttendanceRecord",
    "AuditEntry",
    "Body",
    "CouncilSettings",
    "Declaration",
    "Document",
    "GovernorProfile",
    "Interest",
    "InterestCheck",
    "InterestReturn",
    "JoinRequest",
    "Meeting",
    "Membership",
    "Minute",
    "MinuteAmendment",
    "MinuteDraft",
    "MinuteRevision",
    "MinutesRecord",
    "MinutesResponse",
    "OutboxMessage",
    "Question",
    "RequestEvent",
    "Seat",
    "SeatDeputy",
    "SentReminder",
    "Unavailability",
    "User",
    "UserRole",
]
