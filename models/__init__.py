"""SQLAlchemy models, one module per group of nouns. Imports nothing of the app above it."""

from .audit import AuditEvent
from .base import Base, db, utcnow
from .gaps import GAP_STATUSES, Gap, GapEntry
from .identities import AccessRequest, UserIdentity
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

__all__ = [
    "AccessRequest", "UserIdentity", "RecoveryCode", "SecondFactor",
    "Addition", "Answer", "Attendee", "AuditEvent", "Base", "GAP_STATUSES", "Gap", "GapEntry",
    "ORG_KINDS", "Office", "Organisation", "PendingInput", "Questionnaire", "QuestionnaireVersion",
    "RESPONSE_STATUSES",
    "ROLES", "ROUND_STATUSES", "Response", "ResponseRevision", "ReviewComment", "Round",
    "SignInThrottle", "User", "VersionQuestion", "db", "office_of", "utcnow",
]
