"""Plain helpers for tests that create nothing: sign-in, page checks, requests by endpoint
name, CSRF tokens, database snapshots (the ``create_*`` helpers are in ``tests.db``)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import html5lib
from bs4 import BeautifulSoup
from flask import url_for

from models import User, db
from tests.db import PASSWORD

REDIRECTS = (301, 302, 303, 307, 308)


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
             _expected_redirect: str | tuple[str, dict] | None = None,
             _follow_redirects: bool = False, **values):
        """POST to the endpoint and check the status. A redirect must be named:
        ``_expected_redirect`` is checked against the Location header (with
        ``_follow_redirects``, the first redirect's), and a redirect without it fails. It is
        a path ("/rounds/1", exactly), an endpoint name with its values (("rounds.show",
        {"round_id": 1}): that URL exactly), or an endpoint name alone ("rounds.show": any
        URL of that endpoint)."""
        response = self.client.post(url(self.client, endpoint, **values), data=_data or {},
                                    follow_redirects=_follow_redirects)
        assert response.status_code == _expected_status, (
            f"POST {endpoint}: {response.status_code} != {_expected_status}\n{response.get_data(as_text=True)[:2000]}")
        first = response.history[0] if response.history else response
        if first.status_code in REDIRECTS or _expected_redirect is not None:
            self._check_redirect(endpoint, first, _expected_redirect)
        if response.mimetype == "text/html" and response.status_code not in REDIRECTS:
            return check_html(response.get_data(as_text=True))
        return response

    def _check_redirect(self, endpoint: str, response, expected) -> None:
        location = response.headers.get("Location")
        assert response.status_code in REDIRECTS, (
            f"POST {endpoint}: {response.status_code}, not the redirect to {expected!r} expected")
        assert expected is not None, (
            f"POST {endpoint} redirected to {location}: name it with _expected_redirect=")
        found = local_part(location)
        if isinstance(expected, tuple):
            expected = url(self.client, expected[0], **expected[1])
        elif not expected.startswith("/"):
            adapter = self.client.application.url_map.bind("localhost")
            target, _ = adapter.match(urlsplit(found).path, method="GET")
            assert target == expected, (
                f"POST {endpoint} redirected to {location} ({target}), not {expected}")
            return
        assert found == expected, f"POST {endpoint} redirected to {location}, not {expected}"


def local_part(location: str) -> str:
    """The path, query and fragment of a URL (what a redirect within the app names)."""
    parts = urlsplit(location)
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def text_of(element) -> str:
    """The text of a page or an element, as a reader sees it: words separated by single
    spaces (the ``page_text`` fixture)."""
    return " ".join(element.get_text(" ").split())


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
