"""Published meeting notes: a pure roll-up from a round to the notes' shape.

    notes = meeting_notes(round_)
    render_docx(notes)   # exports.notes_docx
    render_html(notes)   # exports.notes_html

The shape follows the notes an OPCC publishes after an assurance meeting
(the seed notes of 22 September 2016): a title, the date, chair, note taker
and venue, an attendance table, the purpose, then for each question "PCC:
<question>" and "Response:" with the answer, identified gaps as bullet lists
and information provided after the meeting in brackets.

Decisions:

- The round's title is the meeting's topic: "Assurance Meeting to Discuss
  <round title> – Meeting Notes".
- Questions of the round's questionnaire version are listed in order;
  questions with ``publish: false`` are left out entirely.
- Only submitted and accepted responses are in the notes; organisations
  whose response is a draft or returned are listed in ``missing``.
- A question hidden by its ``show_if`` for an organisation is left out for
  that organisation (and left out entirely when hidden for every one).
  A question shown but not answered says "No answer given."
- Answer text keeps its paragraphs (one a line or blank-line separated);
  consecutive lines starting "- " or "• " become a bullet list.
- A rating is shown as "Rating: <label>" followed by its explanation.
- After the questions, the OPCC's verdict on each section where the notes' settings
  say so ("Verdicts"), then "Actions agreed": the register's actions agreed at the
  meeting (``exports.notes_agreed``), one bullet each, then the closing paragraph.

Nothing here writes to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.format.dates import long_date, weekday_date
from forms.format.definition import Definition, Question
from models import Addition, Answer, GapEntry, Office, Response, Round, db

NOTES_STATUSES = ("closed", "published")  # rounds whose notes can be generated
IN_NOTES = ("submitted", "accepted")  # responses that appear in the notes
BULLET = re.compile(r"^\s*[-•*]\s+")
NO_ANSWER = "No answer given."
ADDITION_OPEN = "[Information provided post meeting: "
ADDITION_CLOSE = "]"
GAPS_LABEL = "Identified gaps:"
DRAFT_NOTICE = "Draft: these notes have not been published."
INVENTED_NOTICE = "Invented demo data: this is not the record of a real meeting."


@dataclass(frozen=True)
class Block:
    """A paragraph (``text``) or a bullet list (``items``); ``italic`` as the
    note taker wrote it (Word: italic runs; HTML: ``<em>``)."""

    kind: str  # "para" | "list"
    text: str = ""
    items: tuple[str, ...] = ()
    italic: bool = False  # a paragraph printed in italics (marked *...* in the record)


@dataclass(frozen=True)
class GapLine:
    title: str
    detail: str | None = None
    status: str = "open"
    note: str | None = None  # the closing note, or the update of a gap still open

    @property
    def text(self) -> str:
        """The bullet as the notes print it."""
        out = self.title + (f" – {self.detail}" if self.detail else "")
        if self.status == "closed":
            out += f" (closed{': ' + self.note if self.note else ''})"
        elif self.note:
            out += f" (update: {self.note})"
        return out


@dataclass(frozen=True)
class ResponsePart:
    """One organisation's response to one question."""

    label: str  # "Response:" or "Response from <organisation>:"
    organisation: str
    rating: str | None = None  # the rating's label, for rating questions
    blocks: tuple[Block, ...] = ()
    gaps: tuple[GapLine, ...] = ()
    additions: tuple[tuple[Block, ...], ...] = ()  # each addition in its own brackets
    answered: bool = True
    organisation_id: int = 0
    gaps_label: str = GAPS_LABEL  # what introduces the list of gaps ("" for nothing)
    after: tuple[Block, ...] = ()  # information provided after the meeting, as printed


@dataclass(frozen=True)
class NotesItem:
    question_id: str
    question: str
    responses: tuple[ResponsePart, ...]

    @property
    def heading(self) -> str:
        return f"PCC: {self.question}"


@dataclass(frozen=True)
class AgreedAction:
    """An action agreed at the meeting (a register item linked to the round)."""

    title: str
    organisation: str  # the organisation that owns it
    due_date: date | None = None

    @property
    def text(self) -> str:
        """The bullet as the notes print it: title, owner organisation, due date."""
        return " – ".join(p for p in (self.title, self.organisation,
                                      long_date(self.due_date)) if p)


