"""Assurance rounds: set-up and the moves planned -> open -> closed -> published.

A round is created ``planned`` with one draft ``Response`` per organisation
asked, each starting from that organisation's last round (``carry_forward``).
Each move is one conditional UPDATE on the round's current status, so a move
that does not apply (or lost a race with another admin) changes nothing and
says why; the database's check constraints back the timestamps of each state.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterable, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from models import (
    Attendee,
    Organisation,
    QuestionnaireVersion,
    Response,
    Round,
    User,
    db,
    utcnow,
)
from models.permissions import can
from models.status import CLOSED, DRAFT, OPEN, PLANNED, ROUND_MOVES, Move, round_long_label

from . import audit, mail_events
from .carry import carry_forward
from .database import transaction
from .notes_record import draft_record
from .offices import scope_id

TITLE_MAX = 200
TEXT_MAX = 200


class RoundError(ValueError):
    """A clear, user-facing reason a round change was refused."""


# ------------------------------------------------------------------- creating


def create_round(
    *, title: str, version: QuestionnaireVersion, meeting_date: date, venue: str = "",
    chair: str = "", note_taker: str = "", attendees: Sequence[tuple[str, str]] = (),
    deadline: date | None = None, purpose: str = "", organisations: Iterable[Organisation] = (),
    invented: bool = False, by: User | None = None, status: str = PLANNED,
) -> Round:
    """Create a round with one draft response per organisation (commits).

    ``attendees`` are (name, capacity) pairs; blank names are skipped.
    ``status`` may be given as "open" to create and open in one step (the demo
    and seed data use it); any other state is reached by the moves.
    """
    if by is not None and not can(by, "round.create"):
        raise RoundError("Only the OPCC's administrators can set up a round")
    orgs = _unique_orgs(organisations)
    _check_round(title, version, meeting_date, deadline, orgs, status)
    office_id = version.questionnaire.office_id
    if by is not None and by.office_id != office_id:
        raise RoundError("Choose a questionnaire version of your own office")
    if any(org.office_id != office_id for org in orgs):
        raise RoundError("Choose organisations of the questionnaire's own office")
    now = utcnow()
    round_ = Round(
        office_id=office_id, title=title.strip(), questionnaire_version_id=version.id,
        meeting_date=meeting_date,
        venue=_clean(venue), chair=_clean(chair), note_taker=_clean(note_taker),
        purpose=(purpose or "").strip(), deadline=deadline, status=status, invented=invented,
        created_by_id=by.id if by else None, opened_at=now if status == OPEN else None,
    )
    with transaction():
        db.session.add(round_)
        db.session.flush()
        _add_attendees(round_, attendees)
        for org in orgs:
            add_response(round_, org)
        audit.record("round.create", user=by, actor=None if by else "cli", obj=round_,
                     questionnaire=version.label, organisations=[o.id for o in orgs],
                     status=status, invented=invented)
    return round_


def _clean(text: str | None) -> str:
    return (text or "").strip()[:TEXT_MAX]


def _unique_orgs(organisations: Iterable[Organisation]) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for org in organisations:
        seen.setdefault(org.id, org)
    return list(seen.values())


def _check_round(title, version, meeting_date, deadline, orgs, status) -> None:
    if not (title or "").strip():
        raise RoundError("Enter a title for the round")
    if len(title.strip()) > TITLE_MAX:
        raise RoundError(f"The title must be {TITLE_MAX} characters or fewer")
    if version is None:
        raise RoundError("Choose the questionnaire version the round uses")
    if meeting_date is None:
        raise RoundError("Enter the meeting date")
    if deadline is not None and deadline > meeting_date:
        raise RoundError("The deadline for responses must be on or before the meeting date")
    if not orgs:
        raise RoundError("Choose at least one organisation to ask")
    if status not in (PLANNED, OPEN):
        raise RoundError("A new round is planned or open")


def _add_attendees(round_: Round, attendees: Sequence[tuple[str, str]]) -> None:
    position = 0
    for name, capacity in attendees:
        if not (name or "").strip():
            continue
        position += 1
        db.session.add(Attendee(round_id=round_.id, position=position, name=_clean(name),
                                capacity=_clean(capacity)))


def add_response(round_: Round, org: Organisation) -> Response:
    """A draft response of ``org`` to ``round_``, carried forward (no commit)."""
    response = Response(round_id=round_.id, organisation_id=org.id, status=DRAFT, revision=0,
                        questionnaire_version_id=round_.questionnaire_version_id)
    db.session.add(response)
    db.session.flush()
    carry_forward(response)
    return response


# ---------------------------------------------------------------------- moves


def move_round(round_: Round, move_name: str, by: User | None,
               then: Callable[[], None] | None = None) -> Round:
    """Apply one move (open, close, publish); RoundError when it does not apply.
    Closing drafts the round's notes record; ``then``, when given, runs in the same
    transaction once the move is made (publishing the notes freezes their version)."""
    move = ROUND_MOVES.get(move_name)
    if move is None:
        raise RoundError(f"Unknown change {move_name!r}: use one of {', '.join(ROUND_MOVES)}")
    if by is not None and not can(by, "round.move", round_):
        raise RoundError("Only the OPCC's administrators can move a round on")
    table = Round.__table__
    with transaction():
        done = db.session.execute(
            update(table).where(table.c.id == round_.id, table.c.status == move.source)
            .values(status=move.target, **{move.stamp: utcnow()})
        ).rowcount
        if not done:  # not in the move's source status (any more): say where it is
            db.session.refresh(round_)
            raise RoundError(refusal(round_, move))
        audit.record(f"round.{move.action}", user=by, actor=None if by else "cli", obj=round_,
                     status_before=move.source, status_after=move.target)
        if move.target == CLOSED:
            draft_record(round_)
        if then is not None:
            then()
        mail_events.on_round_move(round_, move.action)
    db.session.refresh(round_)
    return round_


def refusal(round_: Round, move: Move) -> str:
    state = round_long_label(round_.status).lower()
    return (f"“{round_.title}” cannot be {move.verb}: it is {state}. "
            f"Only a {move.source} round can be {move.verb}.")


def open_round(round_: Round, by: User | None) -> Round:
    return move_round(round_, "open", by)


def close_round(round_: Round, by: User | None) -> Round:
    """Open -> closed (the notes record is drafted in the same transaction)."""
    return move_round(round_, "close", by)


def publish_round(round_: Round, by: User | None,
                  then: Callable[[], None] | None = None) -> Round:
    """Closed -> published. Called by the notes workflow when the notes go out (``then``
    freezes their first version)."""
    return move_round(round_, "publish", by, then=then)


def moves_from(round_: Round) -> list[Move]:
    """The moves that apply to the round now (for buttons)."""
    return [m for m in ROUND_MOVES.values()
            if m.source == round_.status and m.action != "publish"]


# -------------------------------------------------------------------- reading


def get_round(round_id: int) -> Round | None:
    return db.session.get(Round, round_id)


def list_rounds(*, office_id: int | None = None) -> list[Round]:
    """The office's rounds (None: the only office's), latest meeting first."""
    return list(db.session.scalars(
        select(Round).where(Round.office_id == scope_id(office_id))
        .order_by(Round.meeting_date.desc(), Round.id.desc())
        .options(selectinload(Round.questionnaire_version)
                 .selectinload(QuestionnaireVersion.questionnaire))
    ))


def response_counts(round_: Round) -> dict[str, int]:
    rows = db.session.execute(
        select(Response.status, func.count(Response.id)).where(Response.round_id == round_.id)
        .group_by(Response.status)
    )
    return {status: count for status, count in rows}


def find_round(title: str, meeting_date: date, *, office_id: int | None = None) -> Round | None:
    return db.session.scalar(
        select(Round).where(Round.title == title, Round.meeting_date == meeting_date,
                            Round.office_id == scope_id(office_id)).limit(1)
    )


def organisations_to_ask(*, office_id: int | None = None) -> list[Organisation]:
    """The office's organisations a round can ask: every one except the OPCC itself."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.kind != "opcc",
                                   Organisation.office_id == scope_id(office_id))
        .order_by(Organisation.name)
    ))


