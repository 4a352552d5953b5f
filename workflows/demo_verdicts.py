"""Demo step: the OPCC's verdicts on the invented rounds, signed off by the PCC.

Read from ``workflows/demo_data/verdicts.yaml`` (meeting date, organisation code,
section id). Recorded by the demo admin through ``workflows.verdicts`` (checked and
audited like any other) and signed off by the demo PCC. Only invented rounds get
verdicts (the seed meeting's notes record none), and a response that has any verdict
already is left alone, so running the demo again changes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import select

from models import Organisation, Response, Round, User, db
from models.permissions import roles_with

from . import verdicts
from .demo_story import DemoStoryError, _admin

DATA = Path(__file__).resolve().parent / "demo_data" / "verdicts.yaml"


def demo_verdicts(report) -> None:
    """Demo step (idempotent): record and sign off the invented rounds' verdicts."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    admin, pcc = _admin(), _signer()
    added = 0
    for day, by_org in data.items():
        for code, sections in by_org.items():
            response = _response(date.fromisoformat(str(day)), code)
            if response is None or verdicts.current_verdicts(response):
                continue
            for section_id, spec in sections.items():
                verdicts.record_verdict(response, section_id, verdicts.VerdictInput(
                    spec["level"], " ".join(spec["rationale"].split()), spec["source"],
                    spec.get("reference", "")), user=admin)
            waiting = verdicts.awaiting_sign_off(response)
            verdicts.sign_off(response, [(v.id, v.edits) for v in waiting], user=pcc)
            added += len(waiting)
    if added:
        report.lines.append(f"Added {added} assurance verdicts, signed off by the PCC")


def _signer() -> User:
    user = db.session.scalar(
        select(User).where(User.role.in_(sorted(roles_with("verdict.sign_off"))),
                           User.active.is_(True)).order_by(User.id))
    if user is None:
        raise DemoStoryError("The demo verdicts need a PCC user to sign them off")
    return user


def _response(day: date, code: str) -> Response | None:
    """The organisation's response to the invented round held on ``day``."""
    return db.session.scalar(
        select(Response).join(Round, Response.round_id == Round.id)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(Round.meeting_date == day, Round.invented.is_(True), Organisation.code == code))
