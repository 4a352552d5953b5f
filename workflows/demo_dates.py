"""The demo story's rounds carry the dates they would have had, not the time the demo
was loaded: opened weeks before the meeting, responses submitted and accepted before it,
closed on the day, information added and the notes published after it.

A round's file may give the dates (``dates:`` in ``demo_data/cse-2016-09-22.yaml``);
else each is worked out from the meeting date (``OFFSETS``). Times are UK office hours.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from forms.format.dates import uk_day_start
from models import Addition, Answer, Gap, GapEntry, Response, ResponseRevision, Round, db

from . import audit
from .database import transaction

# days from the meeting, and the UK hour, of each step
OFFSETS = {"opened": (-42, 9), "submitted": (-13, 16), "accepted": (-8, 11),
           "closed": (0, 17), "added": (14, 12), "published": (21, 10)}
STEPS = tuple(OFFSETS)


def story_dates(meeting: date, given: dict[str, Any] | None = None) -> dict[str, datetime]:
    """Each step's time (UTC): the day the story file gives, else the meeting's offset."""
    given = given or {}
    out = {}
    for step, (days, hour) in OFFSETS.items():
        day = given.get(step)
        day = date.fromisoformat(str(day)) if day is not None and not isinstance(day, date) \
            else (day or meeting + timedelta(days=days))
        out[step] = uk_day_start(day) + timedelta(hours=hour)
    times = [out[s] for s in STEPS]
    if times != sorted(times) or out["accepted"] >= uk_day_start(meeting):
        raise ValueError(f"the dates of the meeting of {meeting} are out of order: "
                         + ", ".join(f"{s} {out[s]:%Y-%m-%d}" for s in STEPS))
    return out


def set_story_dates(round_: Round, dates: dict[str, datetime]) -> None:
    """Give a demo round and everything of its responses the story's dates."""
    with transaction():
        round_.created_at = round_.opened_at = dates["opened"]
        round_.closed_at = dates["closed"]
        if round_.published_at is not None:
            round_.published_at = dates["published"]
        responses = db.session.scalars(select(Response).where(Response.round_id == round_.id))
        for response in responses:
            _response_dates(response, dates)
        audit.record("demo.dates", obj=round_, office_id=round_.office_id,
                     opened=dates["opened"].isoformat(), closed=dates["closed"].isoformat())


def _response_dates(response: Response, dates: dict[str, datetime]) -> None:
    response.created_at = dates["opened"]
    response.updated_at = dates["submitted"]
    for answer in db.session.scalars(select(Answer).where(Answer.response_id == response.id)):
        answer.updated_at = dates["submitted"] - timedelta(days=1)
    if response.submitted_at is not None:
        response.submitted_at = dates["submitted"]
    if response.accepted_at is not None:
        response.accepted_at = dates["accepted"]
    by_action = {"submit": dates["submitted"], "accept": dates["accepted"],
                 "addition": dates["added"]}
    for revision in db.session.scalars(
            select(ResponseRevision).where(ResponseRevision.response_id == response.id)):
        revision.at = by_action.get(revision.action, dates["submitted"] - timedelta(days=1))
    for addition in db.session.scalars(select(Addition).where(
            Addition.response_id == response.id)):
        addition.at = dates["added"]
    for entry in db.session.scalars(select(GapEntry).where(GapEntry.response_id == response.id)):
        entry.updated_at = dates["submitted"]
    for gap in db.session.scalars(select(Gap).where(Gap.first_response_id == response.id)):
        gap.created_at = dates["submitted"]
