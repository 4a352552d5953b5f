"""Security headers on every response, friendly error pages that leak nothing, the size
limit, and the health check for load balancers."""

from __future__ import annotations

import io

import pytest
from flask import send_file
from sqlalchemy.orm import Session

from app import create_app
from tests.helpers import check_html, sign_in
from views.access import public, requires

LEAKS = ("Traceback", 'File "', "/work/", "site-packages", "sqlalchemy", "Exception",
         "secret", "werkzeug")


def assert_security_headers(response, *, signed_in: bool | None = None) -> None:
    h = response.headers
    csp = h["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    assert h["X-Frame-Options"] == "DENY"
    if signed_in:
        assert h["Cache-Control"] == "no-store"


def assert_friendly(response, code: int, heading: str) -> None:
    assert response.status_code == code
    html = response.get_data(as_text=True)
    page = check_html(html)
    assert page.h1.get_text(strip=True) == heading
    assert page.title.string.startswith(heading)
    for leak in LEAKS:
        assert leak not in html, f"{code} page shows {leak!r}"
    assert_security_headers(response)


@pytest.fixture
def extra_routes(app):
    """Routes that fail or download, added before the app's first request."""

    @app.route("/test/boom")
    @public
    def boom():
        raise RuntimeError("secret detail /work/main/app.py")

    @app.route("/test/db-boom")
    @requires("audit.view")
    def db_boom():
        from sqlalchemy import text

        from models import db

        db.session.execute(text("SELECT * FROM no_such_table"))

    @app.route("/test/download")
    @requires("home.view")
    def download():
        return send_file(io.BytesIO(b"a,b\n1,2\n"), mimetype="text/csv", as_attachment=True,
                         download_name="figures.csv")

    return app


# --- headers --------------------------------------------------------------------------


def test_pages_for_anonymous_users_carry_the_headers(client):
    assert_security_headers(client.get("/sign-in"))


def test_signed_in_pages_are_not_cached(client, pcc):
    sign_in(client, pcc)
    assert_security_headers(client.get("/"), signed_in=True)
    assert_security_headers(client.get("/account/password"), signed_in=True)


def test_redirects_static_files_and_json_carry_the_headers(client):
    assert_security_headers(client.get("/"))  # redirect to sign-in
    static = client.get("/static/js/app.mjs")
    assert static.status_code == 200
    assert_security_headers(static)
    static.close()
    assert_security_headers(client.get("/health"))


def test_downloads_carry_the_headers(extra_routes, client, pcc):
    sign_in(client, pcc)
    response = client.get("/test/download")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert_security_headers(response, signed_in=True)


# --- error pages ----------------------------------------------------------------------


def test_404(client):
    assert_friendly(client.get("/no/such/page"), 404, "Page not found")


def test_405(client):
    assert_friendly(client.get("/sign-out"), 405, "Sorry, there is a problem with that request")


def test_403(client, respondent):
    sign_in(client, respondent)
    response = client.get("/admin/users")
    assert_friendly(response, 403, "You do not have permission to see this page")
    assert response.headers["Cache-Control"] == "no-store"


def test_400_on_a_missing_csrf_token(app, client, pcc):
    # Sign-in keeps what was typed (views/csrf_keep.py); signing out has nothing to keep,
    # so the global check refuses it with the 400 page.
    sign_in(client, pcc)  # CSRF checks are off until now
    app.config["WTF_CSRF_ENABLED"] = True
    assert_friendly(client.post("/sign-out"), 400, "Sorry, there is a problem with that request")


def test_413_when_too_much_is_sent(app, client):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    assert_friendly(client.post("/sign-in", data={"email": big, "password": "x"}), 413,
                    "The file or form is too large")


def test_413_says_how_much_may_be_sent_as_people_write_it(app, client):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    text = client.post("/sign-in", data={"email": big, "password": "x"}).get_data(as_text=True)
    assert "At most 2 MB can be sent." in text and "2097152" not in text


def test_500_leaks_nothing(extra_routes, client):
    assert_friendly(client.get("/test/boom"), 500, "Sorry, there is a problem with the service")


def test_500_after_a_database_error_still_renders_for_the_signed_in_user(extra_routes, client, admin):
    sign_in(client, admin)
    response = client.get("/test/db-boom")
    assert_friendly(response, 500, "Sorry, there is a problem with the service")
    assert admin.name in response.get_data(as_text=True)  # the layout rendered after a rollback
    assert client.get("/").status_code == 200  # and the next request is fine


def test_the_error_page_survives_a_failing_layout(extra_routes, app, client, monkeypatch):
    import views.errors

    def broken(*args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(views.errors, "render_template", broken)
    response = client.get("/test/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in html and "Traceback" not in html
    assert_security_headers(response)


def test_errors_are_json_for_json_clients(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json == {"error": "Page not found"}


# --- health ---------------------------------------------------------------------------


def test_health_is_public_json(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "up"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_is_503_when_the_database_is_unreachable(config_factory, tmp_path):
    down = create_app(config_factory(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no/such/dir/db.sqlite"))
    response = down.test_client().get("/health")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "down"}
    assert_security_headers(response)


def test_health_is_503_when_queries_fail(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "execute", refuse)
    response = client.get("/health")
    assert response.status_code == 503
    assert "server closed" not in response.get_data(as_text=True)
