"""The offices of the generated service: which forces each OPCC holds to account.

England and Wales have 43 territorial forces; the generated service has 41 offices over
them: 39 offices of one force each and two offices of two forces each (which two pairs
is drawn from the seed: the real map has one oversight body per force, so a pair stands
for a shared office such as a merged PCC or a service run for two commissioners). A
smaller scale has fewer forces and proportionally fewer offices (``offices_for``), at
least two as soon as there are two forces.

``office_problems()`` checks a generated database: every row belongs to exactly one
office, and everything that points at something else points into the same office.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

NATIONAL_FORCES, NATIONAL_OFFICES = 43, 41
# Offices that are not a PCC's (for an office holding just that force).
NAMES = {"MPS": "Mayor's Office for Policing and Crime",
         "COL": "City of London Police Authority"}
SUFFIXES = (" Police Service", " Constabulary", " Police")


@dataclass(frozen=True)
class OfficePlan:
    """One generated office: its name, code and its forces (name, code) in order."""

    name: str
    code: str
    forces: tuple[tuple[str, str], ...]

    @property
    def admin_email(self) -> str:
        return f"{self.code.lower()}.admin@example.org"

    @property
    def pcc_email(self) -> str:
        return f"{self.code.lower()}.pcc@example.org"


def offices_for(forces: int) -> int:
    """How many offices hold ``forces`` forces: 41 for 43, in proportion below."""
    if forces < 2:
        return forces
    return max(2, forces * NATIONAL_OFFICES // NATIONAL_FORCES)


def area(force_name: str) -> str:
    """``Avon and Somerset Constabulary`` -> ``Avon and Somerset``."""
    for suffix in SUFFIXES:
        if force_name.endswith(suffix):
            return force_name[: -len(suffix)]
    return force_name


def plan_offices(rng: random.Random, forces: list[tuple[str, str]],
                 offices: int) -> list[OfficePlan]:
    """Share ``forces`` among ``offices`` offices: ``len(forces) - offices`` of them hold two
    forces (drawn with ``rng``), the rest one. Offices come in the order of their first
    force's name, so the first office is the same for a seed at every run."""
    doubled = len(forces) - offices
    if not 0 <= doubled <= offices:
        raise ValueError(f"cannot share {len(forces)} forces among {offices} offices")
    shuffled = list(forces)
    rng.shuffle(shuffled)
    groups = [tuple(sorted(shuffled[2 * i: 2 * i + 2])) for i in range(doubled)]
    groups += [(f,) for f in shuffled[2 * doubled:]]
    return [_office(group) for group in sorted(groups)]


def _office(forces: tuple[tuple[str, str], ...]) -> OfficePlan:
    codes = [code for _, code in forces]
    if len(forces) == 1 and codes[0] in NAMES:
        name = NAMES[codes[0]]
    else:
        name = ("Office of the Police and Crime Commissioner for "
                + " and ".join(area(n) for n, _ in forces))
    return OfficePlan(name, "OPCC-" + "-".join(codes), forces)


# ------------------------------------------------------------------ the check

# (what is checked, SQL giving the rows that break it)
CHECKS = [
    ("organisations without an office",
     "SELECT count(*) FROM organisation WHERE office_id IS NULL"),
    ("users (other than service administrators) without an office",
     "SELECT count(*) FROM user_account WHERE office_id IS NULL AND role != 'service_admin'"),
    ("respondents of an organisation of another office",
     "SELECT count(*) FROM user_account u JOIN organisation o ON o.id = u.organisation_id "
     "WHERE o.office_id != u.office_id"),
    ("questionnaires without an office",
     "SELECT count(*) FROM questionnaire WHERE office_id IS NULL"),
    ("questionnaires adopted from one of their own office",
     "SELECT count(*) FROM questionnaire q JOIN questionnaire a ON a.id = q.adopted_from_id "
     "WHERE a.office_id = q.office_id"),
    ("rounds on a questionnaire of another office",
     "SELECT count(*) FROM round r JOIN questionnaire_version v "
     "ON v.id = r.questionnaire_version_id JOIN questionnaire q ON q.id = v.questionnaire_id "
     "WHERE r.office_id IS NULL OR q.office_id != r.office_id"),
    ("rounds made by a user of another office",
     "SELECT count(*) FROM round r JOIN user_account u ON u.id = r.created_by_id "
     "WHERE u.office_id != r.office_id"),
    ("responses of an organisation of another office than their round's",
     "SELECT count(*) FROM response s JOIN round r ON r.id = s.round_id "
     "JOIN organisation o ON o.id = s.organisation_id WHERE o.office_id != r.office_id"),
    ("responses on a version of another office's questionnaire",
     "SELECT count(*) FROM response s JOIN round r ON r.id = s.round_id "
     "JOIN questionnaire_version v ON v.id = s.questionnaire_version_id "
     "JOIN questionnaire q ON q.id = v.questionnaire_id WHERE q.office_id != r.office_id"),
    ("answers written by a user of another office",
     "SELECT count(*) FROM answer a JOIN response s ON s.id = a.response_id "
     "JOIN round r ON r.id = s.round_id JOIN user_account u ON u.id = a.updated_by_id "
     "WHERE u.office_id != r.office_id"),
    ("gaps first seen in a round of another office",
     "SELECT count(*) FROM gap g JOIN organisation o ON o.id = g.organisation_id "
     "JOIN round r ON r.id = g.first_round_id WHERE o.office_id != r.office_id"),
    ("gap entries in a response of another office than their gap's",
     "SELECT count(*) FROM gap_entry e JOIN gap g ON g.id = e.gap_id "
     "JOIN organisation o ON o.id = g.organisation_id JOIN response s ON s.id = e.response_id "
     "JOIN round r ON r.id = s.round_id WHERE o.office_id != r.office_id"),
    ("audit events without an office",
     "SELECT count(*) FROM audit_event WHERE office_id IS NULL"),
    ("audit events of a user of another office",
     "SELECT count(*) FROM audit_event e JOIN user_account u ON u.id = e.user_id "
     "WHERE u.office_id != e.office_id"),
    ("audit events on a round of another office",
     "SELECT count(*) FROM audit_event e JOIN round r ON e.object_type = 'round' "
     "AND e.object_id = CAST(r.id AS VARCHAR(80)) WHERE r.office_id != e.office_id"),
    ("audit events on a response of another office",
     "SELECT count(*) FROM audit_event e JOIN response s ON e.object_type = 'response' "
     "AND e.object_id = CAST(s.id AS VARCHAR(80)) JOIN round r ON r.id = s.round_id "
     "WHERE r.office_id != e.office_id"),
]


def office_problems() -> dict[str, int]:
    """{what is wrong: how many rows} for every check that some row breaks (empty: every
    row belongs to one office and points only into it)."""
    from sqlalchemy import text

    from models import db

    found = {what: db.session.scalar(text(sql)) for what, sql in CHECKS}
    return {what: n for what, n in found.items() if n}
