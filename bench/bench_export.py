"""The trends workbook for the national history against bare openpyxl.

Each office exports its own forces' history: the benchmark writes the workbook of the
office with the most forces (two, on the generated 41 offices over 43 forces).

    .venv/bin/python -m bench.bench_export [--scales 0.1,0.3,1.0] [--backend sqlite|postgres]

For each scale (0.1 is about 10,000 answers, 1.0 about 100,000) a fresh
subprocess, so that peak memory is its own:

1. writes the trends workbook with ``exports.excel_trends.write_trends_workbook``
   (roll-up queries, styling, tables, charts: everything) and times it;
2. records every row that writer appended, then writes the same cell values
   with bare openpyxl write-only mode (``Workbook(write_only=True)``,
   ``ws.append``), and times that, in the same process;
3. measures the writer's peak memory: Python allocations (tracemalloc) and
   the process's peak resident size (ru_maxrss).

The bare side writes every row of every sheet the writer writes (About, Data,
Questions, the gap register, a sheet per organisation with its charted rounds,
Verdicts over time, Actions), header rows included, as plain values: no styles,
tables, charts, widths or print set-up, which are the writer's own work.

Targets: ours at most 1.15x bare openpyxl's CPU time; peak memory at most 200 MB
and flat from 10,000 to 100,000 answers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from .common import ROOT, ensure_generated, make_app, max_rss_mb, print_machine, timed

KEY = "national-assurance"
TIME_TARGET, MEMORY_TARGET_MB = 1.15, 200


def _largest_office() -> int:
    """The office with the most forces (ties: the first): its trends workbook is the
    largest one office can export."""
    from sqlalchemy import func, select

    from models import Organisation, db

    return db.session.scalar(
        select(Organisation.office_id).where(Organisation.kind == "force")
        .group_by(Organisation.office_id)
        .order_by(func.count().desc(), Organisation.office_id).limit(1))


def _ours(target) -> int:
    from exports.excel_trends import write_trends_workbook

    return write_trends_workbook(KEY, target, exported_by="bench", office_id=_largest_office())


def _capture(target) -> list[tuple[str, list[list]]]:
    """Every row the writer appends, per sheet, as plain cell values."""
    from exports import excel_base
    from exports.excel_rows import plain

    sheets: dict[str, list[list]] = {}
    original = excel_base.Sheet.append

    def recording(self, values, **options):
        values = list(values)
        sheets.setdefault(self.title, []).append(
            [plain(v) for v in values])
        original(self, values, **options)

    excel_base.Sheet.append = recording
    try:
        _ours(target)
    finally:
        excel_base.Sheet.append = original
    return list(sheets.items())


def _bare(sheets: list[tuple[str, list[list]]], target) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(target)


def child(url: str, repeat: int) -> dict:
    """One scale, in its own process: prints a JSON line of figures."""
    from sqlalchemy import func, select

    from models import Answer, db

    app = make_app(url)
    out: dict = {}
    with app.app_context(), tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trends.xlsx"
        out["answers"] = db.session.scalar(select(func.count()).select_from(Answer))
        db.session.remove()
        out["rss_before_mb"] = max_rss_mb()
        tracemalloc.start()
        start = time.perf_counter()
        out["data_rows"] = _ours(path)
        out["first_run_s"] = time.perf_counter() - start
        out["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        db.session.remove()
        out["rss_peak_mb"] = max_rss_mb()
        out["file_mb"] = path.stat().st_size / 2**20
        sheets = _capture(path)
        db.session.remove()
        out["cells"] = sum(len(r) for _, rows in sheets for r in rows)
        # alternate the two, so that a busy moment on the machine hits both alike
        ours, bare = [], []
        for _ in range(repeat):
            ours.append(timed(lambda: (_ours(path), db.session.remove()), repeat=1, warmup=0))
            bare.append(timed(lambda: _bare(sheets, path), repeat=1, warmup=0))
        out["ours"], out["bare"] = _merge(ours), _merge(bare)
    return out


def _merge(runs: list[dict]) -> dict:
    wall = sorted(r["median"] for r in runs)
    cpu = sorted(r["cpu"] for r in runs)
    return {"median": wall[len(wall) // 2], "min": wall[0], "cpu": cpu[len(cpu) // 2],
            "cpu_min": cpu[0]}


def run_scale(scale: float, backend: str, repeat: int) -> dict:
    url = ensure_generated(scale, backend)
    proc = subprocess.run([sys.executable, "-m", "bench.bench_export", "--child", url,
                           "--repeat", str(repeat)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["scale"] = scale
    return result


def report(results: list[dict]) -> None:
    print("times: best CPU seconds of this process (best wall-clock in brackets)")
    print(f"{'scale':>6} {'answers':>8} {'data rows':>9} {'ours':>16} {'bare openpyxl':>16} "
          f"{'ratio':>6} {'py peak':>8} {'RSS peak':>9} {'RSS base':>9} {'file':>7}")
    for r in results:
        o, b = r["ours"], r["bare"]
        print(f"{r['scale']:>6} {r['answers']:>8,} {r['data_rows']:>9,} "
              f"{o['cpu_min']:>6.2f}s ({o['min']:>5.2f}s) "
              f"{b['cpu_min']:>6.2f}s ({b['min']:>5.2f}s) "
              f"{o['cpu_min'] / b['cpu_min']:>5.2f}x {r['tracemalloc_peak_mb']:>6.1f}MB "
              f"{r['rss_peak_mb']:>7.1f}MB {r['rss_before_mb']:>7.1f}MB {r['file_mb']:>5.1f}MB")
    small, large = results[0], results[-1]
    cpu = large["ours"]["cpu_min"] / large["bare"]["cpu_min"]
    wall = large["ours"]["min"] / large["bare"]["min"]
    print(f"time ratio at the largest scale: {cpu:.2f}x CPU, {wall:.2f}x wall "
          f"(target <= {TIME_TARGET}x)")
    print(f"peak RSS {small['rss_peak_mb']:.0f} MB -> {large['rss_peak_mb']:.0f} MB; Python peak "
          f"{small['tracemalloc_peak_mb']:.1f} MB -> {large['tracemalloc_peak_mb']:.1f} MB "
          f"from {small['answers']:,} to {large['answers']:,} answers "
          f"(target <= {MEMORY_TARGET_MB} MB and flat)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="0.1,0.3,1.0")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.repeat)))
        return 0
    print_machine()
    print(f"backend: {args.backend}")
    results = [run_scale(float(s), args.backend, args.repeat) for s in args.scales.split(",")]
    report(results)
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
