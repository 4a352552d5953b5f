"""Meeting notes: publishing a round's notes and recording their downloads.

Publishing is the round's closed -> published move (``rounds.publish_round``:
guarded, stamped with ``published_at``, audited as ``round.publish``); it
makes the notes readable by the PCC and by respondents of the organisations
the round asked (published notes are public documents). Every download of
the notes, from the web or the command line, is an audit event.
"""

from __future__ import annotations

from models import Round, User
from models.permissions import can

from . import audit
from .database import transaction
from .rounds import RoundError, publish_round

__all__ = ["RoundError", "publish_notes", "record_download"]

FORMATS = ("docx", "html", "pdf")


def publish_notes(round_: Round, by: User | None) -> Round:
    """Publish the round's notes (commits); RoundError unless the round is closed and
    ``by`` (None: the system) may publish notes."""
    if by is not None and not can(by, "notes.publish", round_):
        raise RoundError("Only the OPCC's administrators can publish meeting notes")
    return publish_round(round_, by)


def record_download(round_: Round, fmt: str, *, by: User | None = None,
                    filename: str | None = None) -> None:
    """Audit one generation of the notes file (commits). No answer text is recorded."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown notes format {fmt!r}")
    with transaction():
        audit.record("notes.download", user=by, actor=None if by else "cli", obj=round_,
                     format=fmt, status=round_.status, filename=filename)
