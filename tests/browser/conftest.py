"""Browser tests: the app served from a thread, Chromium driven by Playwright, axe-core.

Fixtures (use them in any test under tests/browser/):

- ``live_server``: the base URL ("http://127.0.0.1:PORT") of the app, served by a real
  server in a thread, over the same (migrated) test database as the ``app`` fixture, with
  CSRF checks ON.
- ``browser``: Chromium from /usr/bin/chromium (module-scoped). Skipped with a reason when
  Chromium or Playwright is missing; FAILS instead when REQUIRE_BROWSER=1.
- ``page``: a fresh browser context and page per test. ``page.problems`` collects console
  errors, uncaught script errors and CSP refusals.

Helpers (import from tests.browser.conftest):

- ``sign_in(page, base_url, user, password=PASSWORD)`` and ``sign_out(page)``;
- ``submit(page, button_text)``: click a button and wait for the page it leads to
  (a plain click returns before the next page has loaded);
- ``check_axe(page)``: no WCAG 2.2 A/AA violations, else fails with axe's report;
- ``assert_no_problems(page)``: no console errors, script errors or CSP refusals.

SQLite and the live server: every transaction, even a read, holds SQLite's one write lock
(BEGIN IMMEDIATE). Create your data, read the plain values you need (ids, emails), then
call ``tests.helpers.release_db()`` before driving the browser, and again after any later
read, or the server thread waits for the lock. ``sign_in`` here does this for you.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from app import create_app
from models import db
from tests.helpers import PASSWORD, release_db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
HERE = Path(__file__).resolve().parent
BUILT_CSS = HERE.parents[1] / "static" / "build" / "app.css"


def _required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false", "no")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _missing() -> str | None:
    """Why browser tests cannot run here, or None."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"Playwright or axe-playwright-python is not installed ({exc.name}): make test installs them"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if not BUILT_CSS.exists():
        return "the front-end assets are not built (make assets)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if _required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    new_page.problems = []
    new_page.on("console", lambda m: m.type == "error" and new_page.problems.append(m.text))
    new_page.on("pageerror", lambda e: new_page.problems.append(f"script error: {e}"))
    new_page.set_default_timeout(15_000)
    yield new_page
    context.close()


@pytest.fixture
def live_server(app, config_factory):
    """The base URL of the app served from a thread (CSRF on), over the test database."""
    from werkzeug.serving import make_server

    release_db()
    served = create_app(config_factory(WTF_CSRF_ENABLED=True))
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        with served.app_context():
            db.engine.dispose()


def submit(page, button_text: str) -> None:
    """Click the button and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        page.get_by_role("button", name=button_text, exact=True).click()


def sign_in(page, base_url: str, user, password: str = PASSWORD) -> None:
    """Sign in through the form; `user` is a User or an email address."""
    email = user if isinstance(user, str) else user.email
    release_db()
    page.goto(f"{base_url}/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    submit(page, "Sign in")
    assert "/sign-in" not in page.url, f"sign-in failed for {email}: {page.url}"


def sign_out(page) -> None:
    submit(page, "Sign out")
    assert page.url.endswith("/sign-in"), page.url


def check_axe(page) -> None:
    """axe-core finds no WCAG 2.2 A/AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    if results.violations_count:
        report = results.generate_report()
        print(report)
        pytest.fail(f"axe: {results.violations_count} violation(s) on {page.url}\n{report}")


def assert_no_problems(page) -> None:
    assert page.problems == [], f"console errors on {page.url}: {page.problems}"
