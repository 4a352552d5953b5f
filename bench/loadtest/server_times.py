"""Server-side time per endpoint from gunicorn's access logs (run.sh logs the request
time as the last field): count, median and 95th percentile.

    .venv/bin/python -m bench.loadtest.server_times bench/data/load-postgres
"""

from __future__ import annotations

import math
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

LINE = re.compile(r'"(\w+) (\S+) HTTP/[\d.]+" (\d+) \S+ ([\d.]+)$')


def server_times(folder: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    for log in sorted(folder.glob("access-*.log")):
        for line in log.read_text().splitlines():
            match = LINE.search(line.strip())
            if match:
                path = re.sub(r"/\d+", "/N", match.group(2).split("?")[0])
                path = re.sub(r"sections/[a-z0-9-]+", "sections/S", path)
                times[f"{match.group(1)} {path}"].append(float(match.group(4)))
    return times


def main(argv: list[str] | None = None) -> int:
    folder = Path((argv or sys.argv[1:])[0])
    print(f"{'server-side time per request':<58} {'n':>5} {'median':>8} {'p95':>8}")
    for key, values in sorted(server_times(folder).items()):
        values.sort()
        p95 = values[math.ceil(len(values) * 0.95) - 1]  # nearest rank
        print(f"{key[:58]:<58} {len(values):>5} {statistics.median(values) * 1000:>6.0f}ms "
              f"{p95 * 1000:>6.0f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
