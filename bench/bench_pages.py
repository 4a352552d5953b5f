"""Pages at 1% and 100% of national scale, through the Flask test client.

    .venv/bin/python -m bench.bench_pages [--backend sqlite|postgres] [--requests 15]

For each scale, on a copy of the generated database (a draft save changes
it), as users of one office ("office A": the office of the open rounds' first
response; its respondent, PCC and admin): the form page of the 60-question
questionnaire (its first section, as a force lead sees it in the open round),
a draft save of that section, the PCC's trend page for one force (as it opens:
its latest eight meetings; all its meetings; its last four), the gap register
(paged), and two pages of the office over the whole service's data: the PCC's
latest ratings (the office's forces side by side) and the admin's list of the
open round's responses. For each: SQL statements per request (a
``before_cursor_execute`` listener) and time per request. Exits 1 if a page
runs a different number of statements at the two scales.

Targets: the same number of statements at both scales; the time at 100% at
most twice the time at 1%.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from werkzeug.datastructures import MultiDict

from .common import (
    DATA,
    PG_BASE,
    QueryCounter,
    ensure_generated,
    make_app,
    print_machine,
    scale_name,
)
from .formparse import SectionForm
from .generate import BENCH_PASSWORD

SCALES = (0.01, 1.0)
KEY = "national-assurance"


def _working_copy(scale: float, backend: str, tmp: Path) -> str:
    """A throw-away copy of the generated database."""
    ensure_generated(scale, backend)
    if backend == "sqlite":
        copy = tmp / f"{scale_name(scale)}.sqlite"
        shutil.copyfile(DATA / f"{scale_name(scale)}.sqlite", copy)
        return f"sqlite:///{copy}"
    import psycopg

    name = f"{scale_name(scale)}_pages"
    with psycopg.connect("postgresql://app:app@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{scale_name(scale)}" OWNER app')
    return PG_BASE + name


def _targets():
    """Office A (the office of the open rounds' first response) and, in it: that response
    and its first section, its force and a respondent of it, the office's admin and PCC
    users, its open round and its fourth latest meeting (from the data)."""
    from sqlalchemy import func, select

    from models import Office, Organisation, Response, Round, User, db

    response = db.session.scalar(select(Response).join(Round, Response.round_id == Round.id)
                                 .where(Round.status == "open").order_by(Response.id))
    office = db.session.get(Office, response.round.office_id)
    org = db.session.get(Organisation, response.organisation_id)
    user = db.session.scalar(select(User).where(User.organisation_id == org.id).order_by(User.id))
    staff = {role: db.session.scalar(select(User.email).where(
        User.office_id == office.id, User.role == role).order_by(User.id))
        for role in ("admin", "pcc")}
    section = response.questionnaire_version.definition.sections[0].id
    recent = db.session.scalars(select(Round.meeting_date).where(Round.office_id == office.id)
                                .order_by(Round.meeting_date.desc()).limit(4)).all()
    forces = db.session.scalar(select(func.count()).select_from(Organisation).where(
        Organisation.office_id == office.id, Organisation.kind == "force"))
    out = {"response": response.id, "section": section, "org": org.id, "respondent": user.email,
           "admin": staff["admin"], "pcc": staff["pcc"], "round": response.round_id,
           "last4": recent[-1].isoformat(), "office": office.code, "forces": forces,
           "offices": db.session.scalar(select(func.count()).select_from(Office))}
    db.session.remove()
    return out


def _sign_in(client, email: str) -> None:
    reply = client.post("/sign-in", data={"email": email, "password": BENCH_PASSWORD})
    assert reply.status_code == 302, f"sign-in failed for {email}: {reply.status_code}"


def _measure(client, counter, method: str, path: str, data=None, expect=(200,)) -> tuple:
    with counter.counting():
        start = time.perf_counter()
        reply = client.open(path, method=method, data=data)
        elapsed = time.perf_counter() - start
    assert reply.status_code in expect, f"{method} {path}: {reply.status_code}"
    return elapsed, counter.count, reply


def run_scale(scale: float, backend: str, requests: int) -> dict:
    from models import db

    with tempfile.TemporaryDirectory() as tmp:
        url = _working_copy(scale, backend, Path(tmp))
        app = make_app(url, instance=Path(tmp), WTF_CSRF_ENABLED=False)
        with app.app_context():
            t = _targets()
            counter = QueryCounter(db.engine)
        section_path = f"/respond/{t['response']}/sections/{t['section']}"
        trend = f"/pcc/questionnaires/{KEY}/organisations/{t['org']}"
        print(f"scale {scale}: as users of office {t['office']} ({t['forces']} force(s)) of "
              f"{t['offices']} offices", file=sys.stderr)
        pages = {
            "form page (GET section)": ("respondent", "GET", section_path),
            "draft save (POST section)": ("respondent", "POST", section_path),
            "PCC trend page": ("pcc", "GET", trend),
            "PCC trend page, all meetings": ("pcc", "GET", f"{trend}?all=1"),
            "PCC trend page, 4 meetings": ("pcc", "GET", f"{trend}?from={t['last4']}"),
            "gap register (/gaps)": ("pcc", "GET", "/gaps"),
            # the office's pages over every office's data
            "PCC latest ratings": ("pcc", "GET", f"/pcc/questionnaires/{KEY}"),
            "admin: open round's responses": ("admin", "GET", f"/review/rounds/{t['round']}"),
        }
        clients = {who: app.test_client() for who in ("respondent", "pcc", "admin")}
        for who, client in clients.items():
            _sign_in(client, t[who])
        results = {name: {"times": [], "queries": [], "rows": 0} for name in pages}
        for n in range(requests + 2):  # the first two warm up
            for name, (who, method, path) in pages.items():
                client, data = clients[who], None
                if method == "POST":
                    form = SectionForm.parse(clients[who].get(path).data)
                    form.set(form.texts[0], f"Force lead, revision {n}")
                    data = MultiDict(form.data("save"))
                elapsed, count, reply = _measure(client, counter, method, path, data,
                                             expect=(302,) if method == "POST" else (200,))
                if n >= 2:
                    results[name]["times"].append(elapsed)
                    results[name]["queries"].append(count)
                    results[name]["rows"] = reply.data.count(b"<tr")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    if backend == "postgres":
        _drop_pg(f"{scale_name(scale)}_pages")
    return {name: {"median": statistics.median(r["times"]), "queries": max(r["queries"]),
                   "queries_min": min(r["queries"]), "rows": r["rows"]}
            for name, r in results.items()}


def _drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://app:app@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')


def report(small: dict, large: dict) -> bool:
    """Print the table; whether every page ran the same statements at both scales."""
    print(f"{'page':<31} {'queries 1%':>10} {'queries 100%':>12} {'time 1%':>9} "
          f"{'time 100%':>9} {'ratio':>6} {'table rows 1% / 100%':>21}")
    differ = [name for name in small
              if (small[name]["queries_min"], small[name]["queries"])
              != (large[name]["queries_min"], large[name]["queries"])]
    for name in small:
        s, b = small[name], large[name]
        q_small = f"{s['queries']}" if s["queries"] == s["queries_min"] else \
            f"{s['queries_min']}-{s['queries']}"
        q_large = f"{b['queries']}" if b["queries"] == b["queries_min"] else \
            f"{b['queries_min']}-{b['queries']}"
        print(f"{name:<31} {q_small:>10} {q_large:>12} {s['median'] * 1000:>7.1f}ms "
              f"{b['median'] * 1000:>7.1f}ms {b['median'] / s['median']:>5.2f}x "
              f"{s['rows']:>10} / {b['rows']:<6}")
    print("targets: the same queries at both scales; time at 100% <= 2x time at 1%")
    print("statements: " + (f"DIFFERENT on {', '.join(differ)}" if differ
                            else "the same at both scales on every page"))
    return not differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--scales", default=",".join(map(str, SCALES)),
                        help="the small and the large scale (default 0.01,1.0)")
    args = parser.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",")]
    if len(scales) != 2:
        parser.error("--scales takes two scales, the small one first")
    print_machine()
    print(f"backend: {args.backend}; median of {args.requests} requests per page")
    small, large = (run_scale(s, args.backend, args.requests) for s in scales)
    return 0 if report(small, large) else 1


if __name__ == "__main__":
    sys.exit(main())
