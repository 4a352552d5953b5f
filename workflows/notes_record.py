"""The notes record of a round: drafting it, editing its parts and settings (every
change audited, each in one transaction).

A round's record is drafted when the round closes (``draft_record``, inside the
closing's transaction); a round closed without one (closed before records existed) gets
it lazily, at the first change to its notes (or ``ensure_record``), and reads until then
as a record with the default settings. Until a part is edited it reads as the responses
say (``exports.notes_record``); editing a part never changes a response.

Concurrent edits: each part and the settings carry a version counter. A save names
the version its admin started from; if somebody saved the part since, the save is
refused with ``NotesConflict`` (holding what is saved now), and the view shows both
texts, losing nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from exports.notes import drafted_notes
from exports.notes_record import drafted_texts, record_of
from models import NotesPart, NotesRecord, Round, User, db, utcnow
from models.notes import GAPS_INTROS
from models.permissions import require
from models.status import CLOSED, PUBLISHED

from . import audit
from .database import ensure_writing, transaction

EDITABLE = (CLOSED, PUBLISHED)  # published: for a correction
PART_MAX = 20_000  # characters in one part


class NotesError(ValueError):
    """A change to the notes that cannot be made (the round, the part or the text)."""


class NotesConflict(NotesError):
    """The part (or the settings) changed since the admin started editing."""

    def __init__(self, message: str, *, text: str = "", version: int = 0):
        super().__init__(message)
        self.text = text
        self.version = version


def draft_record(round_: Round) -> NotesRecord:
    """The round's record, added to the session if it has none (the caller commits)."""
    record = record_of(round_)
    if record is None:
        record = NotesRecord(round_id=round_.id)
        db.session.add(record)
        db.session.flush()
    return record


def ensure_record(round_: Round) -> NotesRecord:
    """The record of a closed or published round, drafted now if it has none (commits)."""
    record = record_of(round_)
    if record is not None or round_.status not in EDITABLE:
        return record
    ensure_writing()  # a GET request (the notes page) drafts it
    with transaction():
        record = draft_record(round_)
    return record


def _check(round_: Round, by: User | None) -> NotesRecord:
    require(by, "notes.edit", round_)
    if round_.status not in EDITABLE:
        raise NotesError(f"The notes of “{round_.title}” can be edited once the round "
                         "is closed.")
    return draft_record(round_)


def _part_row(record: NotesRecord, key: str) -> NotesPart | None:
    return db.session.scalar(
        select(NotesPart).where(NotesPart.record_id == record.id, NotesPart.key == key))


def save_part(round_: Round, key: str, text: str, *, seen_version: int,
              by: User | None) -> NotesPart:
    """Save the text of one part (commits). ``seen_version`` is the part's version the
    admin started from (0: never edited)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > PART_MAX:
        raise NotesError(f"The text must be {PART_MAX:,} characters or fewer")
    if key not in drafted_texts(drafted_notes(round_)):
        raise NotesError("There is no such part of the notes")
    with transaction():
        record = _check(round_, by)
        row = _part_row(record, key)
        _same_version(row.version if row else 0, seen_version, row.text if row else None)
        if row is None:
            row = NotesPart(record_id=record.id, key=key, version=0)
            db.session.add(row)
        row.text, row.version = text, row.version + 1
        row.updated_at, row.updated_by_id = utcnow(), by.id if by else None
        audit.record("notes.edit", user=by, actor=None if by else "cli", obj=round_,
                     part=key, part_version=row.version)
    return row


def reset_part(round_: Round, key: str, *, seen_version: int, by: User | None) -> None:
    """Put one part back to what the responses say (commits)."""
    with transaction():
        record = _check(round_, by)
        row = _part_row(record, key)
        if row is None:
            return
        _same_version(row.version, seen_version, row.text)
        db.session.delete(row)
        audit.record("notes.reset", user=by, actor=None if by else "cli", obj=round_,
                     part=key)


def save_settings(round_: Round, *, show_ratings: bool, gaps_intro: str, seen_version: int,
                  by: User | None, show_verdicts: bool | None = None) -> NotesRecord:
    """Change the settings of the round's notes (commits)."""
    if gaps_intro not in GAPS_INTROS:
        raise NotesError("Choose how a list of gaps is introduced")
    with transaction():
        record = _check(round_, by)
        if record.version != seen_version:
            raise NotesConflict("Somebody changed these settings since you opened them. "
                                "They are shown as saved now: check them and save again.",
                                version=record.version)
        record.show_ratings, record.gaps_intro = show_ratings, gaps_intro
        if show_verdicts is not None:  # None: left as it is
            record.show_verdicts = show_verdicts
        record.version += 1
        audit.record("notes.settings", user=by, actor=None if by else "cli", obj=round_,
                     show_ratings=show_ratings, gaps_intro=gaps_intro or "(nothing)",
                     show_verdicts=record.show_verdicts)
    return record


def _same_version(current: int, seen: int, saved_text: str | None) -> None:
    if current != seen:
        raise NotesConflict(
            "Somebody else changed this part since you opened it. What they saved is "
            "shown below; your text is still in the box: check both and save again.",
            text=saved_text or "", version=current)
