"""The browser benchmark's data and server (``bench/bench_browser.py`` drives them).

``prepare_data(backend, respondents)`` makes a fresh database through the app's own
workflows (``bench/loadtest/prepare.py``): the migrations, one office (``LTO01``) with
the one-section questionnaire of ``bench/gen_section.py`` (``section_yaml(40)``) through
the real loader, one force organisation per respondent, each with its respondent, and an
open round asking them all (a draft response each).

``build_static(target)`` publishes ``static/`` as ``make static`` does (fingerprinted
names, gzip and Brotli copies, ``manifest.json``: ``views/static_files.py``).

``Server`` runs gunicorn in production mode (``APP_ENV=production``, a fresh
``SECRET_KEY``, WhiteNoise serving the build from ``STATIC_DIST_DIR``) on a free
loopback port, waits until it answers and stops it on leaving (also on error).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .common import DATA, ROOT, fresh_pg_database, make_app, sqlite_url

RUN = DATA / "browser"
PG_NAME = "bench_browser"


def fresh_database(backend: str, run: Path = RUN) -> str:
    """The URL of an empty database: ``RUN/browser.sqlite`` (removed first), or the
    PostgreSQL database ``bench_browser`` (dropped and created again)."""
    if backend == "postgres":
        return fresh_pg_database(PG_NAME)
    run.mkdir(parents=True, exist_ok=True)
    path = run / "browser.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return sqlite_url(path)


def prepare_data(url: str, respondents: int, questions: int = 40, run: Path = RUN) -> dict:
    """The office, its organisations and respondents, and the open round (see the module
    docstring); returns prepare.py's description of who is who."""
    from .gen_section import key_for, section_yaml
    from .loadtest.prepare import prepare

    app = make_app(url, instance=run / "instance")
    found = prepare(app, respondents, 0, 1,
                    questionnaire=(key_for(questions), section_yaml(questions)))
    with app.app_context():
        from models import db

        db.engine.dispose()
    return found


def build_static(target: Path) -> int:
    """``python -m views.static_files static TARGET``, as ``make static`` runs it;
    returns the number of files published."""
    out = subprocess.run([sys.executable, "-m", "views.static_files", str(ROOT / "static"),
                          str(target)], cwd=ROOT, check=True, capture_output=True, text=True)
    manifest = target / "manifest.json"
    if not manifest.exists():
        raise RuntimeError(f"no manifest after building the static files: {out.stdout}")
    return out.stdout.count("\n")


def submitted(url: str, response_id: int) -> tuple[str, int, int]:
    """The response's status and its numbers of stored answers and of gap entries, read
    from the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            status = conn.execute(text("SELECT status FROM response WHERE id = :id"),
                                  {"id": response_id}).scalar_one()
            answers, gaps = (conn.execute(text(f"SELECT count(*) FROM {table} "
                                               "WHERE response_id = :id"),
                                          {"id": response_id}).scalar_one()
                             for table in ("answer", "gap_entry"))
    finally:
        engine.dispose()
    return status, answers, gaps


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in production mode on a free loopback port (a context manager)."""

    def __init__(self, url: str, static_dir: Path, *, workers: int = 2, threads: int = 2,
                 logs: Path = RUN) -> None:
        self.url, self.static_dir, self.logs = url, static_dir, logs
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "ASSURANCE_NO_DEFAULT_APP"}
        env.update(APP_ENV="production", DATABASE_URL=self.url,
                   SECRET_KEY=secrets.token_hex(32), STATIC_DIST_DIR=str(self.static_dir),
                   TRUSTED_HOSTS="127.0.0.1", PUBLIC_URL=self.base, MAIL_TRANSPORT="log")
        return env

    def __enter__(self) -> "Server":
        self.logs.mkdir(parents=True, exist_ok=True)
        for log in ("access.log", "server.log"):
            (self.logs / log).unlink(missing_ok=True)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "app:app", "--chdir", str(ROOT),
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                   "--threads", str(self.threads), "--timeout", "120", "--keep-alive", "30",
                   "--access-logfile", str(self.logs / "access.log"),
                   "--access-logformat", '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms',
                   "--error-logfile", str(self.logs / "server.log"), "--capture-output"]
        self.process = subprocess.Popen(command, env=self.environment(), cwd=ROOT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        try:
            self._wait_until_it_answers()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_it_answers(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up (exit "
                                   f"{self.process.returncode}); see {self.logs / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{self.base}/sign-in", timeout=5) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the arbiter stops its workers
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def __exit__(self, *exc) -> None:
        self.stop()
