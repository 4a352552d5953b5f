"""The OPCC's assurance verdicts: their levels, sources, states and moves, in one place.

Pure data (imports nothing of the app but ``models.status``). After the meeting an admin
records, for a section of a response (or a single question), whether the OPCC is
assured, partly assured or not assured, why, and where the assurance comes from. The
PCC signs the verdicts off; a signed-off verdict is locked, and changing it afterwards
makes a new, dated version (the earlier ones stay readable).
"""

from __future__ import annotations

from dataclasses import dataclass

from .status import ACCEPTED, CLOSED, PUBLISHED, SUBMITTED

# ---------------------------------------------------------------- levels


@dataclass(frozen=True)
class Level:
    name: str
    label: str  # "Partly assured"
    phrase: str  # after "the OPCC is": "partly assured"
    colour: str  # of its GOV.UK tag
    rag: str  # the confidence RAG that says the same thing (for the disagreement)
    rank: int  # 3 assured, 1 not assured


ASSURED, PARTLY_ASSURED, NOT_ASSURED = "assured", "partly_assured", "not_assured"

LEVELS = {lv.name: lv for lv in (
    Level(ASSURED, "Assured", "assured", "green", "green", 3),
    Level(PARTLY_ASSURED, "Partly assured", "partly assured", "yellow", "amber", 2),
    Level(NOT_ASSURED, "Not assured", "not assured", "red", "red", 1),
)}
LEVEL_NAMES = tuple(LEVELS)

# --------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    independent: bool  # independent sources need a reference (report, audit, paragraph)


SOURCES = {s.name: s for s in (
    Source("force", "The force's own account", False),
    Source("opcc", "OPCC scrutiny", False),
    Source("hmicfrs", "Independent: HMICFRS", True),
    Source("internal_audit", "Independent: internal audit", True),
    Source("other", "Independent: other", True),
)}
SOURCE_NAMES = tuple(SOURCES)

# ---------------------------------------------------------------- states

RECORDED, SIGNED_OFF = "recorded", "signed_off"


@dataclass(frozen=True)
class State:
    name: str
    label: str
    colour: str


VERDICT_STATES = {s.name: s for s in (
    State(RECORDED, "Awaiting sign-off", "blue"),
    State(SIGNED_OFF, "Signed off", "green"),
)}
VERDICT_STATUSES = tuple(VERDICT_STATES)


@dataclass(frozen=True)
class VerdictMove:
    source: str | None  # None: no verdict yet
    target: str
    action: str  # the audit action is "verdict." + this
    permission: str
    new_version: bool  # the move keeps the row it starts from and adds a version


VERDICT_MOVES = (
    VerdictMove(None, RECORDED, "record", "verdict.record", True),
    VerdictMove(RECORDED, RECORDED, "change", "verdict.record", False),
    VerdictMove(RECORDED, SIGNED_OFF, "sign_off", "verdict.sign_off", False),
    VerdictMove(SIGNED_OFF, RECORDED, "revise", "verdict.record", True),
)

# Verdicts are recorded after the meeting: on a closed or published round, for a
# response that the organisation submitted (there is an account to judge).
ROUND_STATES_JUDGED = (CLOSED, PUBLISHED)
RESPONSE_STATES_JUDGED = (SUBMITTED, ACCEPTED)

RATIONALE_MAX = 10000
REFERENCE_MAX = 200


def verdict_move(source: str | None, target: str) -> VerdictMove | None:
    """The move from ``source`` (None: no verdict yet) to ``target``; None: not allowed."""
    for move in VERDICT_MOVES:
        if move.source == source and move.target == target:
            return move
    return None


def level_label(name: str | None) -> str:
    entry = LEVELS.get(name)
    return entry.label if entry else ""


def level_tag(name: str | None) -> tuple[str, str] | None:
    entry = LEVELS.get(name)
    return (entry.label, entry.colour) if entry else None


def source_label(name: str | None) -> str:
    entry = SOURCES.get(name)
    return entry.label if entry else ""


def state_tag(name: str | None) -> tuple[str, str] | None:
    entry = VERDICT_STATES.get(name)
    return (entry.label, entry.colour) if entry else None


def problems_with(level: str | None, rationale: str | None, source: str | None,
                  reference: str | None) -> dict[str, str]:
    """{field: message} for each problem with a verdict as entered (empty: none). The form
    and the workflow both ask this, so the page and the rule say the same thing."""
    problems = {}
    if level not in LEVELS:
        problems["level"] = "Select whether the OPCC is assured, partly assured or not assured"
    rationale = (rationale or "").strip()
    if not rationale:
        problems["rationale"] = "Enter the rationale: why the OPCC reached this verdict"
    elif len(rationale) > RATIONALE_MAX:
        problems["rationale"] = f"The rationale must be {RATIONALE_MAX:,} characters or fewer"
    found = SOURCES.get(source or "")
    reference = (reference or "").strip()
    if found is None:
        problems["source"] = "Select where the assurance comes from"
    elif found.independent and not reference:
        problems["reference"] = ("Enter the reference of the independent source: the report "
                                 "or audit, and the paragraph")
    if len(reference) > REFERENCE_MAX:
        problems["reference"] = f"The reference must be {REFERENCE_MAX} characters or fewer"
    return problems
