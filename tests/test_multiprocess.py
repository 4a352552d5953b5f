"""Several app servers on one PostgreSQL database: nothing another process needs lives in
process memory. Two gunicorn servers (production settings, one shared SECRET_KEY): a
session made on one works on the other, and signing out on one ends it on both.

Needs TEST_DATABASE_URL (skipped without it; REQUIRE_POSTGRES=1 makes an unreachable
server a failure). Uses a second database beside it (TEST_DATABASE_URL2, by default the
same name with "2" added, e.g. app_test2), built here with `flask db upgrade`.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app import ROOT, normalise_db_url
from tests.conftest import PG_URL, REQUIRE_POSTGRES

pytestmark = pytest.mark.postgres

VENV_BIN = Path(sys.executable).parent
EMAIL, PASSWORD = "mp-pcc@example.org", "a shared session test passphrase"
SECRET = "multi-process-shared-secret-" + "x" * 20


def _second_url() -> str:
    given = os.environ.get("TEST_DATABASE_URL2")
    if given:
        return normalise_db_url(given)
    url = make_url(normalise_db_url(PG_URL))
    return url.set(database=f"{url.database}2").render_as_string(hide_password=False)


def _unavailable(reason: str):
    if REQUIRE_POSTGRES:
        pytest.fail(f"REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def database() -> str:
    """A clean second database, migrated by the CLI as a deployment would."""
    if not PG_URL:
        _unavailable("needs PostgreSQL: set TEST_DATABASE_URL (see README.md)")
    url = _second_url()
    admin = create_engine(normalise_db_url(PG_URL), isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as conn:
            name = make_url(url).database
            if not conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(n)s",
                                        {"n": name}).scalar():
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001
        _unavailable(f"PostgreSQL is unreachable at TEST_DATABASE_URL: {exc}")
    finally:
        admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    env = _env(url)
    _flask(["db", "upgrade"], env)
    _flask(["users", "create", "--email", EMAIL, "--name", "Multi Process", "--role", "pcc",
            "--password-stdin"], env, input=PASSWORD + "\n")
    return url


def _env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("ASSURANCE_NO_DEFAULT_APP",)}
    env.update(APP_ENV="production", DATABASE_URL=url, SECRET_KEY=SECRET)
    return env


def _flask(args, env, input=None):
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT,
                            env=env, input=input, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"flask {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def servers(database, tmp_path_factory):
    """Two gunicorn servers, each with two workers, on free loopback ports."""
    logs = tmp_path_factory.mktemp("gunicorn")
    procs, ports = [], []
    try:
        for n in range(2):
            port = _free_port()
            log = open(logs / f"server{n}.log", "w")
            procs.append(subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                 "--timeout", "60", "app:app"],
                cwd=ROOT, env=_env(database), stdout=log, stderr=subprocess.STDOUT))
            ports.append(port)
        for port, proc in zip(ports, procs):
            _wait_healthy(port, proc, logs)
        yield ports
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_healthy(port: int, proc, logs: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"gunicorn on {port} exited:\n" + "\n".join(
                p.read_text() for p in logs.iterdir()))
        try:
            if request(port, "GET", "/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn on {port} did not become healthy")


def request(port: int, method: str, path: str, cookie: str | None = None,
            form: dict | None = None) -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text
    finally:
        conn.close()


def session_from(headers: dict, current: str | None) -> str | None:
    """The cookie to send next: the session cookie just set, or the one we had."""
    match = re.match(r"(assurance_session=[^;]*)", headers.get("set-cookie", ""))
    return match.group(1) if match else current


def token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_a_session_works_on_both_servers_and_signing_out_on_one_ends_it_on_both(servers):
    a, b = servers
    status, headers, html = request(a, "GET", "/sign-in")
    cookie = session_from(headers, None)
    assert status == 200 and cookie
    assert "Secure" in headers["set-cookie"]  # production settings

    status, headers, _ = request(a, "POST", "/sign-in", cookie, {
        "email": EMAIL, "password": PASSWORD, "csrf_token": token(html)})
    assert status == 302 and headers["location"] == "/"
    signed_in = session_from(headers, cookie)
    assert signed_in != cookie

    for port in (b, a, b):  # either server, any worker
        status, headers, html = request(port, "GET", "/", signed_in)
        assert status == 200 and "Multi Process" in html
    latest = session_from(headers, signed_in)

    status, headers, _ = request(b, "POST", "/sign-out", latest, {"csrf_token": token(html)})
    assert status == 302 and headers["location"] == "/sign-in"

    for port in (a, b):
        for copied in (signed_in, latest):
            status, headers, _ = request(port, "GET", "/", copied)
            assert status == 302 and headers["location"].startswith("/sign-in"), port


def test_the_sign_in_lock_is_shared_by_both_servers(servers):
    a, b = servers
    for attempt in range(10):
        port = (a, b)[attempt % 2]
        status, headers, html = request(port, "GET", "/sign-in")
        cookie = session_from(headers, None)
        status, _, html = request(port, "POST", "/sign-in", cookie, {
            "email": "locked-" + EMAIL, "password": "wrong", "csrf_token": token(html)})
        assert status == 200
    assert "too many wrong attempts" in html
