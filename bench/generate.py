"""Fill a database with a national-scale history, for the benchmarks.

    .venv/bin/python -m bench.generate --scale 1.0 --reset \
        --database sqlite:///bench/data/national.sqlite
    .venv/bin/python -m bench.generate --scale 0.01 --reset \
        --database postgresql+psycopg://app:app@127.0.0.1:5432/bench_small

Scale 1.0 is all 43 forces of England and Wales in 41 offices (``bench.gen_offices``:
two offices hold two forces each), each office answering 40 quarterly rounds of its own
copy of a 60-question questionnaire (about 100,000 answers in all); smaller scales
shrink the number of forces and of rounds alike (each by the square root of the scale,
with at least one force and three rounds, so that the questionnaire's three versions
are all used), and the offices in proportion (at least two when there are two forces).
The database is migrated with the Alembic migrations first; each office is made with
``workflows.offices.create_office`` and its questionnaire's three versions go in
through the real loader (``workflows.questionnaires.load_questionnaire``); the first
office's questionnaire is in the national library and every other office's is adopted
from it; everything else is bulk-inserted through the models. The same seed gives the
same data.

Every user's password is ``BENCH_PASSWORD``. Per office (code ``OPCC-ASC``, or
``OPCC-CLE-WMP`` for two forces): ``opcc-asc.admin@example.org`` and
``opcc-asc.pcc@example.org``; per force, ``<code>.lead1@example.org`` and
``<code>.lead2@example.org`` (code in lower case, e.g. ``wmp.lead1@example.org``).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select, text, update
from werkzeug.security import generate_password_hash

from models import AuditEvent, Office, Organisation, Questionnaire, QuestionnaireVersion, User, db

from .gen_answers import OrgState
from .gen_history import History, Versions, bulk
from .gen_offices import OfficePlan, office_problems, offices_for, plan_offices
from .gen_questionnaire import KEY, questionnaire_yaml

BENCH_PASSWORD = "bench-password-2026"
EPOCH = datetime(2015, 12, 1, 9, 0, tzinfo=timezone.utc)
FORCES = [
    ("Avon and Somerset Constabulary", "ASC"), ("Bedfordshire Police", "BDP"),
    ("Cambridgeshire Constabulary", "CAM"), ("Cheshire Constabulary", "CHE"),
    ("City of London Police", "COL"), ("Cleveland Police", "CLE"), ("Cumbria Constabulary", "CUM"),
    ("Derbyshire Constabulary", "DER"), ("Devon and Cornwall Police", "DCP"),
    ("Dorset Police", "DOR"), ("Durham Constabulary", "DUR"), ("Dyfed-Powys Police", "DPP"),
    ("Essex Police", "ESX"), ("Gloucestershire Constabulary", "GLO"),
    ("Greater Manchester Police", "GMP"), ("Gwent Police", "GWE"),
    ("Hampshire and Isle of Wight Constabulary", "HIW"), ("Hertfordshire Constabulary", "HER"),
    ("Humberside Police", "HUM"), ("Kent Police", "KEN"), ("Lancashire Constabulary", "LAN"),
    ("Leicestershire Police", "LEI"), ("Lincolnshire Police", "LIN"), ("Merseyside Police", "MER"),
    ("Metropolitan Police Service", "MPS"), ("Norfolk Constabulary", "NOR"),
    ("North Wales Police", "NWP"), ("North Yorkshire Police", "NYP"),
    ("Northamptonshire Police", "NTH"), ("Northumbria Police", "NUM"),
    ("Nottinghamshire Police", "NOT"), ("South Wales Police", "SWP"),
    ("South Yorkshire Police", "SYP"), ("Staffordshire Police", "STA"),
    ("Suffolk Constabulary", "SUF"), ("Surrey Police", "SUR"), ("Sussex Police", "SUS"),
    ("Thames Valley Police", "TVP"), ("Warwickshire Police", "WAR"), ("West Mercia Police", "WMP"),
    ("West Midlands Police", "WMD"), ("West Yorkshire Police", "WYP"), ("Wiltshire Police", "WIL"),
]
assert len(FORCES) == 43
P_BENCHMARK = 0.8  # offices that contribute to the national benchmark
MAX_SHIFT_DAYS = 30  # an office's meetings are up to a month from the national calendar


@dataclass(frozen=True)
class Plan:
    scale: float
    organisations: int  # forces
    rounds: int  # per office
    offices: int

    @property
    def answers_expected(self) -> int:
        return self.organisations * self.rounds * 60


def plan_for(scale: float) -> Plan:
    if not 0 < scale <= 1:
        raise ValueError("--scale must be more than 0 and at most 1")
    root = math.sqrt(scale)
    forces = max(1, min(43, round(43 * root)))
    return Plan(scale, forces, max(3, min(40, round(40 * root))), offices_for(forces))


# ---------------------------------------------------------------------- set-up


def reset_database() -> None:
    """Empty the database (every table and the migration stamp)."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    db.session.remove()
    db.engine.dispose()
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        for suffix in ("", "-wal", "-shm"):
            Path(engine.url.database + suffix).unlink(missing_ok=True)


