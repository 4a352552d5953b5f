"""Recording the OPCC's assurance verdicts and the PCC's sign-off (every write audited).

The levels, sources, states and moves are in ``models/verdict_terms.py``. A verdict is
recorded after the meeting (the round closed or published) on a response its
organisation submitted; a version awaiting sign-off may be changed in place; a
signed-off one is locked, and recording again adds a new version. The PCC signs off the
verdicts they read: each is named with its edit count, and one changed since is left
for them to read again. Both writes are conditional UPDATEs, so a sign-off and a change
made at the same moment cannot both succeed on the same version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from forms.format.dates import long_date
from models import Response, User, Verdict, db, utcnow
from models.permissions import can
from models.text import normalise_text
from models.verdict_terms import (
    LEVELS,
    RECORDED,
    RESPONSE_STATES_JUDGED,
    ROUND_STATES_JUDGED,
    SIGNED_OFF,
    problems_with,
    verdict_move,
)

from . import audit
from .database import transaction

_CHANGED_MEANWHILE = ("This verdict was changed or signed off while you were editing it. "
                      "Your text is below: check the verdict as it stands now and save again.")


class VerdictError(ValueError):
    """A clear, user-facing reason a verdict could not be recorded or signed off."""


@dataclass(frozen=True)
class VerdictInput:
    level: str | None
    rationale: str | None
    source: str | None
    reference: str | None = ""


def refusal(response: Response, user: User | None, permission: str = "verdict.record"
            ) -> str | None:
    """Why ``user`` may not record (or sign off) verdicts on ``response`` now; None: they may."""
    if user is not None and not can(user, permission, response):
        return ("Only the OPCC's admins record verdicts." if permission == "verdict.record"
                else "Only the PCC signs verdicts off.")
    if response.round.status not in ROUND_STATES_JUDGED:
        return ("Verdicts are recorded after the meeting: close the round first "
                f"(the meeting is on {_meeting(response)}).")
    if response.status not in RESPONSE_STATES_JUDGED:
        return (f"{response.organisation.name} has not submitted this response, so there is "
                "nothing to give a verdict on.")
    return None


def _meeting(response: Response) -> str:
    return long_date(response.round.meeting_date)


def check_input(data: VerdictInput) -> dict[str, str]:
    """{field: message} for each problem with what was entered (empty: it is fine)."""
    return problems_with(data.level, normalise_text(data.rationale or ""), data.source,
                         data.reference)


def _subject_ok(response: Response, section_id: str, question_id: str) -> bool:
    definition = response.questionnaire_version.definition
    section = definition.section(section_id)
    if section is None:
        return False
    return not question_id or any(q.id == question_id for q in section.questions)


def current(response: Response, section_id: str, question_id: str = "") -> Verdict | None:
    """The newest version of the verdict on this subject (None: none recorded)."""
    return db.session.scalar(
        select(Verdict).where(Verdict.response_id == response.id,
                              Verdict.section_id == section_id,
                              Verdict.question_id == question_id)
        .order_by(Verdict.version.desc()).limit(1))


def record_verdict(response: Response, section_id: str, data: VerdictInput, *,
                   user: User | None, question_id: str = "",
                   edits: int | None = None) -> Verdict:
    """Record the verdict on a section (or one question) of ``response`` (commits).

    No verdict yet: version 1. The current version awaiting sign-off: changed in place
    (``edits``, when given, is the edit count the admin's page showed, -1 when it showed
    no verdict: a change made meanwhile is not overwritten). Signed off: a new version,
    awaiting sign-off.
    """
    why = refusal(response, user)
    if why:
        raise VerdictError(why)
    if not _subject_ok(response, section_id, question_id):
        raise VerdictError("There is no such section or question in this response.")
    problems = check_input(data)
    if problems:
        raise VerdictError(next(iter(problems.values())))
    values = dict(level=data.level, rationale=normalise_text(data.rationale).strip(),
                  source=data.source, reference=(data.reference or "").strip())
    try:
        return _record(response, section_id, question_id, values, user, edits)
    except IntegrityError:  # another admin added the same version at the same moment
        raise VerdictError(_CHANGED_MEANWHILE) from None


def _record(response: Response, section_id: str, question_id: str, values: dict,
            user: User | None, edits: int | None) -> Verdict:
    with transaction():
        found = current(response, section_id, question_id)
        move = verdict_move(found.status if found else None, RECORDED)
        if move.new_version:
            verdict = Verdict(response_id=response.id, section_id=section_id,
                              question_id=question_id, status=RECORDED, edits=0,
                              version=(found.version + 1) if found else 1,
                              recorded_by_id=user.id if user else None, **values)
            db.session.add(verdict)
            db.session.flush()
        else:
            verdict = _change(found, values, user, edits)
        audit.record(f"verdict.{move.action}", user=user, obj=verdict,
                     organisation_id=response.organisation_id, round_id=response.round_id,
                     response_id=response.id, section=section_id,
                     question=question_id or None, version=verdict.version,
                     level=LEVELS[verdict.level].label)
    return verdict


def _change(found: Verdict, values: dict, user: User | None, edits: int | None) -> Verdict:
    stmt = update(Verdict).where(Verdict.id == found.id, Verdict.status == RECORDED)
    if edits is not None:
        stmt = stmt.where(Verdict.edits == edits)
    done = db.session.execute(stmt.values(
        edits=Verdict.edits + 1, recorded_at=utcnow(),
        recorded_by_id=user.id if user else None, **values))
    if done.rowcount != 1:
        raise VerdictError(_CHANGED_MEANWHILE)
    db.session.refresh(found)
    return found


def awaiting_sign_off(response: Response) -> list[Verdict]:
    """The current versions of the response's verdicts that await the PCC's sign-off."""
    return [v for v in current_verdicts(response).values() if v.status == RECORDED]


def current_verdicts(response: Response) -> dict[tuple[str, str], Verdict]:
    """{(section id, question id or ""): newest version} of the response's verdicts."""
    newest = (select(Verdict.section_id, Verdict.question_id,
                     func.max(Verdict.version).label("version"))
              .where(Verdict.response_id == response.id)
              .group_by(Verdict.section_id, Verdict.question_id).subquery())
    rows = db.session.scalars(
        select(Verdict).join(newest, (Verdict.section_id == newest.c.section_id)
                             & (Verdict.question_id == newest.c.question_id)
                             & (Verdict.version == newest.c.version))
        .where(Verdict.response_id == response.id).order_by(Verdict.id))
    return {v.subject: v for v in rows}


