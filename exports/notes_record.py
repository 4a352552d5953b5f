"""The notes record applied to the drafted notes, and the editable parts (reads only).

The notes a round publishes are the responses as drafted (``exports.notes.drafted_notes``)
with the round's notes record applied (``models.notes``): its settings (ratings shown
or not, how a list of gaps is introduced, the OPCC's verdicts shown or not) and the
parts an admin has edited. A part nobody edited reads as the responses say, so
information added after the meeting appears in it until somebody edits it.

The parts, by key:

- ``purpose``: the opening paragraph (drafted from the round's purpose);
- ``<question id>.<organisation id>.response``: the response as recorded at the meeting
  (drafted from the submitted answer);
- ``….gaps``: the identified gaps (drafted from the answer's gaps, one bullet each);
- ``….after``: the information provided after the meeting (drafted from the
  additions, each in "[Information provided post meeting: …]");
- ``closing``: the closing paragraph (drafted empty).

The text of a part is plain text: each paragraph on its own line (a blank line between
paragraphs), "- " at the start of a bullet, and a paragraph between asterisks (or
underscores) printed in italics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import NotesPart, NotesRecord, Round, db
from models.notes import GAPS_INTRO

from .notes import Block, GapLine, MeetingNotes, NotesItem, ResponsePart, blocks
from .notes_agreed import section_verdicts

ITALIC = re.compile(r"^(\*|_)(?P<inner>\S(?:.*\S)?)\1$")
KINDS = ("response", "gaps", "after")
KIND_LABELS = {"response": "Response as recorded at the meeting", "gaps": "Identified gaps",
               "after": "Information provided after the meeting"}
TEXT_HINT = ("Plain text. Put each paragraph on its own line, with a blank line between "
             "paragraphs. Start a bullet with a hyphen and a space (“- ”). To print a "
             "whole paragraph in italics, put an asterisk at its start and at its end "
             "(*like this*).")


@dataclass(frozen=True)
class Settings:
    show_ratings: bool = True
    gaps_intro: str = GAPS_INTRO
    show_verdicts: bool = False  # the OPCC's signed-off verdict on each section
    version: int = 0  # saves of the settings (0: never saved, or no record yet)


@dataclass(frozen=True)
class EditablePart:
    """One part of the notes as the edit page shows it."""

    key: str
    heading: str  # "Purpose", "PCC: <question>", "Closing"
    label: str  # what the part is
    drafted: str  # what the responses say
    text: str  # what the notes say now
    version: int  # 0: never edited
    organisation: str = ""

    @property
    def edited(self) -> bool:
        return self.version > 0 and self.text != self.drafted


# --------------------------------------------------------------------- text


def record_blocks(text: str | None) -> tuple[Block, ...]:
    """The blocks of a part's text: paragraphs, bullet lists, italic paragraphs."""
    out = []
    for block in blocks(text):
        match = ITALIC.match(block.text) if block.kind == "para" else None
        out.append(Block("para", text=match["inner"], italic=True) if match else block)
    return tuple(out)


def blocks_text(parts: tuple[Block, ...]) -> str:
    """The text that ``record_blocks`` reads back as ``parts``."""
    out = []
    for block in parts:
        if block.kind == "list":
            out.append("\n".join(f"- {item}" for item in block.items))
        else:
            out.append(f"*{block.text}*" if block.italic else block.text)
    return "\n\n".join(out)


def gaps_text(gaps: tuple[GapLine, ...]) -> str:
    return "\n".join(f"- {gap.text}" for gap in gaps)


def gap_lines(text: str) -> tuple[GapLine, ...]:
    """The printed gaps of a part's text: each bullet or paragraph is one."""
    lines: list[str] = []
    for block in blocks(text):
        lines.extend(block.items if block.kind == "list" else [block.text])
    return tuple(GapLine(title=line) for line in lines)


def part_key(question_id: str, organisation_id: int, kind: str) -> str:
    return f"{question_id}.{organisation_id}.{kind}"


