"""After the load test: is every submitted answer in the database exactly as sent, and
did every user see only their own office's data?

    .venv/bin/python -m bench.loadtest.check --database URL --records RUN/submitted.jsonl \
        --users RUN/users.json [--seen RUN/seen.jsonl] [--logs RUN/*.log]

For every response a locust user submitted, the answers it last sent for each
section are turned into what the app stores (a rating's integer, a number,
a list of ticked options, text as typed) and compared, value by value and byte
for byte, with the response's answers in the database: nothing missing,
nothing extra, nothing changed; questions that ``show_if`` hides must have no
answer. The response must be ``submitted`` and of the respondent's office.

Every page and download a user fetched (``--seen``, see ``seen.py``) must name
no office but the user's own, and every probe of another office's object must
have been answered 404. In the database, every row must belong to one office
and point only into it (``bench.gen_offices.office_problems``: no answer
written by a user of another office, no audit event of another office's
user, ...). Server logs are searched for "database is locked" and for
tracebacks. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..common import make_app
from ..gen_offices import office_problems
from . import seen


def expected_answers(definition, fields: dict[str, list[str]]) -> dict[str, tuple]:
    """{question id: (value, explanation)} that the app should have stored."""
    from forms.format.naming import QuestionFields

    out, values = {}, {}
    for q in definition.questions:
        names = QuestionFields.for_question(q)
        if names.answer is None:
            continue
        sent = fields.get(names.answer) or []
        value = _stored_value(q, sent)
        explanation = (fields.get(names.explain) or [None])[0] if names.explain else None
        explanation = explanation.replace("\r\n", "\n").strip() or None if explanation else None
        if not definition.visible(q, values):
            continue
        values[q.id] = value
        if value is not None or explanation:
            out[q.id] = (value, explanation)
    return out


def _stored_value(q, sent: list[str]):
    if not sent or sent == [""]:
        return None
    if q.type == "multi_choice":
        return list(sent)
    raw = sent[0]
    if q.type == "rating":
        return int(raw)
    if q.type == "number":
        return int(raw) if q.integer else float(raw)
    return raw.replace("\r\n", "\n").strip()


def check_records(records: list[dict], offices: dict[str, str] | None = None
                  ) -> tuple[list[str], int]:
    """Compare each record's answers with the database; ``offices``: {email: office code}."""
    from sqlalchemy import select

    from models import Answer, Office, Response, db

    problems: list[str] = []
    compared = 0
    for record in records:
        response = db.session.get(Response, record["response_id"])
        if response is None or response.status != "submitted":
            problems.append(f"response {record['response_id']}: status "
                            f"{response.status if response else 'missing'}, not submitted")
            continue
        office = (offices or {}).get(record["email"])
        theirs = db.session.get(Office, response.round.office_id).code
        if office is not None and theirs != office:
            problems.append(f"response {response.id} of {theirs} submitted by "
                            f"{record['email']} of {office}")
        want = expected_answers(response.questionnaire_version.definition, record["fields"])
        have = {a.question_id: (a.value, a.explanation) for a in db.session.scalars(
            select(Answer).where(Answer.response_id == response.id))}
        compared += len(want)
        for qid in sorted(set(want) | set(have)):
            if want.get(qid) != have.get(qid):
                problems.append(f"response {response.id} {qid}: sent {_short(want.get(qid))}, "
                                f"stored {_short(have.get(qid))}")
    return problems, compared


def _short(item) -> str:
    text = repr(item)
    return text if len(text) < 120 else text[:117] + "..."


def scan_logs(paths: list[str]) -> list[str]:
    problems = []
    for path in paths:
        text = Path(path).read_text(errors="replace")
        locked = text.count("database is locked")
        tracebacks = text.count("Traceback (most recent call last)")
        if locked:
            problems.append(f"{path}: 'database is locked' {locked} times")
        if tracebacks:
            problems.append(f"{path}: {tracebacks} tracebacks")
    return problems


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--records", required=True)
    parser.add_argument("--users", required=True)
    parser.add_argument("--seen", help="the pages the users saw (seen.py's JSON lines)")
    parser.add_argument("--logs", nargs="*", default=[])
    args = parser.parse_args(argv)
    users = json.loads(Path(args.users).read_text())
    records = _lines(Path(args.records))
    offices = {p["email"]: p["office"] for p in users["respondents"] + users["pcc"]}
    app = make_app(args.database)
    with app.app_context():
        problems, answers = check_records(records, offices)
        problems += [f"in the database: {what}: {n}" for what, n in office_problems().items()]
    problems += scan_logs(args.logs)
    ids = [r["response_id"] for r in records]
    if len(set(ids)) != len(ids):
        problems.append("a response was recorded as submitted twice")
    print(f"submitted responses checked: {len(records)} of {len(users['respondents'])} "
          f"respondents; answers compared: {answers}")
    if args.seen:
        leaks, n = seen.problems(_lines(Path(args.seen)))
        problems += leaks
        print(f"offices: {len(users['offices'])}; pages and downloads checked for other "
              f"offices' data: {n['pages']} (by {n['users']} users), showing another "
              f"office's data: {n['leaks']}; probes of another office's objects: "
              f"{n['probes']}, not answered 404: {n['not_404']}")
    for p in problems[:50]:
        print("PROBLEM:", p)
    print("CHECK " + ("FAILED" if problems else "PASSED") + f": {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
