"""The idle-timeout warning (templates/_timeout_warning.html, from base.html): on every
signed-in page exactly once, with its script, and the times from the config; never on
a page for someone who is not signed in. Its behaviour in a browser:
tests/browser/test_timeout_warning.py."""

from __future__ import annotations

import pytest

from tests.actions import response_of
from tests.db import create_round
from tests.helpers import check_html, sign_in

SCRIPT = "/static/js/timeout-warning.mjs"


def warnings(page):
    return page.select("#timeout-warning")


def scripts(page):
    return [tag for tag in page.select("script[src]") if tag["src"] == SCRIPT]


def assert_one_warning(page, *, idle_seconds: int = 1800, warn_seconds: int = 120) -> None:
    assert len(warnings(page)) == 1, "the warning should be on the page exactly once"
    assert len(scripts(page)) == 1, "its script should be loaded exactly once"
    dialog = warnings(page)[0]
    assert dialog.name == "dialog" and not dialog.has_attr("open")  # hidden until JS opens it
    assert dialog["role"] == "alertdialog"
    assert dialog["data-idle-seconds"] == str(idle_seconds)
    assert dialog["data-warn-seconds"] == str(warn_seconds)
    assert dialog["data-keep-alive-url"] == "/session/keep-alive"
    assert dialog["data-csrf-token"]
    assert dialog.select_one("[aria-live]") is not None
    assert dialog.select_one("button[data-timeout-stay]").get_text(strip=True) == "Stay signed in"


@pytest.mark.parametrize("endpoint", ["main.home", "admin_people.users", "rounds.index",
                                      "questionnaires.index", "audit.events",
                                      "auth.change_password"])
def test_admin_pages_have_the_warning_once(client, client_request, admin, endpoint):
    sign_in(client, admin)
    assert_one_warning(client_request.get(endpoint))


@pytest.mark.parametrize("endpoint", ["main.home", "pcc.index", "review.index", "gaps.register",
                                      "notes.index"])
def test_pcc_pages_have_the_warning_once(client, client_request, pcc, endpoint):
    sign_in(client, pcc)
    assert_one_warning(client_request.get(endpoint))


def test_responding_pages_have_the_warning_once(client, client_request, org, respondent):
    response = response_of(create_round(through_workflows=True, orgs=[org]), org)
    sign_in(client, respondent)
    assert_one_warning(client_request.get("main.home"))
    assert_one_warning(client_request.get("respond.tasks", response_id=response.id))
    assert_one_warning(client_request.get("respond.section", response_id=response.id,
                                          section_id="picture"))
    assert_one_warning(client_request.get("respond.check", response_id=response.id))


def test_a_signed_in_error_page_has_the_warning_once(client, pcc):
    sign_in(client, pcc)
    res = client.get("/no/such/page")
    assert res.status_code == 404
    assert_one_warning(check_html(res.get_data(as_text=True)))


def test_the_times_come_from_the_config(config_factory, pcc):
    from app import create_app

    other = create_app(config_factory(SESSION_IDLE_MINUTES=45, SESSION_WARNING_SECONDS=90))
    client = other.test_client()
    sign_in(client, pcc)
    page = check_html(client.get("/").get_data(as_text=True))
    assert_one_warning(page, idle_seconds=2700, warn_seconds=90)
    assert warnings(page)[0].select_one("[data-timeout-countdown]").get_text() == "1 minute 30 seconds"


def test_a_warning_longer_than_the_idle_time_is_cut_to_it(config_factory, pcc):
    from app import create_app

    other = create_app(config_factory(SESSION_IDLE_MINUTES=0.5))
    client = other.test_client()
    sign_in(client, pcc)
    page = check_html(client.get("/").get_data(as_text=True))
    assert_one_warning(page, idle_seconds=30, warn_seconds=30)
    assert warnings(page)[0].select_one("[data-timeout-countdown]").get_text() == "30 seconds"


@pytest.mark.parametrize("path", ["/sign-in", "/no/such/page"])
def test_no_warning_for_someone_not_signed_in(client, path):
    page = check_html(client.get(path, follow_redirects=True).get_data(as_text=True))
    assert warnings(page) == [] and scripts(page) == []


def test_no_warning_after_signing_out(client, client_request, pcc):
    sign_in(client, pcc)
    page = client_request.post("auth.sign_out", _expected_redirect="/sign-in",
                               _follow_redirects=True, _expected_status=200)
    assert "You have signed out." in page.get_text()
    assert warnings(page) == [] and scripts(page) == []