def sign_off(response: Response, seen: Iterable[tuple[int, int]], *, user: User | None
             ) -> tuple[int, int]:
    """Sign off the verdicts the PCC read, named as (verdict id, edit count) (commits).

    Returns (signed off, left): a verdict changed, replaced or signed off since the page
    was read is left as it is."""
    why = refusal(response, user, "verdict.sign_off")
    if why:
        raise VerdictError(why)
    waiting = {v.id: v for v in awaiting_sign_off(response)}
    wanted = [(i, e) for i, e in seen if i in waiting]
    if not waiting:
        raise VerdictError("There are no verdicts on this response awaiting sign-off.")
    signed = 0
    with transaction():
        now = utcnow()
        for verdict_id, edits in wanted:
            done = db.session.execute(
                update(Verdict).where(Verdict.id == verdict_id, Verdict.edits == edits,
                                      Verdict.status == RECORDED)
                .values(status=SIGNED_OFF, signed_off_at=now,
                        signed_off_by_id=user.id if user else None))
            signed += done.rowcount
        if signed:
            audit.record("verdict.sign_off", user=user, obj=response,
                         organisation_id=response.organisation_id, round_id=response.round_id,
                         verdicts=signed)
    for verdict in waiting.values():
        db.session.refresh(verdict)
    return signed, len(waiting) - signed


def history(response: Response, section_id: str, question_id: str = "") -> list[Verdict]:
    """Every version of the verdict on this subject, newest first."""
    return list(db.session.scalars(
        select(Verdict).where(Verdict.response_id == response.id,
                              Verdict.section_id == section_id,
                              Verdict.question_id == question_id)
        .order_by(Verdict.version.desc())))