def _users(office: OfficePlan, office_id: int, orgs: list[tuple[int, str]],
           password_hash: str) -> tuple[int, dict[int, list[int]]]:
    """The office's admin and PCC, and two respondents per force."""
    rows = [{"email": office.admin_email, "name": f"Policy officer ({office.code})",
             "role": "admin", "organisation_id": None},
            {"email": office.pcc_email, "name": f"Commissioner ({office.code})", "role": "pcc",
             "organisation_id": None}]
    for org_id, code in orgs:
        for n in (1, 2):
            rows.append({"email": f"{code.lower()}.lead{n}@example.org",
                         "name": f"Force lead {n} ({code})", "role": "respondent",
                         "organisation_id": org_id})
    for row in rows:
        row.update(active=True, password_hash=password_hash, session_version=1, created_at=EPOCH,
                   office_id=office_id)
    ids = bulk(User, rows, returning=True)
    respondents: dict[int, list[int]] = {}
    for row, user_id in zip(rows, ids):
        if row["organisation_id"] is not None:
            respondents.setdefault(row["organisation_id"], []).append(user_id)
    return ids[0], respondents


def _office(office: OfficePlan, rng: random.Random) -> int:
    """The office (through the workflow, which also makes its OPCC organisation), and
    whether it contributes to the national benchmark (most do)."""
    from workflows.offices import create_office

    office_id = create_office(name=office.name, code=office.code).id
    if rng.random() < P_BENCHMARK:
        db.session.execute(update(Office).where(Office.id == office_id)
                           .values(benchmark_opt_in=True))
        db.session.add(AuditEvent(at=EPOCH, actor="bench", action="office.benchmark",
                                  object_type="office", object_id=str(office_id),
                                  office_id=office_id, detail={"opt_in": True}))
    db.session.execute(update(Organisation).where(Organisation.office_id == office_id)
                       .values(created_at=EPOCH))
    return office_id


def _organisations(office: OfficePlan, office_id: int) -> list[tuple[int, str]]:
    rows = [{"name": name, "code": code, "kind": "force", "created_at": EPOCH,
             "office_id": office_id} for name, code in office.forces]
    ids = bulk(Organisation, rows, returning=True)
    return [(i, code) for i, (_, code) in zip(ids, office.forces)]


def _versions(office_id: int, library_id: int | None) -> Versions:
    """The office's questionnaire, its three versions through the real loader. The first
    office's is in the national library; every other office's is adopted from it (same
    key and question ids)."""
    from workflows.questionnaires import load_questionnaire

    office = db.session.get(Office, office_id)
    ids, definitions = [], []
    for v in (1, 2, 3):
        result = load_questionnaire(questionnaire_yaml(v), path=f"{KEY}.v{v}.yaml", office=office)
        if result.refused:
            raise RuntimeError(result.report())
        ids.append(result.version.id)
        definitions.append(result.version.definition)
    questionnaire_id = db.session.get(QuestionnaireVersion, ids[0]).questionnaire_id
    db.session.execute(update(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(ids))
                       .values(loaded_at=EPOCH))
    shared = {"library_at": EPOCH} if library_id is None else {"adopted_from_id": library_id}
    db.session.execute(update(Questionnaire).where(Questionnaire.id == questionnaire_id)
                       .values(created_at=EPOCH, **shared))
    db.session.commit()
    return Versions(ids, definitions, KEY, questionnaire_id)


