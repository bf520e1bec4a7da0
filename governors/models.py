"""Imports every area's models, so the metadata (and Alembic) sees the whole schema."""

from governors.actions.models import Action, ActionChase, ActionOwner, ActionUpdate
from governors.agendas.models import AgendaItem, AgendaVersion
from governors.attendance.models import AttendanceRecord, Declaration
from governors.audit.models import AuditEntry
from governors.bodies.models import Body, JoinRequest, Membership, Seat, SeatDeputy
from governors.buddying.models import BuddyNote, BuddyPair, BuddyRequest
from governors.council.models import CouncilSettings
from governors.cover.models import CoverNeed, CoverOffer, Unavailability
from governors.documents.models import Document, HeldUpload
from governors.glossary.models import GlossaryTerm
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
from governors.papers.models import BoardPack, CoverSheet
from governors.people.models import GovernorProfile, User, UserRole
from governors.questions.models import Question
from governors.requests.models import AgendaRequest, RequestEvent
from governors.risks.models import Risk, RiskScoreChange

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
    "BoardPack",
    "Body",
    "BuddyNote",
    "BuddyPair",
    "BuddyRequest",
    "CouncilSettings",
    "CoverNeed",
    "CoverOffer",
    "CoverSheet",
    "Declaration",
    "Document",
    "GlossaryTerm",
    "GovernorProfile",
    "HeldUpload",
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
    "Risk",
    "RiskScoreChange",
    "Seat",
    "SeatDeputy",
    "SentReminder",
    "Unavailability",
    "User",
    "UserRole",
]
