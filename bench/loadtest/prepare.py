"""Set up the load test's database through the app's workflows.

    .venv/bin/python -m bench.loadtest.prepare --database URL --out RUN/users.json

Migrates the database, loads the benchmark questionnaire (version 1, 60
questions) with the real loader, creates one organisation and one respondent
per simulated respondent, PCC users, and an open round asking every
organisation (one draft response each), then writes who is who to a JSON file
for the locust users. Every password is ``BENCH_PASSWORD``; its production
strength hash is worked out once and reused (hashing 100 times adds a minute
and measures nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta

from ..common import make_app
from ..gen_questionnaire import KEY, questionnaire_yaml
from ..generate import BENCH_PASSWORD


def prepare(app, respondents: int, pcc_users: int) -> dict:
    from flask_migrate import upgrade

    from workflows import accounts
    from workflows.questionnaires import load_questionnaire
    from workflows.rounds import create_round

    with app.app_context():
        upgrade()
        strong = accounts.hash_password(BENCH_PASSWORD)
        real_hash = accounts.hash_password
        accounts.hash_password = lambda password: strong if password == BENCH_PASSWORD \
            else real_hash(password)
        try:
            version = load_questionnaire(questionnaire_yaml(1), path=f"{KEY}.yaml").version
            orgs, people = [], []
            for n in range(1, respondents + 1):
                org = accounts.create_org(name=f"Load test force {n:03d}", kind="force",
                                          code=f"LT{n:03d}")
                user = accounts.create_user(email=f"lt{n:03d}.lead@example.org",
                                            name=f"Load test lead {n:03d}", role="respondent",
                                            password=BENCH_PASSWORD, org=org)
                orgs.append(org)
                people.append({"email": user.email, "organisation_id": org.id})
            pcc = [accounts.create_user(email=f"lt-pcc{n}@example.org", name=f"Load test PCC {n}",
                                        role="pcc", password=BENCH_PASSWORD).email
                   for n in range(1, pcc_users + 1)]
            today = date.today()
            round_ = create_round(title="Load test assurance meeting", version=version,
                                  meeting_date=today + timedelta(days=14),
                                  deadline=today + timedelta(days=7), organisations=orgs,
                                  status="open", venue="Conference Room", chair="The PCC")
        finally:
            accounts.hash_password = real_hash
        by_org = {r.organisation_id: r.id for r in round_.responses}
        for person in people:
            person["response_id"] = by_org[person["organisation_id"]]
        return {"password": BENCH_PASSWORD, "round_id": round_.id, "questionnaire": KEY,
                "respondents": people, "pcc": pcc}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--respondents", type=int, default=100)
    parser.add_argument("--pcc", type=int, default=4)
    args = parser.parse_args(argv)
    found = prepare(make_app(args.database), args.respondents, args.pcc)
    with open(args.out, "w") as fh:
        json.dump(found, fh, indent=1)
    print(f"prepared {len(found['respondents'])} respondents, {len(found['pcc'])} PCC users, "
          f"round {found['round_id']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
