"""Set up the load test's database through the app's workflows.

    .venv/bin/python -m bench.loadtest.prepare --database URL --out RUN/users.json

Migrates the database and makes ``--offices`` offices (codes ``LTO01``,
``LTO02``, ...). Each office gets the benchmark questionnaire (version 1, 60
questions) through the real loader, its share of the organisations (one per
simulated respondent, dealt out to the offices in turn, each with its
respondent) and of the PCC users, and an open round asking its organisations
(one draft response each). Every organisation's and user's name carries its
office's code, so that ``check.py`` can tell whose data a page shows. Then
writes who is who to a JSON file for the locust users. Every password is
``BENCH_PASSWORD``; its production strength hash is worked out once and
reused (hashing 100 times adds a minute and measures nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from datetime import date, timedelta

from ..common import make_app
from ..gen_questionnaire import KEY, questionnaire_yaml
from ..generate import BENCH_PASSWORD


def marker(n: int) -> str:
    """Office ``n``'s code, in every name of its data (``check.py`` looks for them)."""
    return f"LTO{n:02d}"


def prepare(app, respondents: int, pcc_users: int, offices: int = 1, *,
            questionnaire: tuple[str, str] | None = None) -> dict:
    """Migrate, then make the offices. ``questionnaire`` is ``(key, yaml_text)`` of the
    question set each office loads (default: the 60-question benchmark questionnaire)."""
    from flask_migrate import upgrade

    key, text = questionnaire or (KEY, questionnaire_yaml(1))
    with app.app_context():
        upgrade()
        with one_password_hash():
            made = [_office(n, respondents, pcc_users, offices, key, text)
                    for n in range(1, offices + 1)]
    people = sorted((p for o in made for p in o.pop("respondents")), key=lambda p: p["n"])
    pcc = sorted((p for o in made for p in o.pop("pcc")), key=lambda p: p["n"])
    return {"password": BENCH_PASSWORD, "questionnaire": key, "offices": made,
            "respondents": people, "pcc": pcc}


@contextmanager
def one_password_hash():
    """While inside, ``BENCH_PASSWORD`` is hashed (at production strength) once and that
    hash reused for every account (in an app context)."""
    from workflows import accounts

    strong = accounts.hash_password(BENCH_PASSWORD)
    real_hash = accounts.hash_password
    accounts.hash_password = lambda password: strong if password == BENCH_PASSWORD \
        else real_hash(password)
    try:
        yield
    finally:
        accounts.hash_password = real_hash


def _office(n: int, respondents: int, pcc_users: int, offices: int, key: str,
            text: str) -> dict:
    """Office ``n`` of ``offices``: its questionnaire, its share of the organisations (each
    with a respondent) and PCC users (dealt out in turn), an open round asking them."""
    from workflows import accounts
    from workflows.offices import create_office
    from workflows.questionnaires import load_questionnaire
    from workflows.rounds import create_round

    code = marker(n)
    office = create_office(name=f"Load test office {code}", code=code)
    version = load_questionnaire(text, path=f"{key}.yaml", office=office).version
    orgs, people = [], []
    for k in range(n, respondents + 1, offices):
        org = accounts.create_org(name=f"Load test force {k:03d} of {code}", kind="force",
                                  code=f"LT{k:03d}", office=office)
        user = accounts.create_user(email=f"lt{k:03d}.lead@example.org",
                                    name=f"Load test lead {k:03d} ({code})", role="respondent",
                                    password=BENCH_PASSWORD, org=org)
        orgs.append(org)
        people.append({"n": k, "email": user.email, "organisation_id": org.id, "office": code})
    pcc = [{"n": k, "office": code, "email": accounts.create_user(
        email=f"lt-pcc{k}@example.org", name=f"Load test PCC {k} ({code})", role="pcc",
        password=BENCH_PASSWORD, office=office).email} for k in range(n, pcc_users + 1, offices)]
    today = date.today()
    round_ = create_round(title=f"Load test assurance meeting of {code}", version=version,
                          meeting_date=today + timedelta(days=14),
                          deadline=today + timedelta(days=7), organisations=orgs,
                          status="open", venue="Conference Room", chair="The PCC")
    by_org = {r.organisation_id: r.id for r in round_.responses}
    for person in people:
        person["response_id"] = by_org[person["organisation_id"]]
    return {"code": code, "id": office.id, "round_id": round_.id,
            "response_ids": sorted(by_org.values()), "respondents": people, "pcc": pcc}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--respondents", type=int, default=100)
    parser.add_argument("--pcc", type=int, default=4)
    parser.add_argument("--offices", type=int, default=4)
    args = parser.parse_args(argv)
    if not 1 <= args.offices <= min(args.respondents, 99):
        parser.error("--offices must be between 1 and the number of respondents (at most 99)")
    found = prepare(make_app(args.database), args.respondents, args.pcc, args.offices)
    with open(args.out, "w") as fh:
        json.dump(found, fh, indent=1)
    print(f"prepared {len(found['offices'])} offices, {len(found['respondents'])} respondents, "
          f"{len(found['pcc'])} PCC users, rounds "
          + ", ".join(str(o["round_id"]) for o in found["offices"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
