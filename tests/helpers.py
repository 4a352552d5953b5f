"""Plain helpers for tests: create_* with keyword-only defaults, sign-in, page checks."""

from __future__ import annotations

import itertools

import html5lib
from bs4 import BeautifulSoup
from flask import url_for

from models import Organisation, User, db
from workflows import accounts

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def create_org(*, name: str | None = None, kind: str = "force", code: str | None = None) -> Organisation:
    n = next(_counter)
    return accounts.create_org(name=name or f"Test Force {n}", kind=kind, code=code or f"TF{n}")


def create_user(
    *, role: str = "respondent", email: str | None = None, name: str = "Test User",
    org: Organisation | None = None, password: str = PASSWORD,
) -> User:
    if role == "respondent" and org is None:
        org = create_org()
    return accounts.create_user(email=email or f"user{next(_counter)}@example.org", name=name,
                                role=role, password=password, org=org)


def release_db() -> None:
    """End the test's own open transaction. On SQLite every transaction, even a read,
    holds the one write lock (BEGIN IMMEDIATE), so do this after reading from the database
    and before another connection (a second app, a thread, a live server) needs to write.
    Read the attributes you need first: objects are reloaded on next use."""
    db.session.commit()


def sign_in(client, user: User, password: str = PASSWORD):
    email = user.email
    release_db()
    response = client.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302, f"sign-in failed for {email}: {response.status_code}"
    return response


def check_html(html: str) -> BeautifulSoup:
    """Every page must parse as valid HTML5 and have a non-empty title."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(html)
    except html5lib.html5parser.ParseError as exc:
        raise AssertionError(f"invalid HTML: {exc}\n{parser.errors}") from None
    page = BeautifulSoup(html, "html.parser")
    assert page.title and page.title.string and page.title.string.strip(), "page has no title"
    return page


def url(client, endpoint: str, **values) -> str:
    with client.application.test_request_context():
        return url_for(endpoint, **values)


class ClientRequest:
    """Request an endpoint by name, check the status, return the parsed page."""

    def __init__(self, client):
        self.client = client

    def get(self, endpoint: str, *, _expected_status: int = 200, _follow_redirects: bool = False,
            **values) -> BeautifulSoup | None:
        response = self.client.get(url(self.client, endpoint, **values), follow_redirects=_follow_redirects)
        assert response.status_code == _expected_status, (
            f"GET {endpoint}: {response.status_code} != {_expected_status}\n{response.get_data(as_text=True)[:2000]}")
        if response.mimetype == "text/html" and response.status_code != 302:
            return check_html(response.get_data(as_text=True))
        return None

    def post(self, endpoint: str, *, _data: dict | None = None, _expected_status: int = 302,
             _follow_redirects: bool = False, **values):
        response = self.client.post(url(self.client, endpoint, **values), data=_data or {},
                                    follow_redirects=_follow_redirects)
        assert response.status_code == _expected_status, (
            f"POST {endpoint}: {response.status_code} != {_expected_status}\n{response.get_data(as_text=True)[:2000]}")
        if response.mimetype == "text/html" and response.status_code not in (301, 302, 303):
            return check_html(response.get_data(as_text=True))
        return response


def csrf_token(client, path: str = "/sign-in") -> str:
    """The CSRF token of the form on `path` (for apps with WTF_CSRF_ENABLED)."""
    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    field = page.find("input", attrs={"name": "csrf_token"})
    assert field is not None, f"no CSRF token on {path}"
    return field["value"]


def sign_in_with_csrf(client, user: User, password: str = PASSWORD):
    """Sign in on an app that checks CSRF tokens."""
    email = user.email
    release_db()
    token = csrf_token(client, "/sign-in")
    response = client.post("/sign-in", data={"email": email, "password": password,
                                             "csrf_token": token})
    assert response.status_code == 302, f"sign-in failed for {email}: {response.status_code}"
    return response


def session_cookie(client) -> str | None:
    """The value of the session cookie the test client holds now (to copy and replay)."""
    name = client.application.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def db_snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, for "this changed nothing" checks."""
    from sqlalchemy import select as _select

    snapshot = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(_select(table)).all()
        snapshot[table.name] = sorted((tuple(map(repr, row)) for row in rows))
    db.session.rollback()
    return snapshot
