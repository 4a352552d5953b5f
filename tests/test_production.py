"""Production settings, with APP_ENV=production: the Host header is checked against
TRUSTED_HOSTS, HSTS is sent, and refused access attempts are logged, one line each,
without flooding the log."""

from __future__ import annotations

import logging

import pytest

from app import Config, create_app
from models import db
from tests.helpers import sign_in
from views.refusals import PER_MINUTE, RefusalLog

HOST = "assurance.example.org"


def production_app(database_url, tmp_path, monkeypatch, trusted: str | None = HOST):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    if trusted is None:
        monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    else:
        monkeypatch.setenv("TRUSTED_HOSTS", trusted)
    config = Config(tmp_path)
    config.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    config.WTF_CSRF_ENABLED = False  # sign_in posts without a token
    return create_app(config)


def test_trusted_hosts_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRUSTED_HOSTS", f" {HOST.upper()}, .internal.example.org ,")
    assert Config(tmp_path).TRUSTED_HOSTS == [HOST, ".internal.example.org"]
    monkeypatch.setenv("TRUSTED_HOSTS", "")
    assert Config(tmp_path).TRUSTED_HOSTS is None


def test_a_host_not_trusted_is_refused(app, database_url, tmp_path, monkeypatch):
    prod = production_app(database_url, tmp_path, monkeypatch,
                          trusted=f"{HOST},.internal.example.org")
    db.session.commit()
    client = prod.test_client()
    assert client.get("/sign-in", base_url=f"https://{HOST}").status_code == 200
    assert client.get("/health", base_url="https://app1.internal.example.org:8000"
                      ).status_code == 200
    assert client.get("/sign-in", base_url="https://evil.example.com").status_code == 400
    assert client.get("/sign-in", headers={"Host": "evil.example.com"}).status_code == 400


def test_production_without_trusted_hosts_says_so(app, database_url, tmp_path, monkeypatch,
                                                  caplog):
    with caplog.at_level(logging.WARNING):
        production_app(database_url, tmp_path, monkeypatch, trusted=None)
    assert "TRUSTED_HOSTS is not set" in caplog.text


def test_hsts_is_sent_in_production(app, database_url, tmp_path, monkeypatch):
    prod = production_app(database_url, tmp_path, monkeypatch)
    db.session.commit()
    response = prod.test_client().get("/sign-in", base_url=f"https://{HOST}")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def _refusals(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("access refused")]


def test_refused_access_is_logged_once_per_user_endpoint_and_status(
        app, database_url, tmp_path, monkeypatch, respondent, caplog):
    prod = production_app(database_url, tmp_path, monkeypatch, trusted="localhost")
    db.session.commit()
    client = prod.test_client()
    sign_in(client, respondent)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert client.get("/admin/users").status_code == 403
        assert client.get("/no-such-page").status_code == 404
    assert _refusals(caplog) == [
        f"access refused: user={respondent.id} endpoint=admin_people.users status=403 "
        "path=/admin/users"]


def test_a_hidden_endpoints_404_is_logged(app, client, respondent, caplog):
    from tests.views.test_routes import ROUTES
    from views.access import Required
    hidden = [e for e, d in ROUTES.items() if isinstance(d, Required) and d.hidden]
    if not hidden:
        pytest.skip("no hidden endpoint")
    sign_in(client, respondent)
    with caplog.at_level(logging.WARNING):
        assert client.get("/exports/rounds/1.xlsx").status_code == 404
    assert any("endpoint=exports.round_workbook status=404" in m for m in _refusals(caplog))


def test_a_scan_is_cut_to_a_few_lines_a_minute():
    now = [1000.0]
    log = RefusalLog(clock=lambda: now[0])
    verdicts = [log.admit((7, f"endpoint{n}", 403)) for n in range(PER_MINUTE + 20)]
    assert verdicts.count("log") == PER_MINUTE - 1 and verdicts[PER_MINUTE - 1] == "last"
    assert verdicts[PER_MINUTE:] == [None] * 20
    assert log.admit((7, "endpoint0", 403)) is None
    now[0] += 61
    assert log.admit((7, "endpoint0", 403)) == "log"
