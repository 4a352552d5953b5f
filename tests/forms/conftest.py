"""The shared browser fixtures (tests/browser/conftest.py), for test_builder_browser.py."""

from tests.browser.conftest import browser, page, page_without_js  # noqa: F401  (fixtures)