@dataclass(frozen=True)
class VerdictLine:
    """The OPCC's verdict on one section of one organisation's response."""

    section: str
    organisation: str
    phrase: str  # "partly assured"
    rationale: str

    @property
    def text(self) -> str:
        return f"The OPCC is {self.phrase}" + (f": {self.rationale}" if self.rationale else ".")


@dataclass(frozen=True)
class MeetingNotes:
    round_id: int
    topic: str
    meeting_date: date
    chair: str
    note_taker: str
    venue: str
    attendees: tuple[tuple[str, str], ...]
    purpose: tuple[Block, ...]
    items: tuple[NotesItem, ...]
    status: str
    invented: bool = False
    missing: tuple[str, ...] = ()
    organisations: tuple[str, ...] = field(default=())
    office: str = ""  # the office's name: the documents' author
    closing: tuple[Block, ...] = ()  # the closing paragraph(s)
    version: int = 0  # the published version (0: not published, or from before versions)
    corrections: tuple[str, ...] = ()  # "Corrected on 3 October 2016: ..." lines
    verdicts: tuple[VerdictLine, ...] = ()  # where the notes' settings show them
    actions: tuple[AgreedAction, ...] = ()  # "Actions agreed", after the questions

    @property
    def title(self) -> str:
        return f"Assurance Meeting to Discuss {self.topic} – Meeting Notes"

    @property
    def date_text(self) -> str:
        return weekday_date(self.meeting_date)

    @property
    def draft(self) -> bool:
        return self.status != "published"

    @property
    def notices(self) -> list[str]:
        return notice_lines(self)


def blocks(text: str | None) -> tuple[Block, ...]:
    """Paragraphs and bullet lists from typed text."""
    out: list[Block] = []
    items: list[str] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if BULLET.match(raw):
            items.append(BULLET.sub("", raw).strip())
            continue
        if items and line:
            out.append(Block("list", items=tuple(items)))
            items = []
        if line:
            out.append(Block("para", text=line))
    if items:
        out.append(Block("list", items=tuple(items)))
    return tuple(out)


def notice_lines(notes: "MeetingNotes") -> list[str]:
    """Warnings printed above the notes: draft, invented demo data."""
    lines = [DRAFT_NOTICE] if notes.draft else []
    if notes.invented:
        lines.append(INVENTED_NOTICE)
    return lines + list(notes.corrections)


def bracketed(addition: tuple[Block, ...]) -> tuple[Block, ...]:
    """An addition's blocks inside "[Information provided post meeting: ...]"."""
    parts = list(addition) or [Block("para", text="")]
    if parts[0].kind == "para":
        parts[0] = Block("para", text=ADDITION_OPEN + parts[0].text)
    else:
        parts.insert(0, Block("para", text=ADDITION_OPEN.rstrip()))
    if parts[-1].kind == "para":
        parts[-1] = Block("para", text=parts[-1].text + ADDITION_CLOSE)
    else:
        parts.append(Block("para", text=ADDITION_CLOSE))
    return tuple(parts)


# --------------------------------------------------------------------- roll-up


def meeting_notes(round_: Round) -> MeetingNotes:
    """The notes of a round as its notes record gives them: the responses as drafted
    (``drafted_notes``) with the record's settings and edited parts applied (reads
    only; see ``exports.notes_record``)."""
    from .notes_record import apply_record  # it builds on this module's shapes

    return apply_record(round_, drafted_notes(round_))


def drafted_notes(round_: Round) -> MeetingNotes:
    """The notes of a round as the responses say, from the database as it stands
    (reads only)."""
    from .notes_agreed import agreed_actions  # it builds on this module's shapes

    definition = round_.questionnaire_version.definition
    asked = list(db.session.scalars(
        select(Response).where(Response.round_id == round_.id)
        .options(selectinload(Response.organisation)).order_by(Response.id)))
    shown = [r for r in asked if r.status in IN_NOTES]
    several = len(asked) > 1
    data = _load(shown)
    items = []
    for question in definition.questions:
        if not question.publish:
            continue
        parts = [
            part for r in shown
            if (part := _part(question, r, data[r.id], definition, several)) is not None
        ]
        if parts:
            items.append(NotesItem(question.id, question.question, tuple(parts)))
    return MeetingNotes(
        round_id=round_.id, topic=round_.title, meeting_date=round_.meeting_date,
        chair=round_.chair or "", note_taker=round_.note_taker or "", venue=round_.venue or "",
        attendees=tuple((a.name, a.capacity or "") for a in round_.attendees),
        purpose=blocks(round_.purpose), items=tuple(items), status=round_.status,
        invented=bool(round_.invented),
        missing=tuple(r.organisation.name for r in asked if r.status not in IN_NOTES),
        organisations=tuple(r.organisation.name for r in shown),
        office=_office_name(round_), actions=agreed_actions(round_),
    )


