"""SQLAlchemy models, one module per group of nouns. Imports nothing of the app above it."""

from .access_tokens import AccessToken
from .actions import ActionItem, ActionLink, ActionUpdate, HmicfrsReport
from .audit import AuditEvent
from .base import Base, db, utcnow
from .gaps import GAP_STATUSES, Gap, GapEntry
from .identities import AccessRequest, UserIdentity
from .mail import OutboxMessage
from .notes import NotesPart, NotesRecord, NotesVersion
from .offices import Office, office_of
from .pending import PendingInput
from .people import ORG_KINDS, ROLES, Organisation, SignInThrottle, User
from .questionnaires import Questionnaire, QuestionnaireVersion, VersionQuestion
from .responses import (
    RESPONSE_STATUSES,
    Addition,
    Answer,
    Response,
    ResponseRevision,
    ReviewComment,
)
from .rounds import ROUND_STATUSES, Attendee, Round
from .second_factors import RecoveryCode, SecondFactor
from .tokens import AccountToken, RequestThrottle
from .verdicts import Verdict

__all__ = [
    "AccessRequest", "AccessToken", "AccountToken", "ActionItem", "ActionLink",
    "ActionUpdate", "Addition", "Answer", "Attendee", "AuditEvent", "Base", "GAP_STATUSES",
    "Gap", "GapEntry", "HmicfrsReport", "NotesPart", "NotesRecord", "NotesVersion",
    "ORG_KINDS", "Office", "Organisation", "OutboxMessage", "PendingInput", "Questionnaire",
    "QuestionnaireVersion", "RESPONSE_STATUSES", "ROLES", "ROUND_STATUSES", "RecoveryCode",
    "RequestThrottle", "Response", "ResponseRevision", "ReviewComment", "Round",
    "SecondFactor", "SignInThrottle", "User",
    "UserIdentity", "Verdict", "VersionQuestion", "db", "office_of", "utcnow",
]