# ---------------------------------------------------------------------- running


def generate(app, *, scale: float, seed: int = 1, reset: bool = False,
             progress=lambda _msg: None) -> dict[str, int]:
    """Fill the app's database; returns the row counts (see ``counts``)."""
    from flask_migrate import upgrade

    plan = plan_for(scale)
    rng = random.Random(seed)
    with app.app_context():
        if reset:
            reset_database()
        upgrade()
        if db.session.scalar(select(Questionnaire.id).where(Questionnaire.key == KEY)):
            raise SystemExit(f"the database already has {KEY!r}: use --reset to start again")
        forces = sorted(rng.sample(FORCES, plan.organisations))
        password_hash = generate_password_hash(BENCH_PASSWORD,
                                               method=app.config["PASSWORD_HASH_METHOD"])
        library_id = None
        for n, office in enumerate(plan_offices(rng, forces, plan.offices), 1):
            library_id = _generate_office(office, rng, plan, password_hash, library_id)
            progress(f"office {n}/{plan.offices} {office.code}: {len(office.forces)} force(s), "
                     f"{plan.rounds} rounds")
        _sync_sequences()
        found = counts()
        db.session.remove()
    return found


def _generate_office(office: OfficePlan, rng: random.Random, plan: Plan, password_hash: str,
                     library_id: int | None) -> int:
    """One office with its forces, users, questionnaire and history; returns the id of the
    library's questionnaire (the first office's)."""
    office_id = _office(office, rng)
    orgs = _organisations(office, office_id)
    admin_id, respondents = _users(office, office_id, orgs, password_hash)
    db.session.commit()
    versions = _versions(office_id, library_id)
    states = [OrgState(org_id, respondents[org_id]) for org_id, _ in orgs]
    shift = rng.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS)  # each office meets on its own dates
    History(rng, versions, states, admin_id, office_id).run(plan.rounds, shift=shift)
    return library_id or versions.questionnaire_id


def _sync_sequences() -> None:
    """Nothing to do on either database (ids came from the database), kept as a check."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def counts() -> dict[str, int]:
    """Rows per table, plus carried and closed gaps."""
    from models import Answer, Gap, GapEntry, Response, Round

    out = {t.name: db.session.scalar(select(func.count()).select_from(t))
           for t in db.metadata.sorted_tables}
    out["carried_gap_entries"] = db.session.scalar(
        select(func.count()).select_from(GapEntry).where(GapEntry.carried.is_(True)))
    out["closed_gaps"] = db.session.scalar(
        select(func.count()).select_from(Gap).where(Gap.status == "closed"))
    out["gaps_in_several_rounds"] = db.session.scalar(select(func.count()).select_from(
        select(GapEntry.gap_id).group_by(GapEntry.gap_id).having(func.count() > 1).subquery()))
    out["submitted_answers"] = db.session.scalar(
        select(func.count()).select_from(Answer).join(Response, Answer.response_id == Response.id)
        .where(Response.status != "draft"))
    out["open_rounds"] = db.session.scalar(
        select(func.count()).select_from(Round).where(Round.status == "open"))
    out["forces"] = db.session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.kind == "force"))
    out["rows_outside_their_office"] = sum(office_problems().values())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01, help="fraction of national (0.01..1)")
    parser.add_argument("--database", required=True, help="SQLAlchemy URL (sqlite:///... or "
                        "postgresql+psycopg://...)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true", help="drop everything in it first")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    from .common import make_app

    app = make_app(args.database)
    plan = plan_for(args.scale)
    say = (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    say(f"scale {plan.scale}: {plan.organisations} forces in {plan.offices} offices x "
        f"{plan.rounds} rounds x 60 questions (up to {plan.answers_expected:,} answers)")
    start = time.perf_counter()
    found = generate(app, scale=args.scale, seed=args.seed, reset=args.reset, progress=say)
    say(f"done in {time.perf_counter() - start:.1f} s")
    for name, n in sorted(found.items()):
        print(f"{name}\t{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
