"""Plain ``create_*`` helpers for tests: keyword-only arguments with sensible defaults,
each creating one thing, committing it and returning it.

Organisations, users and questionnaire versions go through the real workflows. Rounds
and responses are written to the models directly, so that a test can set up any state
(a round already closed, a response already accepted) without walking every step; a
round may also be set up through ``workflows.rounds`` as an admin does
(``through_workflows=True``). Helpers that change what exists rather than create it
(``set_answers``, ``submit``, ``fresh`` ...) are in ``tests.actions``.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any, Iterable

from sqlalchemy import select

from models import (
    ActionItem,
    ActionLink,
    ActionUpdate,
    Addition,
    Gap,
    GapEntry,
    HmicfrsReport,
    Office,
    Organisation,
    QuestionnaireVersion,
    Response,
    ResponseRevision,
    Round,
    User,
    db,
    utcnow,
)
from tests.samples import respond_yaml, small_yaml
from workflows import accounts, offices

PASSWORD = "correct horse battery staple"
SAMPLES = {"small": small_yaml, "respond": respond_yaml}
_counter = itertools.count(1)


TEST_OFFICE = ("Test Office of the PCC", "TEST")


def create_office(*, name: str | None = None, code: str | None = None) -> Office:
    """An office (and its own OPCC organisation). Without a name or code it is the office
    every other helper uses by default: the service's only office when it has one (made,
    say, by a workflow or the demo), else the test office, made once."""
    if name is None and code is None:
        found = offices.find_office(TEST_OFFICE[1])
        if found is None and offices.is_single_office():
            found = db.session.scalar(select(Office))
        if found is not None:
            return found
        # As a service that had one OPCC before offices came: no organisation of its own.
        office = Office(name=TEST_OFFICE[0], code=TEST_OFFICE[1])
        db.session.add(office)
        db.session.commit()
        return office
    n = next(_counter)
    return offices.create_office(name=name or f"Test Office {n}", code=code or f"OFF{n}")


def create_org(*, name: str | None = None, kind: str = "force", code: str | None = None,
               office: Office | None = None) -> Organisation:
    """An organisation of ``office`` (default: the test office)."""
    n = next(_counter)
    return accounts.create_org(name=name or f"Test Force {n}", kind=kind, code=code or f"TF{n}",
                               office=office or create_office())


def create_user(
    *, role: str = "respondent", email: str | None = None, name: str = "Test User",
    org: Organisation | None = None, password: str = PASSWORD, office: Office | None = None,
) -> User:
    """A user; a respondent without ``org`` gets an organisation of their own (of
    ``office``); an admin or PCC user belongs to ``office`` (default: the test office); a
    service administrator to none."""
    if role == "respondent" and org is None:
        org = create_org(office=office)
    if role in ("admin", "pcc") and office is None:
        office = create_office()
    return accounts.create_user(email=email or f"user{next(_counter)}@example.org", name=name,
                                role=role, password=password, org=org, office=office)


def create_questionnaire_version(
    *, yaml_text: str | None = None, sample: str = "small", number: int = 1, by: User | None = None,
    office: Office | None = None,
) -> QuestionnaireVersion:
    """Load a questionnaire file and return its version: ``yaml_text``, or else version
    ``number`` of a sample from ``tests.samples`` ("small": ``SMALL_YAML``, "respond":
    ``RESPOND_YAML``). Loading the same file again returns the same version."""
    from workflows.questionnaires import load_questionnaire

    text = yaml_text if yaml_text is not None else SAMPLES[sample](version=number)
    if by is None and office is None:
        office = create_office()
    result = load_questionnaire(text, by=by, office=office)
    assert result.ok, result.report()
    return result.version


def create_round(
    *,
    version: QuestionnaireVersion | None = None,
    title: str | None = None,
    meeting_date: date | None = None,
    deadline: date | None = None,
    status: str = "open",
    orgs: Iterable[Organisation] = (),
    venue: str = "Conference Room",
    chair: str = "The PCC",
    by: User | None = None,
    through_workflows: bool = False,
) -> Round:
    """A round in ``status`` with one draft response per organisation in ``orgs``.

    By default it is written to the models (no checks, no audit, no carry-forward): on
    the "small" sample questions, titled "Assurance meeting N" on a meeting date of its
    own, the deadline on the meeting date.

    With ``through_workflows=True`` it is set up as an admin does, by ``workflows.rounds``
    (checked, audited as ``by``, each response carried forward from the organisation's
    last round) and moved to ``status`` one step at a time: on the "respond" sample
    questions, titled "CSE assurance" on 1 March 2026, the deadline ten days before, with
    a note taker, two attendees and a purpose.
    """
    if through_workflows:
        return _round_through_workflows(
            version=version or create_questionnaire_version(sample="respond"),
            title=title or "CSE assurance", meeting_date=meeting_date or date(2026, 3, 1),
            deadline=deadline, status=status, orgs=orgs, venue=venue, chair=chair, by=by)
    n = next(_counter)
    meeting_date = meeting_date or date(2016, 9, 22) + timedelta(days=n)
    return _round_in_models(
        version=version or create_questionnaire_version(), title=title or f"Assurance meeting {n}",
        meeting_date=meeting_date, deadline=deadline or meeting_date, status=status, orgs=orgs,
        venue=venue, chair=chair)


def _round_in_models(*, version, title, meeting_date, deadline, status, orgs, venue,
                     chair) -> Round:
    now = utcnow()
    round_ = Round(
        office_id=version.questionnaire.office_id,
        title=title,
        questionnaire_version_id=version.id,
        meeting_date=meeting_date,
        venue=venue,
        chair=chair,
        deadline=deadline,
        status=status,
        opened_at=None if status == "planned" else now,
        closed_at=now if status in ("closed", "published") else None,
        published_at=now if status == "published" else None,
    )
    db.session.add(round_)
    db.session.flush()
    for org in orgs:
        create_response(round_=round_, org=org, _commit=False)
    db.session.commit()
    return round_


def _round_through_workflows(*, version, title, meeting_date, deadline, status, orgs, venue,
                             chair, by) -> Round:
    from workflows import rounds

    made = rounds.create_round(
        title=title, version=version, meeting_date=meeting_date, venue=venue, chair=chair,
        note_taker="A Policy Officer",
        attendees=[("John Campion", "PCC"), ("Anthony Bangham", "Chief Constable")],
        deadline=deadline or meeting_date - timedelta(days=10),
        purpose="To hold the force to account.", organisations=orgs, by=by,
    )
    if status != "planned":
        rounds.open_round(made, by)
    if status in ("closed", "published"):
        rounds.close_round(made, by)
    if status == "published":
        rounds.publish_round(made, by)
    return made


def create_response(
    *,
    round_: Round,
    org: Organisation,
    status: str = "draft",
    answers: dict[str, Any] | None = None,
    by: User | None = None,
    carry: bool = False,
    _commit: bool = True,
) -> Response:
    """A response in any status, with ``answers`` ({question id: value, or a dict
    with value/explanation}). ``carry=True`` runs carry-forward first."""
    from tests.actions import set_answers
    from workflows.carry import carry_forward

    now = utcnow()
    response = Response(
        round_id=round_.id,
        organisation_id=org.id,
        questionnaire_version_id=round_.questionnaire_version_id,
        status="draft",
        revision=0,
    )
    db.session.add(response)
    db.session.flush()
    if carry:
        carry_forward(response)
    set_answers(response, answers or {}, by=by)
    if status != "draft":
        response.status = status
        response.submitted_at = now
        response.submitted_by_id = by.id if by else None
        if status == "returned":
            response.returned_at = now
        if status == "accepted":
            response.accepted_at, response.accepted_by_id = now, None
        response.revision += 1
        db.session.add(ResponseRevision(response_id=response.id, number=response.revision,
                                        action="submit", user_id=by.id if by else None,
                                        changes={}))
    if _commit:
        db.session.commit()
    return response


def create_gap(*, response: Response, question_id: str, title: str, area: str | None = None,
               detail: str | None = None) -> Gap:
    """A gap first identified in ``response``, open there."""
    rnd = db.session.get(Round, response.round_id)
    gap = Gap(organisation_id=response.organisation_id,
              questionnaire_key=rnd.questionnaire_version.definition.id,
              question_id=question_id, title=title, area=area, detail=detail, status="open",
              first_round_id=rnd.id, first_response_id=response.id)
    db.session.add(gap)
    db.session.flush()
    db.session.add(GapEntry(gap_id=gap.id, response_id=response.id, question_id=question_id,
                            status="open"))
    db.session.commit()
    return gap


def create_gap_entry(*, gap: Gap, response: Response, status: str = "open",
                     closing_note: str | None = None, question_id: str | None = None,
                     update: str | None = None) -> GapEntry:
    """The gap as it stands in a later response: still open, or closed with a note
    (which closes the gap in the register too)."""
    entry = GapEntry(gap_id=gap.id, response_id=response.id,
                     question_id=question_id or gap.question_id, status=status,
                     closing_note=closing_note, update=update)
    db.session.add(entry)
    if status == "closed":
        gap.status, gap.closing_note = "closed", closing_note
        gap.closed_round_id = response.round_id
    db.session.commit()
    return entry


def create_addition(*, response: Response, question_id: str, body: str,
                    author: User | None = None) -> Addition:
    """Information added to ``response`` after the meeting."""
    addition = Addition(response_id=response.id, question_id=question_id, body=body,
                        author_id=author.id if author else None)
    db.session.add(addition)
    db.session.commit()
    return addition


def create_action(*, org: Organisation, title: str = "Review the CSE training",
                  source: str = "meeting", status: str = "open", due_date: date | None = None,
                  questionnaire_key: str | None = None, reference: str | None = None,
                  round_: Round | None = None, report=None,
                  questions: tuple[str, ...] = ()) -> ActionItem:
    """A register item of ``org`` in ``status`` (written to the models: no checks, no
    audit), linked to ``round_`` when given and to the ``questions`` (ids of a question of
    ``questionnaire_key``)."""
    item = ActionItem(office_id=org.office_id, organisation_id=org.id, source=source,
                      title=title, status=status, due_date=due_date, reference=reference,
                      questionnaire_key=questionnaire_key,
                      report_id=report.id if report is not None else None,
                      closed_at=utcnow() if status == "closed" else None)
    db.session.add(item)
    db.session.flush()
    if round_ is not None:
        db.session.add(ActionLink(item_id=item.id, kind="round", round_id=round_.id))
    for question_id in questions:
        db.session.add(ActionLink(item_id=item.id, kind="question", question_id=question_id,
                                  questionnaire_key=questionnaire_key))
    db.session.add(ActionUpdate(item_id=item.id, kind="create", status_after=status,
                                by_name="system"))
    db.session.commit()
    return item


def create_report(*, org: Organisation, title: str = "PEEL 2025: Police effectiveness",
                  published_on: date = date(2026, 10, 1)) -> HmicfrsReport:
    report = HmicfrsReport(office_id=org.office_id, organisation_id=org.id, title=title,
                           published_on=published_on, url="https://hmicfrs.example.org/peel")
    db.session.add(report)
    db.session.commit()
    return report
