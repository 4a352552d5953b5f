"""Fixtures of the form tests: the shared browser fixtures (tests/browser/conftest.py), for
test_builder_browser.py, and a tiny Flask app that renders the questionnaire templates."""

from pathlib import Path

import pytest
from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from tests.browser.conftest import browser, page, page_without_js  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def form_app():
    """A tiny app with the govuk_frontend_jinja loader; shared so templates compile once."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"))
    app.config.update(WTF_CSRF_ENABLED=False, SECRET_KEY="test")
    app.jinja_loader = ChoiceLoader([
        app.jinja_loader,
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    return app
