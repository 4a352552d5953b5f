"""The statuses of responses and rounds: their names, labels and the moves between them.

Pure data (imports nothing of the app). Every status a response or a round can
be in is listed here once, with the words the pages use for it, and every move
from one status to another names the action that makes it and the permission
it needs. The models build their check constraints from the names, the
workflows guard their updates with the moves, and views, templates and exports
read the labels from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    name: str
    label: str  # short: tags, tables, the task list, messages
    long_label: str  # where the words must say more (roll-ups, PCC pages, workbooks; rounds pages)
    colour: str  # of its GOV.UK tag


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    action: str  # the revision's (responses) or the command's (rounds) name for the move
    permission: str  # the named permission a user needs to make the move
    verb: str  # past participle, for messages: "cannot be opened"
    stamp: str  # the timestamp column the move sets


# ------------------------------------------------------------------- responses

DRAFT, SUBMITTED, RETURNED, ACCEPTED = "draft", "submitted", "returned", "accepted"

RESPONSE_STATES = {s.name: s for s in (
    Status(DRAFT, "Draft", "Draft (not submitted)", "grey"),
    Status(SUBMITTED, "Submitted", "Submitted (not yet accepted)", "blue"),
    Status(RETURNED, "Returned for changes", "Returned for changes", "orange"),
    Status(ACCEPTED, "Accepted", "Accepted", "green"),
)}
RESPONSE_STATUSES = tuple(RESPONSE_STATES)
NO_RESPONSE = "No response"  # the long label where an organisation has no response at all

# Respondents change answers (and gaps) only in these statuses.
EDITABLE = (DRAFT, RETURNED)
# Post-meeting information can be added to a response once it has been submitted.
SUBMITTED_ONCE = (SUBMITTED, RETURNED, ACCEPTED)

RESPONSE_MOVES = (
    Move(DRAFT, SUBMITTED, "submit", "response.submit", "submitted", "submitted_at"),
    Move(RETURNED, SUBMITTED, "submit", "response.submit", "submitted", "submitted_at"),
    Move(SUBMITTED, RETURNED, "return", "response.return", "returned", "returned_at"),
    Move(SUBMITTED, ACCEPTED, "accept", "response.accept", "accepted", "accepted_at"),
)


def response_move(source: str | None, target: str) -> Move | None:
    """The move of a response from ``source`` to ``target`` (None: not allowed)."""
    for move in RESPONSE_MOVES:
        if move.source == source and move.target == target:
            return move
    return None


def sources_of(target: str) -> tuple[str, ...]:
    """The statuses a response can move to ``target`` from (empty: no move leads there)."""
    return tuple(m.source for m in RESPONSE_MOVES if m.target == target)


def response_label(status: str | None) -> str:
    entry = RESPONSE_STATES.get(status)
    return entry.label if entry else (status or "")


def response_long_label(status: str | None) -> str:
    entry = RESPONSE_STATES.get(status)
    return entry.long_label if entry else (status or NO_RESPONSE)


# ---------------------------------------------------------------------- rounds

PLANNED, OPEN, CLOSED, PUBLISHED = "planned", "open", "closed", "published"

ROUND_STATES = {s.name: s for s in (
    Status(PLANNED, "Planned", "Planned", "grey"),
    Status(OPEN, "Open", "Open for responses", "yellow"),
    Status(CLOSED, "Closed", "Closed", "green"),
    Status(PUBLISHED, "Published", "Published", "purple"),
)}
ROUND_STATUSES = tuple(ROUND_STATES)

# Keyed by action: a round has one move of each name.
ROUND_MOVES = {m.action: m for m in (
    Move(PLANNED, OPEN, "open", "round.move", "opened", "opened_at"),
    Move(OPEN, CLOSED, "close", "round.move", "closed", "closed_at"),
    Move(CLOSED, PUBLISHED, "publish", "round.move", "published", "published_at"),
)}


def round_long_label(status: str) -> str:
    entry = ROUND_STATES.get(status)
    return entry.long_label if entry else status


def response_tag(status: str | None) -> tuple[str, str] | None:
    """(label, colour) of a response status for its tag; None for any other."""
    entry = RESPONSE_STATES.get(status)
    return (entry.label, entry.colour) if entry else None


def tag_of(status: str | None) -> tuple[str, str] | None:
    """(label, colour) of a response or round status for its tag; None for any other."""
    entry = RESPONSE_STATES.get(status) or ROUND_STATES.get(status)
    return (entry.label, entry.colour) if entry else None
