"""Meeting notes: publishing a round's notes, correcting them, recording downloads.

Publishing is the round's closed -> published move (``rounds.publish_round``:
guarded, stamped with ``published_at``, audited as ``round.publish``); it
makes the notes readable by the PCC and by respondents of the organisations
the round asked (published notes are public documents), and freezes the notes
as they stand as version 1 (``models.NotesVersion``), in the same transaction.
A correction after publication freezes the next version, with a dated
"Corrected on …" line giving the admin's reason; earlier versions stay
readable. Every download of the notes, from the web or the command line, is an
audit event.
"""

from __future__ import annotations

from dataclasses import replace

from exports.notes import meeting_notes
from exports.notes_versions import from_json, to_json, version_of
from forms.format.dates import long_date
from models import NotesVersion, Round, User, db, utcnow
from models.permissions import can
from models.status import PUBLISHED

from . import audit
from .database import transaction
from .notes_record import NotesError, draft_record
from .rounds import RoundError, publish_round

__all__ = ["NotesError", "RoundError", "correct_notes", "publish_notes", "record_download"]

FORMATS = ("docx", "html", "pdf")
REASON_MAX = 1000


def publish_notes(round_: Round, by: User | None) -> Round:
    """Publish the round's notes (commits); RoundError unless the round is closed and
    ``by`` (None: the system) may publish notes."""
    if by is not None and not can(by, "notes.publish", round_):
        raise RoundError("Only the OPCC's administrators can publish meeting notes")

    def freeze() -> None:
        draft_record(round_)
        _freeze(round_, 1, by, reason=None, corrections=())

    return publish_round(round_, by, then=freeze)


def correct_notes(round_: Round, reason: str, by: User | None) -> NotesVersion:
    """Publish a correction of published notes: the notes as they now stand, as the next
    version, with "Corrected on <today>: <reason>" (commits)."""
    if by is not None and not can(by, "notes.publish", round_):
        raise NotesError("Only the OPCC's administrators can correct meeting notes")
    reason = " ".join((reason or "").split())
    if not reason:
        raise NotesError("Enter what was corrected and why")
    if len(reason) > REASON_MAX:
        raise NotesError(f"The reason must be {REASON_MAX:,} characters or fewer")
    if round_.status != PUBLISHED:
        raise NotesError(f"The notes of “{round_.title}” are not published yet: "
                         "publish them rather than correct them.")
    with transaction():
        latest = version_of(round_)
        earlier = _corrections(latest)
        line = f"Corrected on {long_date(utcnow())}: {reason.rstrip('.')}."
        version = _freeze(round_, (latest.number + 1) if latest else 1, by, reason=reason,
                          corrections=(*earlier, line))
        audit.record("notes.correct", user=by, actor=None if by else "cli", obj=round_,
                     version=version.number)
    return version


def _corrections(latest: NotesVersion | None) -> tuple[str, ...]:
    if latest is None:
        return ()
    return from_json(latest.content).corrections


def _freeze(round_: Round, number: int, by: User | None, *, reason: str | None,
            corrections: tuple[str, ...]) -> NotesVersion:
    notes = replace(meeting_notes(round_), status=PUBLISHED, version=number,
                    corrections=corrections)
    version = NotesVersion(round_id=round_.id, number=number, content=to_json(notes),
                           reason=reason, published_by_id=by.id if by else None)
    db.session.add(version)
    db.session.flush()
    return version


def record_download(round_: Round, fmt: str, *, by: User | None = None,
                    filename: str | None = None, version: int | None = None) -> None:
    """Audit one generation of the notes file (commits). No answer text is recorded."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown notes format {fmt!r}")
    with transaction():
        audit.record("notes.download", user=by, actor=None if by else "cli", obj=round_,
                     format=fmt, status=round_.status, filename=filename, version=version)
