"""The register of actions and recommendations: its sources, statuses, labels and the
moves between statuses, and the 56-day clock of an HMICFRS report.

Pure data (imports nothing of the app), like ``models/status.py`` for responses and
rounds. The model builds its check constraints from the names, the workflows guard
every change of status with ``action_move``, and views, templates, exports and the
command line read the labels from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .status import Status

# ------------------------------------------------------------------- sources

MEETING, RECOMMENDATION, AFI, CAUSE = "meeting", "recommendation", "afi", "cause"
AUDIT, OTHER = "audit", "other"

SOURCE_LABELS = {
    MEETING: "Action agreed at a meeting",
    RECOMMENDATION: "HMICFRS recommendation",
    AFI: "HMICFRS area for improvement",
    CAUSE: "HMICFRS cause of concern",
    AUDIT: "Internal audit recommendation",
    OTHER: "Other",
}
SOURCES = tuple(SOURCE_LABELS)
# The sources an HMICFRS report's items have (and the CSV import's "type" column).
REPORT_SOURCES = (RECOMMENDATION, AFI, CAUSE)
REPORT_SOURCE_LABELS = {RECOMMENDATION: "Recommendation", AFI: "Area for improvement",
                        CAUSE: "Cause of concern"}


def source_label(source: str | None) -> str:
    return SOURCE_LABELS.get(source, source or "")


# ------------------------------------------------------------------ statuses

OPEN, IN_PROGRESS, COMPLETED, CLOSED, SUPERSEDED = (
    "open", "in_progress", "completed", "closed", "superseded")

ACTION_STATES = {s.name: s for s in (
    Status(OPEN, "Open", "Open", "grey"),
    Status(IN_PROGRESS, "In progress", "In progress", "blue"),
    Status(COMPLETED, "Completed", "Completed (awaiting the OPCC)", "turquoise"),
    Status(CLOSED, "Closed", "Closed (the OPCC agrees)", "green"),
    Status(SUPERSEDED, "Superseded", "Superseded", "purple"),
)}
ACTION_STATUSES = tuple(ACTION_STATES)
# Still to be done by the owner: these are carried into the next response and can be
# overdue. A completed item waits for the OPCC, not for the owner.
STILL_OPEN = (OPEN, IN_PROGRESS)
# Not finished with: everything but closed and superseded.
LIVE = (OPEN, IN_PROGRESS, COMPLETED)


@dataclass(frozen=True)
class ActionMove:
    source: str
    target: str
    action: str  # the audit action's last word and the button's meaning
    permission: str  # the named permission a user needs to make the move
    button: str  # the words on the button
    needs: str | None = None  # what must be written: "evidence" or "note"


ACTION_MOVES = (
    ActionMove(OPEN, IN_PROGRESS, "start", "actions.update", "Mark as in progress"),
    ActionMove(OPEN, COMPLETED, "complete", "actions.update", "Mark as completed", "evidence"),
    ActionMove(IN_PROGRESS, COMPLETED, "complete", "actions.update", "Mark as completed",
               "evidence"),
    ActionMove(COMPLETED, IN_PROGRESS, "not_done", "actions.manage",
               "Not done yet: back to in progress", "note"),
    ActionMove(COMPLETED, CLOSED, "close", "actions.manage", "Close: the OPCC agrees"),
    ActionMove(OPEN, CLOSED, "close", "actions.manage", "Close: the OPCC agrees", "note"),
    ActionMove(IN_PROGRESS, CLOSED, "close", "actions.manage", "Close: the OPCC agrees", "note"),
    ActionMove(OPEN, SUPERSEDED, "supersede", "actions.manage", "Mark as superseded", "note"),
    ActionMove(IN_PROGRESS, SUPERSEDED, "supersede", "actions.manage", "Mark as superseded",
               "note"),
    ActionMove(COMPLETED, SUPERSEDED, "supersede", "actions.manage", "Mark as superseded",
               "note"),
    ActionMove(CLOSED, OPEN, "reopen", "actions.manage", "Reopen", "note"),
    ActionMove(SUPERSEDED, OPEN, "reopen", "actions.manage", "Reopen", "note"),
)


def action_move(source: str | None, target: str) -> ActionMove | None:
    """The move of an item from ``source`` to ``target`` (None: not allowed)."""
    for move in ACTION_MOVES:
        if move.source == source and move.target == target:
            return move
    return None


def moves_from(source: str) -> tuple[ActionMove, ...]:
    return tuple(m for m in ACTION_MOVES if m.source == source)


def action_label(status: str | None) -> str:
    entry = ACTION_STATES.get(status)
    return entry.label if entry else (status or "")


def action_tag(status: str | None) -> tuple[str, str] | None:
    entry = ACTION_STATES.get(status)
    return (entry.label, entry.colour) if entry else None


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Still open (or in progress) after its due date."""
    return due is not None and status in STILL_OPEN and due < today


# ----------------------------------------------------- an HMICFRS report's clock

# Police Act 1996, s.55: the PCC publishes comments on an HMICFRS report on their force
# within 56 days of its publication.
RESPONSE_DAYS = 56
# The Chief Constable's comments are asked for by default this long after publication,
# leaving the OPCC four weeks to draft the PCC's response.
CC_COMMENT_DAYS = 28
DUE_SOON_DAYS = 14  # a response due within this many days shows on the home pages


def response_due(published: date) -> date:
    """The day by which the PCC's response to a report published on ``published`` is due."""
    return published + timedelta(days=RESPONSE_DAYS)


def cc_comments_due(published: date) -> date:
    return published + timedelta(days=CC_COMMENT_DAYS)


# The words of each line of an item's history (``ActionUpdate.kind``).
HISTORY_LABELS = {
    "create": "Added to the register", "edit": "Details changed", "update": "Progress update",
    "start": "Marked in progress", "complete": "Marked completed", "not_done":
    "Sent back to in progress", "close": "Closed", "supersede": "Marked superseded",
    "reopen": "Reopened",
}


def history_label(kind: str) -> str:
    return HISTORY_LABELS.get(kind, kind.replace("_", " ").capitalize())


def overdue_now(item) -> bool:
    """``is_overdue`` for an item (anything with ``status`` and ``due_date``), today."""
    return is_overdue(item.status, item.due_date, date.today())
