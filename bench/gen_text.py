"""Plausible answer text of a chosen length, from a seeded random generator.

Sentences are put together from parts about police assurance work, so the
text looks like what force leads write (and compresses like it, unlike random
letters). Some answers are bullet lists whose lines begin with "- ", and a
few use characters outside ASCII, as real answers do.
"""

from __future__ import annotations

import random

SUBJECTS = [
    "The force", "The Chief Constable", "The Public Protection Unit", "The MASH",
    "Each local policing area", "The alliance", "The Detective Superintendent",
    "The partnership board", "The CSE coordinator", "Neighbourhood teams",
    "The Local Safeguarding Children Board", "The missing persons team",
    "The analyst team", "The ACC for local policing", "Our partners in health",
]
VERBS = [
    "has reviewed", "continues to improve", "is refreshing", "has started to map",
    "reports quarterly on", "has agreed a plan for", "is not yet confident about",
    "has invested in", "is working with partners on", "has audited",
    "recognises the gaps in", "has strengthened", "will publish an update on",
    "is piloting changes to", "has trained officers in",
]
OBJECTS = [
    "the threat assessment", "information sharing with the local authority",
    "flagging of CSE on incidents and crimes", "support for victims through ISVAs",
    "the disruption of offenders", "the use of hotels and taxi firms",
    "the missing persons database", "digital triage of devices",
    "the recommendations of the HMIC inspection", "peer to peer exploitation",
    "the return home interviews", "the CATE support group", "training for call handlers",
    "the quality of referrals from schools", "the performance framework",
]
TAILS = [
    "", "", "", " across the force area", " by the end of the year", " with partners",
    " in Telford and Wrekin", " as part of the control strategy", " (see the action plan)",
    " – progress is reported to the board", " where resources allow",
    " following last quarter’s audit", " at a cost of about £40,000", " this quarter",
]
OWNERS = ["DCI Patel", "Det Supt Wells", "ACC Blakeman", "Head of PPU", "MASH manager",
          "Insp. O'Neill", "Chief Insp. Hughes", "Sgt Ó Briain", "LSCB chair", "Analyst lead"]
TITLES = [
    "Systems are not integrated", "Missing persons data not shared", "Deprivation not mapped",
    "Digital triage backlog", "Landlord intelligence not available", "Training gaps in PPU",
    "Return interviews not consistent", "Flagging of CSE incomplete", "Partner data quality",
    "Victim feedback not collected", "Offender disruption tactics untested",
    "School referrals inconsistent", "Out of area placements not tracked",
    "Night-time economy patrols", "ISVA capacity",
]


class TextMaker:
    """Text from ``rng`` (a ``random.Random``): the same seed, the same text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        r = self.rng
        return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)}{r.choice(TAILS)}."

    def text(self, low: int, high: int) -> str:
        """Text of ``low``..``high`` characters (log-uniform: mostly shorter)."""
        r = self.rng
        target = int(low * (high / low) ** r.random())
        bullets = target > 300 and r.random() < 0.2
        parts: list[str] = []
        size = 0
        while size < target:
            if bullets:
                piece = ("\n- " if parts else "- ") + self.sentence()
            else:
                piece = (" " if parts and r.random() > 0.15 else "\n\n" if parts else "") \
                    + self.sentence()
            parts.append(piece)
            size += len(piece)
        text = "".join(parts)
        if len(text) > high:
            text = text[:high].rsplit(" ", 1)[0].rstrip(" ,–-") + "."
        return text

    def short(self, high: int = 120) -> str:
        text = self.sentence()
        return text if len(text) <= high else text[: high - 1].rsplit(" ", 1)[0] + "."

    def owner(self) -> str:
        return self.rng.choice(OWNERS)

    def gap_title(self) -> str:
        return self.rng.choice(TITLES)
