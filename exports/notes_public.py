"""The publication page's reads (reads only): the published notes of every office.

This is the one reader that is not scoped to an office, on purpose: published notes are
public documents, and the publication page (on only with ``PUBLIC_NOTES=1``) lists
those of every office on the service, labelled by office. It reads only published
rounds, and their notes only as published (``exports.notes_versions``): drafts never,
and ``publish: false`` answers never (the notes leave them out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from models import NotesVersion, Office, Round, db
from models.status import PUBLISHED


@dataclass(frozen=True)
class PublicEntry:
    round_id: int
    title: str
    meeting_date: date
    office: str
    published_at: datetime  # of the latest version (a correction's date)
    first_published_at: datetime
    version: int  # 0: published before versions were kept
    invented: bool


def public_entries() -> list[PublicEntry]:
    """Every office's published notes, latest publication (or correction) first."""
    rows = db.session.execute(
        select(Round, Office.name).join(Office, Office.id == Round.office_id)
        .where(Round.status == PUBLISHED)).all()
    latest = _latest_versions()
    entries = []
    for round_, office in rows:
        number, at = latest.get(round_.id, (0, round_.published_at))
        entries.append(PublicEntry(
            round_id=round_.id, title=round_.title, meeting_date=round_.meeting_date,
            office=office, published_at=at, first_published_at=round_.published_at,
            version=number, invented=bool(round_.invented)))
    return sorted(entries, key=lambda e: (e.published_at, e.round_id), reverse=True)


def _latest_versions() -> dict[int, tuple[int, datetime]]:
    out: dict[int, tuple[int, datetime]] = {}
    for round_id, number, at in db.session.execute(
            select(NotesVersion.round_id, NotesVersion.number, NotesVersion.published_at)
            .order_by(NotesVersion.round_id, NotesVersion.number)):
        out[round_id] = (number, at)
    return out


def public_round(round_id: int) -> Round | None:
    """The round if its notes are published, else None (a draft is not there)."""
    round_ = db.session.get(Round, round_id)
    return round_ if round_ is not None and round_.status == PUBLISHED else None
