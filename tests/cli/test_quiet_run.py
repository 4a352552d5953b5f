"""`make run` is quiet when all is well: migrations print nothing unless something is
wrong, and the address the server uses (HOST, PORT) reaches every command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "app"]


def _flask(args: list[str], database: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "k" * 32,
           "APP_ENV": "development"}
    return subprocess.run([*FLASK, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_db_upgrade_prints_nothing_when_it_works_and_the_error_when_not(tmp_path):
    database = tmp_path / "quiet.sqlite"
    done = _flask(["db", "upgrade"], database)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "INFO" not in done.stderr
    assert database.stat().st_size > 0
    wrong = _flask(["db", "upgrade", "no-such-revision"], database)
    assert wrong.returncode != 0
    assert "no-such-revision" in wrong.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_passes_host_and_port_to_the_demo_and_the_server():
    planned = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0", "PORT=8123"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert planned.returncode == 0, planned.stderr
    lines = planned.stdout.splitlines()
    demo = [line for line in lines if " demo " in f"{line} "]
    serve = [line for line in lines if " run " in f"{line} "]
    assert demo and all("--host 0.0.0.0 --port 8123" in line for line in demo)
    assert serve and all("--host 0.0.0.0 --port 8123" in line for line in serve)
