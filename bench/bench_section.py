"""Section pages of 10, 40 and 100 questions, through the Flask test client.

    .venv/bin/python -m bench.bench_section [--sizes 10,40,100] [--requests 20]
        [--backend sqlite|postgres] [--profile 100]

Prepares a fresh database through the app's workflows: one office, a force and its
respondent, and for each size an open round asking the one-section questionnaire of
``bench/gen_section.py`` (every question type, hints on every other question, ratings with
explanations, gap lists, ``show_if``). As the respondent (signed in, CSRF on, as in
production) it answers the whole section once (a gap in every third gap list), then
measures, alternating the sizes, the section page (GET) and a draft save of it ("Save
draft": a changed answer, every other answer sent back as a browser does). Prints the
median time per request (wall-clock and the process's CPU time), the SQL statements, and
the cost of each added question: the slope of a least-squares line through the sizes.

Targets: each added question costs at most 0.5 ms; the 100-question section answers a GET in
at most 60 ms and a save in at most 80 ms. Exits 1 when a target is missed.
``--profile N`` writes cProfile statistics of the N-question GET to bench/data/.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from werkzeug.datastructures import MultiDict

from .common import DATA, QueryCounter, fresh_pg_database, make_app, print_machine
from .formparse import SectionForm
from .gen_section import key_for, section_yaml
from .generate import BENCH_PASSWORD

SIZES = (10, 40, 100)
PER_QUESTION_MS, GET_100_MS, SAVE_100_MS = 0.5, 60.0, 80.0
EMAIL = "section.lead@example.org"


def prepare(app, sizes) -> dict[int, str]:
    """The office, force and respondent, a round per size: size -> section page path."""
    from flask_migrate import upgrade

    from workflows import accounts
    from workflows.offices import create_office
    from workflows.questionnaires import load_questionnaire
    from workflows.rounds import create_round

    with app.app_context():
        upgrade()
        office = create_office(name="Section benchmark office", code="SBO")
        org = accounts.create_org(name="Section benchmark force", kind="force", code="SBF",
                                  office=office)
        accounts.create_user(email=EMAIL, name="Section lead", role="respondent",
                             password=BENCH_PASSWORD, org=org)
        paths = {}
        for size in sizes:
            version = load_questionnaire(section_yaml(size), path=f"{key_for(size)}.yaml",
                                         office=office).version
            today = date.today()
            round_ = create_round(title=f"Benchmark meeting ({size} questions)",
                                  version=version, meeting_date=today + timedelta(days=14),
                                  deadline=today + timedelta(days=7), organisations=[org],
                                  status="open", venue="Conference Room", chair="The PCC")
            section = version.definition.sections[0].id
            paths[size] = f"/respond/{round_.responses[0].id}/sections/{section}"
        from models import db

        db.session.remove()
    return paths


def sign_in(client) -> None:
    page = client.get("/sign-in").data.decode()
    token = page.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    reply = client.post("/sign-in", data={"email": EMAIL, "password": BENCH_PASSWORD,
                                          "csrf_token": token})
    assert reply.status_code == 302, f"sign-in failed: {reply.status_code}"


def answer_all(client, path: str, rng: random.Random) -> None:
    """Answer every question of the section, with a gap in every third gap list."""
    form = SectionForm.parse(client.get(path).data)
    form.fill(rng, "The force's position, as reported to the board in the last quarter.")
    titles = [n for n in form.texts if n.endswith("-title")]
    for n, name in enumerate(titles):
        if n % 3 == 0:
            form.set(name, f"Gap {n + 1}: information sharing with partners")
    reply = client.post(path, data=MultiDict(form.data("save")))
    assert reply.status_code == 302, f"first save of {path}: {reply.status_code}"


def _one(client, counter, method: str, path: str, data=None) -> tuple[float, float, int]:
    with counter.counting():
        start, start_cpu = time.perf_counter(), time.process_time()
        reply = client.open(path, method=method, data=data)
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    expected = 302 if method == "POST" else 200
    assert reply.status_code == expected, f"{method} {path}: {reply.status_code}"
    return wall, cpu, counter.count


def first_views(app, client, paths: dict[int, str]) -> dict[int, float]:
    """Each section's first GET in a new process (ms): its components' shapes are learnt."""
    app.extensions["components"].clear()
    found = {}
    for size, path in paths.items():
        start = time.perf_counter()
        client.get(path)
        found[size] = (time.perf_counter() - start) * 1000
    return found


def measure(client, counter, paths: dict[int, str], requests: int) -> dict:
    """Median wall/CPU ms and statements per size, for GET and save, alternating sizes."""
    found = {(size, kind): [] for size in paths for kind in ("GET", "save")}
    for n in range(requests + 2):  # the first two warm up
        for size, path in paths.items():
            get = _one(client, counter, "GET", path)
            form = SectionForm.parse(client.get(path).data)
            form.set(form.textareas[0], f"Updated for the meeting, revision {n}")
            save = _one(client, counter, "POST", path, MultiDict(form.data("save")))
            if n >= 2:
                found[size, "GET"].append(get)
                found[size, "save"].append(save)
    return {key: {"wall": statistics.median(r[0] for r in runs) * 1000,
                  "cpu": statistics.median(r[1] for r in runs) * 1000,
                  "queries": max(r[2] for r in runs)}
            for key, runs in found.items()}


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of (size, ms): the cost of one more question."""
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    num = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return num / sum((x - mean_x) ** 2 for x, _ in points)


