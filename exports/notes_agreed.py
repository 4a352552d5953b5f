"""What the meeting notes carry beyond the responses (reads only): the actions agreed
at the meeting, and the OPCC's verdicts on each section.

- Actions agreed: the register's items of source "action agreed at a meeting" linked
  to the round, whatever their status since, in the order they were entered; each
  printed as its title, the organisation that owns it and its due date.
- Verdicts (where the round's notes settings show them): for each response in the
  notes and each section of the round's questionnaire, the OPCC's latest signed-off
  verdict on the whole section ("The OPCC is partly assured: <rationale>"). A verdict
  still awaiting the PCC's sign-off is not printed.
"""

from __future__ import annotations

from sqlalchemy import select

from models import ActionItem, ActionLink, Organisation, Response, Round, Verdict, db
from models.action_status import MEETING
from models.verdict_terms import LEVELS, SIGNED_OFF

from .notes import IN_NOTES, AgreedAction, VerdictLine


def agreed_actions(round_: Round) -> tuple[AgreedAction, ...]:
    """One query: the actions agreed at the round's meeting."""
    linked = select(ActionLink.item_id).where(ActionLink.kind == "round",
                                              ActionLink.round_id == round_.id)
    rows = db.session.execute(
        select(ActionItem.title, Organisation.name, ActionItem.due_date)
        .join(Organisation, ActionItem.organisation_id == Organisation.id)
        .where(ActionItem.office_id == round_.office_id, ActionItem.source == MEETING,
               ActionItem.id.in_(linked))
        .order_by(ActionItem.id)).all()
    return tuple(AgreedAction(title, org, due) for title, org, due in rows)


def section_verdicts(round_: Round) -> tuple[VerdictLine, ...]:
    """One query: the signed-off verdicts on the sections of the responses in the
    notes, by organisation (in the notes' order) and section (in the questionnaire's)."""
    rows = db.session.execute(
        select(Verdict, Organisation.name)
        .join(Response, Verdict.response_id == Response.id)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(Response.round_id == round_.id, Response.status.in_(IN_NOTES),
               Verdict.question_id == "", Verdict.status == SIGNED_OFF)
        .order_by(Response.id, Verdict.version)).all()
    latest: dict[tuple[int, str], tuple[Verdict, str]] = {}
    for verdict, org in rows:
        latest[(verdict.response_id, verdict.section_id)] = (verdict, org)
    sections = round_.questionnaire_version.definition.sections
    out = []
    for response_id in dict.fromkeys(r for r, _ in latest):
        for section in sections:
            found = latest.get((response_id, section.id))
            if found is not None and found[0].level in LEVELS:
                verdict, org = found
                out.append(VerdictLine(section.title, org, LEVELS[verdict.level].phrase,
                                       verdict.rationale.strip()))
    return tuple(out)
