"""The entity sets of the feed, each one SQL select scoped to its reader.

What a reader sees is what they see on screen: everything of their office for the OPCC
(admins and the PCC), but answers only of responses submitted at least once; a
respondent only their own organisation, in rounds that have opened, with their own
drafts' answers too.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, select

from models import (
    Answer,
    Gap,
    GapEntry,
    Organisation,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
    VersionQuestion,
)
from models.offices import in_office
from models.status import PLANNED

from .computed import finish_answers, finish_ratings
from .model import EntitySet, Prop, Scope

INT, S, D, T, N, B = ("Edm.Int32", "Edm.String", "Edm.Date", "Edm.DateTimeOffset",
                    "Edm.Double", "Edm.Boolean")


def _p(name: str, edm: str, nullable: bool = True, description: str = "") -> Prop:
    return Prop(name, edm, nullable, description)


def _c(name: str, edm: str, description: str) -> Prop:
    return Prop(name, edm, True, description, computed=True)


def _asked(scope: Scope):
    """Rounds the reader may see: the office's, or (a respondent) those that asked their
    organisation and have opened."""
    condition = in_office(Round, scope.office_id)
    if scope.organisation_id is not None:
        condition = and_(condition, Round.status != PLANNED, Round.id.in_(
            select(Response.round_id).where(Response.organisation_id == scope.organisation_id)))
    return condition


def _own_responses(scope: Scope):
    condition = _asked(scope)
    if scope.organisation_id is not None:
        condition = and_(condition, Response.organisation_id == scope.organisation_id)
    return condition


def _organisations(scope: Scope) -> Select:
    q = select(Organisation.id.label("Id"), Organisation.name.label("Name"),
               Organisation.code.label("Code"), Organisation.kind.label("Kind")
               ).where(in_office(Organisation, scope.office_id))
    if scope.organisation_id is not None:
        q = q.where(Organisation.id == scope.organisation_id)
    return q


def _versions(scope: Scope) -> Select:
    q = (select(QuestionnaireVersion.id.label("Id"), Questionnaire.key.label("Key"),
                QuestionnaireVersion.version.label("Version"),
                QuestionnaireVersion.title.label("Title"),
                QuestionnaireVersion.question_count.label("QuestionCount"),
                QuestionnaireVersion.loaded_at.label("LoadedAt"))
         .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
         .where(in_office(Questionnaire, scope.office_id)))
    if scope.organisation_id is not None:
        q = q.where(QuestionnaireVersion.id.in_(
            select(Round.questionnaire_version_id).where(_asked(scope))))
    return q


def _questions(scope: Scope) -> Select:
    versions = _versions(scope).subquery()
    return (select(VersionQuestion.id.label("Id"), VersionQuestion.version_id.label("VersionId"),
                   versions.c.Key.label("QuestionnaireKey"), versions.c.Version.label("Version"),
                   VersionQuestion.question_id.label("QuestionId"),
                   VersionQuestion.position.label("Position"),
                   VersionQuestion.section_id.label("SectionId"),
                   VersionQuestion.type.label("Type"), VersionQuestion.wording.label("Wording"))
            .join(versions, VersionQuestion.version_id == versions.c.Id))


def _rounds(scope: Scope) -> Select:
    return (select(Round.id.label("Id"), Round.title.label("Title"),
                   Round.meeting_date.label("MeetingDate"), Round.deadline.label("Deadline"),
                   Round.status.label("Status"), Questionnaire.key.label("QuestionnaireKey"),
                   QuestionnaireVersion.version.label("QuestionnaireVersion"),
                   Round.invented.label("Invented"))
            .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.id)
            .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
            .where(_asked(scope)))


def _responses(scope: Scope) -> Select:
    return (select(Response.id.label("Id"), Response.round_id.label("RoundId"),
                   Round.meeting_date.label("MeetingDate"),
                   Response.organisation_id.label("OrganisationId"),
                   Organisation.code.label("OrganisationCode"),
                   Organisation.name.label("OrganisationName"), Response.status.label("Status"),
                   Response.questionnaire_version_id.label("QuestionnaireVersionId"),
                   Response.submitted_at.label("SubmittedAt"),
                   Response.accepted_at.label("AcceptedAt"))
            .join(Round, Response.round_id == Round.id)
            .join(Organisation, Response.organisation_id == Organisation.id)
            .where(_own_responses(scope)))


def _answer_rows(scope: Scope, *columns) -> Select:
    q = (select(*columns)
         .join(Response, Answer.response_id == Response.id)
         .join(Round, Response.round_id == Round.id)
         .join(Organisation, Response.organisation_id == Organisation.id)
         .join(QuestionnaireVersion, Response.questionnaire_version_id == QuestionnaireVersion.id)
         .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
         .where(_own_responses(scope)))
    if not scope.sees_unsubmitted:
        q = q.where(Response.submitted_at.is_not(None))
    return q


def _answers(scope: Scope) -> Select:
    return _answer_rows(
        scope, Answer.id.label("Id"), Answer.response_id.label("ResponseId"),
        Response.round_id.label("RoundId"), Round.meeting_date.label("MeetingDate"),
        Response.organisation_id.label("OrganisationId"),
        Organisation.code.label("OrganisationCode"), Questionnaire.key.label("QuestionnaireKey"),
        Response.questionnaire_version_id.label("QuestionnaireVersionId"),
        Answer.question_id.label("QuestionId"), Answer.rating.label("Rating"),
        Answer.value.label("_value"), Answer.explanation.label("Explanation"),
        Answer.from_last_round.label("FromLastRound"))


def _ratings(scope: Scope) -> Select:
    return _answer_rows(
        scope, Answer.id.label("Id"), Response.round_id.label("RoundId"),
        Round.title.label("RoundTitle"), Round.meeting_date.label("MeetingDate"),
        Response.organisation_id.label("OrganisationId"),
        Organisation.code.label("OrganisationCode"), Organisation.name.label("OrganisationName"),
        Questionnaire.id.label("_questionnaire"), Questionnaire.key.label("QuestionnaireKey"),
        QuestionnaireVersion.version.label("QuestionnaireVersion"),
        Response.questionnaire_version_id.label("QuestionnaireVersionId"),
        Answer.question_id.label("QuestionId"), Answer.rating.label("Rating"),
    ).where(Answer.rating.is_not(None), Response.submitted_at.is_not(None))


def _gaps(scope: Scope) -> Select:
    q = (select(Gap.id.label("Id"), Gap.organisation_id.label("OrganisationId"),
                Organisation.code.label("OrganisationCode"),
                Gap.questionnaire_key.label("QuestionnaireKey"),
                Gap.question_id.label("QuestionId"), Gap.title.label("Title"),
                Gap.area.label("Area"), Gap.owner.label("Owner"),
                Gap.target_date.label("TargetDate"), Gap.status.label("Status"),
                Gap.first_round_id.label("FirstRoundId"),
                Gap.closed_round_id.label("ClosedRoundId"), Gap.created_at.label("CreatedAt"))
         .join(Organisation, Gap.organisation_id == Organisation.id)
         .where(in_office(Gap, scope.office_id)))
    if scope.organisation_id is not None:
        q = q.where(Gap.organisation_id == scope.organisation_id)
    return q


def _gap_entries(scope: Scope) -> Select:
    q = (select(GapEntry.id.label("Id"), GapEntry.gap_id.label("GapId"),
                GapEntry.response_id.label("ResponseId"), Response.round_id.label("RoundId"),
                Round.meeting_date.label("MeetingDate"),
                Response.organisation_id.label("OrganisationId"),
                GapEntry.question_id.label("QuestionId"), GapEntry.status.label("Status"),
                GapEntry.carried.label("Carried"), GapEntry.updated_at.label("UpdatedAt"))
         .join(Response, GapEntry.response_id == Response.id)
         .join(Round, Response.round_id == Round.id)
         .where(_own_responses(scope)))
    if not scope.sees_unsubmitted:
        q = q.where(Response.submitted_at.is_not(None))
    return q


ENTITY_SETS: tuple[EntitySet, ...] = (
    EntitySet("Organisations", "Organisation", "Id", (
        _p("Id", INT, False), _p("Name", S, False), _p("Code", S), _p("Kind", S, False),
    ), _organisations, description="The forces, OPCCs and other organisations asked."),
    EntitySet("Questionnaires", "QuestionnaireVersion", "Id", (
        _p("Id", INT, False), _p("Key", S, False), _p("Version", INT, False), _p("Title", S, False),
        _p("QuestionCount", INT, False), _p("LoadedAt", T, False),
    ), _versions, description="Every stored version of every questionnaire."),
    EntitySet("Questions", "Question", "Id", (
        _p("Id", INT, False), _p("VersionId", INT, False), _p("QuestionnaireKey", S, False),
        _p("Version", INT, False), _p("QuestionId", S, False), _p("Position", INT, False),
        _p("SectionId", S, False), _p("Type", S, False), _p("Wording", S, False),
    ), _questions, description="The questions of each questionnaire version."),
    EntitySet("Rounds", "Round", "Id", (
        _p("Id", INT, False), _p("Title", S, False), _p("MeetingDate", D, False),
        _p("Deadline", D), _p("Status", S, False), _p("QuestionnaireKey", S, False),
        _p("QuestionnaireVersion", INT, False), _p("Invented", B, False),
    ), _rounds, description="Assurance meetings (rounds)."),
    EntitySet("Responses", "Response", "Id", (
        _p("Id", INT, False), _p("RoundId", INT, False), _p("MeetingDate", D, False),
        _p("OrganisationId", INT, False), _p("OrganisationCode", S),
        _p("OrganisationName", S, False), _p("Status", S, False),
        _p("QuestionnaireVersionId", INT, False), _p("SubmittedAt", T), _p("AcceptedAt", T),
    ), _responses, description="One organisation's response to one round."),
    EntitySet("Answers", "Answer", "Id", (
        _p("Id", INT, False), _p("ResponseId", INT, False), _p("RoundId", INT, False),
        _p("MeetingDate", D, False), _p("OrganisationId", INT, False), _p("OrganisationCode", S),
        _p("QuestionnaireKey", S, False), _p("QuestionnaireVersionId", INT, False),
        _p("QuestionId", S, False), _p("Rating", INT),
        _c("Value", S, "the answer as a person reads it (a "
           "choice's label; several choices separated by commas)"),
        _c("Number", N, "a number question's answer"),
        _c("RatingLabel", S, "the rating's label on its scale"),
        _c("Rag", S, "red, amber or green, where the scale says"),
        _p("Explanation", S), _p("FromLastRound", B, False),
    ), _answers, finish_answers, "One row per answer."),
    EntitySet("Gaps", "Gap", "Id", (
        _p("Id", INT, False), _p("OrganisationId", INT, False), _p("OrganisationCode", S),
        _p("QuestionnaireKey", S, False), _p("QuestionId", S, False), _p("Title", S, False),
        _p("Area", S), _p("Owner", S), _p("TargetDate", D), _p("Status", S, False),
        _p("FirstRoundId", INT, False), _p("ClosedRoundId", INT), _p("CreatedAt", T, False),
    ), _gaps, description="Identified gaps, each followed from round to round."),
    EntitySet("GapEntries", "GapEntry", "Id", (
        _p("Id", INT, False), _p("GapId", INT, False), _p("ResponseId", INT, False),
        _p("RoundId", INT, False), _p("MeetingDate", D, False), _p("OrganisationId", INT, False),
        _p("QuestionId", S, False), _p("Status", S, False), _p("Carried", B, False),
        _p("UpdatedAt", T, False),
    ), _gap_entries, description="A gap as reported in one response."),
    EntitySet("RatingsOverTime", "Rating", "Id", (
        _p("Id", INT, False), _p("RoundId", INT, False), _p("RoundTitle", S, False),
        _p("MeetingDate", D, False), _p("OrganisationId", INT, False), _p("OrganisationCode", S),
        _p("OrganisationName", S, False), _p("QuestionnaireKey", S, False),
        _p("QuestionnaireVersion", INT, False), _p("QuestionnaireVersionId", INT, False),
        _p("QuestionId", S, False),
        _c("TrendQuestionId", S, "the question this one continues, "
           "following replaces (the id of the newest)"),
        _p("Rating", INT, False),
        _c("RatingLabel", S, "the rating's label on its scale"),
        _c("Rag", S, "red, amber or green, where the scale says"),
    ), _ratings, finish_ratings, "Each submitted rating, by meeting: the trends rows."),
)


def entity_set(name: str) -> EntitySet | None:
    for s in ENTITY_SETS:
        if s.name == name:
            return s
    return None