def report(results: dict, sizes, first: dict[int, float]) -> bool:
    print(f"{'request':<12} {'questions':>9} {'wall ms':>9} {'CPU ms':>8} {'SQL':>5}")
    for kind in ("GET", "save"):
        for size in sizes:
            r = results[size, kind]
            print(f"{kind:<12} {size:>9} {r['wall']:>9.1f} {r['cpu']:>8.1f} {r['queries']:>5}")
    ok = True
    for kind, limit in (("GET", GET_100_MS), ("save", SAVE_100_MS)):
        per_wall = slope([(s, results[s, kind]["wall"]) for s in sizes])
        per_cpu = slope([(s, results[s, kind]["cpu"]) for s in sizes])
        print(f"{kind}: each added question costs {per_wall:.2f} ms wall-clock, "
              f"{per_cpu:.2f} ms CPU (target {PER_QUESTION_MS} ms)")
        ok &= per_wall <= PER_QUESTION_MS
        if 100 in sizes:
            wall = results[100, kind]["wall"]
            print(f"{kind}: 100 questions in {wall:.1f} ms (target {limit:.0f} ms): "
                  + ("met" if wall <= limit else "NOT met"))
            ok &= wall <= limit
    print("first GET of each section in a new process (its components' shapes learnt): "
          + ", ".join(f"{size} questions {ms:.0f} ms" for size, ms in first.items()))
    print("targets: " + ("all met" if ok else "NOT all met"))
    return ok


def profile(client, path: str, out: Path) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(path)
    profiler.disable()
    profiler.dump_stats(out)
    pstats.Stats(str(out)).sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--profile", type=int, metavar="N", help="profile the N-question GET")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print_machine()
    print(f"backend: {args.backend}; median of {args.requests} requests, sizes alternating")
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend == "postgres":
            url = fresh_pg_database("bench_section")
        else:
            url = f"sqlite:///{tmp}/section.sqlite"
        app = make_app(url, instance=Path(tmp))
        paths = prepare(app, sizes)
        client = app.test_client()
        sign_in(client)
        rng = random.Random(1)
        for path in paths.values():
            answer_all(client, path, rng)
        from models import db

        with app.app_context():
            counter = QueryCounter(db.engine)
        if args.profile:
            DATA.mkdir(parents=True, exist_ok=True)
            profile(client, paths[args.profile], DATA / f"section_{args.profile}.prof")
            return 0
        first = first_views(app, client, paths)
        results = measure(client, counter, paths, args.requests)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return 0 if report(results, sizes, first) else 1


if __name__ == "__main__":
    sys.exit(main())
