"""Demo data modelled on the seed meeting: idempotent, never in production."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from flask import current_app
from sqlalchemy import select

from models import User, db

from . import accounts, offices
from .demo_register import demo_register
from .demo_story import demo_story
from .demo_verdicts import demo_verdicts
from .questionnaires import demo_load_shipped
from .rounds import demo_open_round

# The office: the OPCC, which is also the office's own organisation.
OFFICE = ("Office of the Police and Crime Commissioner for West Mercia", "OPCC")
ORGS = [
    # name, code, kind
    ("West Mercia Police", "WMP", "force"),
    ("Telford and Wrekin Local Policing Area", "TW-LPA", "other"),
    ("Shropshire Local Policing Area", "SH-LPA", "other"),
]

USERS = [
    # email, name, role, org code
    ("admin@opcc.example.org", "Jackie Irvin (demo)", "admin", "OPCC"),
    ("pcc@opcc.example.org", "John Campion (demo)", "pcc", "OPCC"),
    ("respondent@force.example.org", "Jason Wells (demo)", "respondent", "WMP"),
]


# After the people, in this order: the shipped question sets, the seed meeting and the
# invented later rounds, then the open round (it carries the story's answers). Each step
# is announced before it runs: building the rounds takes a while on a first run.
DEMO_STEPS = [
    ("Loading the question sets", demo_load_shipped),
    ("Building the demo rounds and their answers (the first run takes a while)", demo_story),
    ("Recording the OPCC's verdicts on the invented rounds", demo_verdicts),
    ("Adding the register of actions and an HMICFRS report", demo_register),
    ("Opening the demo round", demo_open_round),
]


@dataclass
class DemoReport:
    lines: list[str] = field(default_factory=list)
    credentials: list[tuple[str, str, str]] = field(default_factory=list)


def _credentials_file() -> Path:
    return Path(current_app.instance_path) / "demo-credentials.txt"


def _saved_passwords() -> dict[str, str]:
    path = _credentials_file()
    if not path.exists():
        return {}
    pairs = (line.split("\t", 1) for line in path.read_text().splitlines() if "\t" in line)
    return {email: password for email, password in pairs}


def _save_passwords(passwords: dict[str, str]) -> None:
    path = _credentials_file()
    path.write_text("".join(f"{e}\t{p}\n" for e, p in sorted(passwords.items())))
    path.chmod(0o600)


def load_demo(progress: Callable[[str], None] | None = None) -> DemoReport:
    """Load what is missing. `progress`, when given, hears each step before it runs and
    the report's lines as soon as their step is done."""
    report = DemoReport()
    say = progress or (lambda _line: None)
    steps = [("Adding the office, organisations and people", _load_people), *DEMO_STEPS]
    for announcement, step in steps:
        say(announcement + "…")
        done = len(report.lines)
        step(report)
        for line in report.lines[done:]:
            say("  " + line)
    return report


def _load_people(report: DemoReport) -> None:
    office_name, office_code = OFFICE
    if offices.find_office(office_code) is None:
        offices.create_office(name=office_name, code=office_code)
        report.lines.append(f"Added office {office_name}")
    for name, code, kind in ORGS:
        if accounts.find_org(code) is None:
            accounts.create_org(name=name, kind=kind, code=code)
            report.lines.append(f"Added organisation {name}")
    passwords = _saved_passwords()
    for email, name, role, code in USERS:
        existing = db.session.scalar(select(User).where(User.email == email))
        if existing is None:
            password = passwords.get(email) or "demo-" + secrets.token_urlsafe(9)
            accounts.create_user(email=email, name=name, role=role, password=password,
                                 org=accounts.find_org(code))
            passwords[email] = password
            report.lines.append(f"Added {role} {email}")
        report.credentials.append((email, passwords.get(email, "(set before; unknown)"), role))
    _save_passwords(passwords)
