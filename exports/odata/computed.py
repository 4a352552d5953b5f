"""Properties worked out after a page's query: answer text, rating labels, RAG and
trend question ids. Each page costs one more query (the versions it names), whatever
its size."""

from __future__ import annotations

from sqlalchemy import select

from exports.lineage import Lineage
from models import QuestionnaireVersion, db


def _definitions(version_ids) -> dict:
    ids = sorted({v for v in version_ids if v is not None})
    if not ids:
        return {}
    rows = db.session.scalars(select(QuestionnaireVersion).where(
        QuestionnaireVersion.id.in_(ids)))
    return {v.id: v.definition for v in rows}


def _text(value) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _point(definitions, row):
    definition = definitions.get(row["QuestionnaireVersionId"])
    question = definition.question(row["QuestionId"]) if definition else None
    if question is None or row.get("Rating") is None:
        return question, None
    return question, question.point(row["Rating"])


def finish_answers(rows: list[dict]) -> None:
    definitions = _definitions(r["QuestionnaireVersionId"] for r in rows)
    for row in rows:
        value = row.pop("_value", None)
        question, point = _point(definitions, row)
        row["Value"] = (question.label_for(value) or None) if question else _text(value)
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        row["Number"] = float(value) if is_number and row["Rating"] is None else None
        row["RatingLabel"] = point.label if point else None
        row["Rag"] = point.rag if point else None


def finish_ratings(rows: list[dict]) -> None:
    questionnaires = sorted({r["_questionnaire"] for r in rows})
    versions = list(db.session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id.in_(
            questionnaires)).order_by(QuestionnaireVersion.version))) if rows else []
    definitions = {v.id: v.definition for v in versions}
    lineages = {q: Lineage([v.definition for v in versions if v.questionnaire_id == q])
                for q in questionnaires}
    for row in rows:
        lineage = lineages[row.pop("_questionnaire")]
        row["TrendQuestionId"] = lineage.key(row["QuestionId"])
        _, point = _point(definitions, row)
        row["RatingLabel"] = point.label if point else None
        row["Rag"] = point.rag if point else None
