"""What the benchmarks share: an app for a database URL, timing, SQL counting,
memory and machine facts."""

from __future__ import annotations

import os
import platform
import re
import resource
import sqlite3
import statistics
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("ASSURANCE_NO_DEFAULT_APP", "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"  # generated databases (git-ignored)
PG_BASE = "postgresql+psycopg://app:app@127.0.0.1:5432/"


def make_app(database_url: str, *, instance: Path | None = None, **settings):
    """The real app (``create_app``) on ``database_url``, development settings."""
    from app import Config, create_app, normalise_db_url

    instance = Path(instance or DATA / "instance")
    instance.mkdir(parents=True, exist_ok=True)
    config = Config(instance)
    config.SQLALCHEMY_DATABASE_URI = normalise_db_url(database_url)
    for key, value in settings.items():
        setattr(config, key, value)
    return create_app(config)


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def database_url(name: str, backend: str = "sqlite") -> str:
    """A benchmark database: bench/data/NAME.sqlite, or the PostgreSQL database NAME."""
    if backend == "postgres":
        return PG_BASE + name
    DATA.mkdir(parents=True, exist_ok=True)
    return sqlite_url(DATA / f"{name}.sqlite")


def ensure_pg_database(name: str) -> None:
    """Create the PostgreSQL database ``name`` (as the app role, which has CREATEDB)."""
    import psycopg

    with psycopg.connect("postgresql://app:app@127.0.0.1:5432/postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            c.execute(f'CREATE DATABASE "{name}" OWNER app')


def fresh_pg_database(name: str) -> str:
    """The URL of an empty PostgreSQL database ``name``: dropped (its connections ended)
    and created again."""
    import psycopg

    with psycopg.connect("postgresql://app:app@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    ensure_pg_database(name)
    return PG_BASE + name


# ------------------------------------------------------------------- measuring


def timed(fn, *, repeat: int = 5, warmup: int = 1) -> dict:
    """Run ``fn`` ``warmup`` + ``repeat`` times: median and min wall-clock seconds, and
    median CPU seconds of this process (``cpu``: steadier on a shared machine)."""
    for _ in range(warmup):
        fn()
    runs, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"median": statistics.median(runs), "min": min(runs), "runs": runs,
            "cpu": statistics.median(cpu), "cpu_min": min(cpu)}


class QueryCounter:
    """Counts SQL statements on an engine (a before_cursor_execute listener)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.engine, self.count, self.statements = engine, 0, []
        self._event = event
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany):
        self.count += 1
        self.statements.append(statement)

    @contextmanager
    def counting(self):
        self.count, self.statements = 0, []
        yield self

    def close(self) -> None:
        self._event.remove(self.engine, "before_cursor_execute", self._on_execute)


def max_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fmt_s(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


# ------------------------------------------------------------------- the machine


def machine() -> dict:
    """Where the figures were measured."""
    cpu = "unknown"
    try:
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    except OSError:
        pass
    mem_kb = 0
    try:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    except (OSError, AttributeError):
        pass
    return {"cpus": os.cpu_count(), "memory": f"{mem_kb / 1024 / 1024:.1f} GiB", "cpu": cpu,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "postgresql": _pg_version(), "os": platform.platform()}


def _pg_version() -> str:
    try:
        import psycopg

        url = "postgresql://app:app@127.0.0.1:5432/postgres"
        with psycopg.connect(url, connect_timeout=2) as c:
            return c.execute("SHOW server_version").fetchone()[0]
    except Exception:
        try:
            out = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=5)
            return out.stdout.strip() or "not available"
        except Exception:
            return "not available"


def print_machine() -> None:
    m = machine()
    print(f"machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, Python {m['python']}, "
          f"SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}")


# ------------------------------------------------------------------- generated data


def scale_name(scale: float) -> str:
    return f"national_{int(round(scale * 1000)):04d}"  # national_1000 is scale 1.0


def has_generated(url: str) -> bool:
    """Whether ``url`` already holds the generator's questionnaire."""
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return False
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text(
                "SELECT 1 FROM questionnaire WHERE key = 'national-assurance'")).first())
    except Exception:
        return False
    finally:
        engine.dispose()


def ensure_generated(scale: float, backend: str = "sqlite", *, seed: int = 1) -> str:
    """The URL of a database holding the generated history at ``scale`` (made if missing)."""
    import sys

    name = scale_name(scale)
    if backend == "postgres":
        ensure_pg_database(name)
    url = database_url(name, backend)
    if not has_generated(url):
        print(f"generating {name} ({backend}) ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "bench.generate", "--scale", str(scale),
                        "--database", url, "--seed", str(seed), "--reset", "--quiet"],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return url