# ----------------------------------------------------------------- reading


def record_of(round_: Round, *, with_parts: bool = False) -> NotesRecord | None:
    """The round's record (``with_parts``: its parts loaded in the same query)."""
    query = select(NotesRecord).where(NotesRecord.round_id == round_.id)
    if with_parts:
        query = query.options(joinedload(NotesRecord.parts))
    return db.session.scalars(query).unique().one_or_none()


def settings_of(record: NotesRecord | None) -> Settings:
    if record is None:
        return Settings()
    return Settings(show_ratings=record.show_ratings, gaps_intro=record.gaps_intro,
                    show_verdicts=record.show_verdicts, version=record.version)


def stored_parts(record: NotesRecord | None) -> dict[str, NotesPart]:
    if record is None:
        return {}
    return {p.key: p for p in db.session.scalars(
        select(NotesPart).where(NotesPart.record_id == record.id))}


def drafted_texts(notes: MeetingNotes) -> dict[str, str]:
    """Every part's text as the responses say, by key, in the order of the notes."""
    texts = {"purpose": blocks_text(notes.purpose)}
    for item in notes.items:
        for part in item.responses:
            texts[part_key(item.question_id, part.organisation_id, "response")] = (
                blocks_text(part.blocks))
            texts[part_key(item.question_id, part.organisation_id, "gaps")] = (
                gaps_text(part.gaps))
            texts[part_key(item.question_id, part.organisation_id, "after")] = (
                blocks_text(part.after))
    texts["closing"] = blocks_text(notes.closing)
    return texts


def editable_parts(round_: Round, drafted: MeetingNotes) -> list[EditablePart]:
    """The parts of the notes in order, each with its drafted and current text."""
    stored = stored_parts(record_of(round_))
    texts = drafted_texts(drafted)
    headings = {"purpose": ("Purpose", "Opening paragraph", ""),
                "closing": ("Closing", "Closing paragraph", "")}
    for item in drafted.items:
        for part in item.responses:
            for kind in KINDS:
                headings[part_key(item.question_id, part.organisation_id, kind)] = (
                    item.heading, KIND_LABELS[kind],
                    part.organisation if len(drafted.organisations) > 1 else "")
    out = []
    for key, draft in texts.items():
        heading, label, org = headings[key]
        row = stored.get(key)
        out.append(EditablePart(key=key, heading=heading, label=label, drafted=draft,
                                text=row.text if row else draft,
                                version=row.version if row else 0, organisation=org))
    return out


# ---------------------------------------------------------------- applying


def apply_record(round_: Round, drafted: MeetingNotes) -> MeetingNotes:
    """The drafted notes with the round's record applied (no record: as drafted, with
    the default settings)."""
    record = record_of(round_, with_parts=True)
    settings = settings_of(record)
    texts = {row.key: row.text for row in record.parts} if record is not None else {}
    items = tuple(
        replace(item, responses=tuple(
            _applied(item, part, texts, settings) for part in item.responses))
        for item in drafted.items)
    return replace(
        drafted, items=items, verdicts=section_verdicts(round_) if settings.show_verdicts else (),
        purpose=record_blocks(texts["purpose"]) if "purpose" in texts else drafted.purpose,
        closing=record_blocks(texts.get("closing", blocks_text(drafted.closing))))


def _applied(item: NotesItem, part: ResponsePart, texts: dict[str, str],
             settings: Settings) -> ResponsePart:
    def text(kind: str) -> str | None:
        return texts.get(part_key(item.question_id, part.organisation_id, kind))

    response, gaps, after = text("response"), text("gaps"), text("after")
    return replace(
        part, rating=part.rating if settings.show_ratings else None,
        blocks=part.blocks if response is None else record_blocks(response),
        gaps=part.gaps if gaps is None else gap_lines(gaps),
        gaps_label=settings.gaps_intro,
        after=part.after if after is None else record_blocks(after),
        additions=())
