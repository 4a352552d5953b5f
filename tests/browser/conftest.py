"""Browser tests: the app served from a thread, Chromium driven by Playwright, axe-core.

Fixtures (use them in any browser test; a folder outside tests/browser/ imports
``browser`` and the page fixtures into its conftest.py, as tests/forms/conftest.py does):

- ``live_server``: the base URL ("http://127.0.0.1:PORT") of the app, served by a real
  server in a thread, over the same (migrated) test database as the ``app`` fixture, with
  CSRF checks ON.
- ``serve``: ``serve(**settings)`` serves another copy of the app with those config
  settings (CSRF on unless a setting says otherwise) and returns its base URL, e.g.
  ``serve(SESSION_IDLE_MINUTES=2.1)``. Stopped at the end of the test.
- ``browser``: Chromium from /usr/bin/chromium (module-scoped). Skipped with a reason when
  Chromium, Playwright or the built front-end assets are missing; FAILS instead when
  REQUIRE_BROWSER=1.
- ``page``: a fresh browser context and page per test; ``page_without_js`` the same with
  JavaScript off. ``page.problems`` collects console errors, uncaught script errors and CSP
  refusals.

Helpers (import from tests.browser.conftest):

- ``sign_in(page, base_url, user, password=PASSWORD)`` and ``sign_out(page)``;
- ``submit(page, button_text)``: click a button and wait for the page it leads to;
  ``follow(page, target)``: the same for any link or button (a Locator or a selector).
  A plain click returns before the next page has loaded, and ``wait_for_load_state()``
  right after it returns at once (the old page is loaded): read the next page only after
  one of these, or ``page.wait_for_url(...)``;
- ``check_axe(page)``: no WCAG 2.2 A/AA violations and no axe best-practice violations,
  else fails with axe's report;
- ``assert_no_problems(page)``: no console errors, script errors or CSP refusals;
- ``served(wsgi_app)``: a context manager serving any WSGI app from a thread.

Waiting: never sleep. Wait for the condition the test needs (a URL, an element, a text,
a status message); every wait is bounded by the page's timeouts below, which are generous
so that a loaded CI machine does not fail a correct test.

SQLite and the live server: every transaction, even a read, holds SQLite's one write lock
(BEGIN IMMEDIATE). Create your data, read the plain values you need (ids, emails), then
call ``tests.helpers.release_db()`` before driving the browser, and again after any later
read, or the server thread waits for the lock. ``sign_in`` and ``serve`` do this for you.
"""

from __future__ import annotations

import os
import threading
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from app import create_app
from models import db
from tests.db import PASSWORD
from tests.helpers import release_db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# axe-core's WCAG 2.2 A/AA rules and its best-practice rules (landmarks, one h1, ...):
# together every rule axe runs by default, and the WCAG 2.2 ones it would leave out.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
ACTION_TIMEOUT_MS = 30_000  # a click, a fill, waiting for an element or a text
NAVIGATION_TIMEOUT_MS = 60_000  # a page load, a wait_for_url, a download
HERE = Path(__file__).resolve().parent
BUILT = [HERE.parents[1] / "static" / "build" / name
         for name in ("app.css", "moj.css", "govuk/govuk-frontend.min.js", "moj/moj-frontend.min.js")]


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
    if not all(path.exists() for path in BUILT):
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


def open_page(browser, *, javascript: bool = True):
    """A page in a fresh context (close it with page.context.close())."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=javascript)
    new_page = context.new_page()
    new_page.problems = []
    new_page.on("console", lambda m: m.type == "error" and new_page.problems.append(m.text))
    new_page.on("pageerror", lambda e: new_page.problems.append(f"script error: {e}"))
    new_page.set_default_timeout(ACTION_TIMEOUT_MS)
    new_page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    return new_page


@pytest.fixture
def page(browser):
    new_page = open_page(browser)
    yield new_page
    new_page.context.close()


@pytest.fixture
def page_without_js(browser):
    new_page = open_page(browser, javascript=False)
    yield new_page
    new_page.context.close()


@contextmanager
def served(wsgi_app):
    """Serve a WSGI app from a thread; yields its base URL (no trailing slash)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture
def serve(app, config_factory):
    """serve(**settings) -> the base URL of the app with those settings (CSRF on unless
    told otherwise), served from a thread over the test database until the test ends."""
    with ExitStack() as running:

        def start(**settings) -> str:
            release_db()
            application = create_app(config_factory(**{"WTF_CSRF_ENABLED": True, **settings}))
            running.callback(_dispose, application)  # after the server has stopped
            return running.enter_context(served(application))

        yield start


def _dispose(application) -> None:
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(serve):
    """The base URL of the app served from a thread (CSRF on), over the test database."""
    return serve()


def follow(page, target) -> None:
    """Click a link or button (a Locator, or a selector) and wait until the page it leads
    to has loaded."""
    locator = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation():
        locator.click()


def submit(page, button_text: str) -> None:
    """Click the button and wait until the page it leads to has loaded."""
    follow(page, page.get_by_role("button", name=button_text, exact=True))


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
    """axe-core finds no violations (WCAG 2.2 A/AA and best practice) on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    if results.violations_count:
        report = results.generate_report()
        print(report)
        pytest.fail(f"axe: {results.violations_count} violation(s) on {page.url}\n{report}")


def assert_no_problems(page) -> None:
    assert page.problems == [], f"console errors on {page.url}: {page.problems}"