def find_round_titled(title: str) -> Round | None:
    """The only office's invented round of this title (the demo's)."""
    return db.session.scalar(select(Round).where(
        Round.title == title, Round.invented, Round.office_id == scope_id(None)).limit(1))


# ----------------------------------------------------------------------- demo

DEMO_TITLE = "Child sexual exploitation assurance (demo round)"
DEMO_ORG = "WMP"


def demo_open_round(report) -> None:
    """Demo step: an open round of the CSE questionnaire for West Mercia Police (idempotent).

    It is set up planned, then opened by the move, as an admin would: the respondents'
    "round opened" message is queued (the Outbox shows it). Run again, the round is
    found and nothing is opened or queued twice."""
    from datetime import timedelta

    from .accounts import find_org
    from .questionnaires import get_questionnaire

    if find_round_titled(DEMO_TITLE):
        return
    org, questionnaire = find_org(DEMO_ORG), get_questionnaire("cse-assurance")
    if org is None or questionnaire is None or not questionnaire.versions:
        report.lines.append("Skipped the demo round: West Mercia Police or the CSE "
                            "questionnaire is missing")
        return
    today = date.today()
    round_ = create_round(
        title=DEMO_TITLE, version=questionnaire.versions[-1],
        meeting_date=today + timedelta(days=42),
        venue="Conference Room, Shrewsbury Police Station", chair="John Campion (demo)",
        note_taker="Jackie Irvin (demo)", deadline=today + timedelta(days=28),
        attendees=[("John Campion (demo)", "Police and Crime Commissioner (PCC)"),
                   ("Jason Wells (demo)", "Detective Superintendent Protective Services")],
        purpose="A demonstration round: answer the questions as the force's lead would.",
        organisations=[org], invented=True,
    )
    open_round(round_, None)
    report.lines.append(f"Added an open demo round for {org.name}: {DEMO_TITLE} (its "
                        "respondents' email is on the Outbox page)")