def _office_name(round_: Round) -> str:
    office = db.session.get(Office, round_.office_id)
    return office.name if office is not None else ""


@dataclass
class _ResponseData:
    values: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)
    gaps: dict = field(default_factory=dict)
    additions: dict = field(default_factory=dict)


def _load(responses: list[Response]) -> dict[int, _ResponseData]:
    """Answers, gap entries (with their gaps) and additions of the responses:
    three queries, whatever the number of organisations."""
    ids = [r.id for r in responses]
    data = {i: _ResponseData() for i in ids}
    if not ids:
        return data
    for answer in db.session.scalars(select(Answer).where(Answer.response_id.in_(ids))):
        data[answer.response_id].answers[answer.question_id] = answer
        data[answer.response_id].values[answer.question_id] = answer.value
    for entry in db.session.scalars(
        select(GapEntry).where(GapEntry.response_id.in_(ids))
        .options(selectinload(GapEntry.gap)).order_by(GapEntry.position, GapEntry.id)
    ):
        data[entry.response_id].gaps.setdefault(entry.question_id, []).append(entry)
    for addition in db.session.scalars(
        select(Addition).where(Addition.response_id.in_(ids)).order_by(Addition.at, Addition.id)
    ):
        data[addition.response_id].additions.setdefault(addition.question_id, []).append(addition)
    return data


def _part(question: Question, response: Response, data: _ResponseData,
          definition: Definition, several: bool) -> ResponsePart | None:
    if not definition.visible(question, data.values):
        return None
    org = response.organisation.name
    label = f"Response from {org}:" if several else "Response:"
    answer = data.answers.get(question.id)
    rating, content = _answer_blocks(question, answer)
    gaps = tuple(_gap_line(e) for e in data.gaps.get(question.id, ()))
    additions = tuple(blocks(a.body) for a in data.additions.get(question.id, ()))
    answered = bool(content or rating or gaps)
    if not answered and not question.kind.has_answer:
        content = (Block("para", text="No gaps identified."),)
    elif not answered:
        content = (Block("para", text=NO_ANSWER),)
    return ResponsePart(label=label, organisation=org, rating=rating, blocks=content,
                        gaps=gaps, additions=additions, answered=answered,
                        organisation_id=response.organisation_id,
                        after=tuple(replace(b, italic=True)  # in italics, as drafted
                                    for a in additions for b in bracketed(a)))


def _answer_blocks(question: Question, answer) -> tuple[str | None, tuple[Block, ...]]:
    if answer is None:
        return None, ()
    shown = question.kind.notes_answer(question, answer.value, answer.explanation)
    if shown.paragraphs:
        return shown.rating, blocks(shown.text)
    return shown.rating, (Block("para", text=shown.text),) if shown.text is not None else ()


def _gap_line(entry: GapEntry) -> GapLine:
    gap = entry.gap
    note = entry.closing_note if entry.status == "closed" else entry.update
    return GapLine(title=gap.title, detail=gap.detail, status=entry.status, note=note or None)


# ------------------------------------------------------------------ filenames


def notes_filename(notes: MeetingNotes, extension: str) -> str:
    """A safe download name: ``meeting-notes-2016-09-22-child-sexual-exploitation-cse.docx``."""
    slug = re.sub(r"[^a-z0-9]+", "-", notes.topic.lower()).strip("-")[:60].strip("-")
    stem = f"meeting-notes-{notes.meeting_date.isoformat()}" + (f"-{slug}" if slug else "")
    return f"{stem}.{extension}"
