"""The benchmark page and the office's benchmark setting."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from exports.benchmark import TOO_FEW
from models import AuditEvent, Office, db
from tests.helpers import sign_in
from tests.sharing import adopted, office_with_forces, published, rated_round, set_opt_in

SPRING = date(2017, 3, 1)


@pytest.fixture
def shared(app):
    """The publisher with five forces, the adopter with one; both take part."""
    theirs = office_with_forces("Avon and Somerset OPCC", "AS", 5, opt_in=True)
    ours = office_with_forces("West Mercia OPCC", "WM", 1, opt_in=True)
    source = published(theirs)
    copy = adopted(source, ours)
    return theirs, ours, source, copy


def rows_of(page) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in page.select("table.app-benchmark tbody tr")]


def test_the_pcc_sees_their_force_beside_the_distribution(client, client_request, shared):
    theirs, ours, source, copy = shared
    rated_round(source, theirs.forces, [3, 4, 4, 5, 1], day=SPRING)
    rated_round(copy, ours.forces, [2], day=date(2017, 5, 2))
    sign_in(client, ours.pcc)
    page = client_request.get("benchmark.show")
    assert rows_of(page) == [["2017 H1", "WM Force 1: 2 – Slightly confident",
                              "1", "1", "1", "2", "1", "6"]]
    heads = [th.get_text(strip=True) for th in page.select("table.app-benchmark thead th")]
    assert heads == ["Period", "Your force", "1 – Not confident", "2 – Slightly confident",
                     "3 – Partly confident", "4 – Confident", "5 – Fully confident", "Forces"]
    html = str(page)
    for name in ["Avon and Somerset OPCC"] + [f.name for f in theirs.forces]:
        assert name not in html
    nav = [a.get_text(strip=True) for a in page.select(".govuk-service-navigation a")]
    assert "Benchmark" in nav


def test_fewer_than_five_forces_show_nothing(client, client_request, shared):
    theirs, ours, source, copy = shared
    rated_round(source, theirs.forces[:4], [3, 4, 4, 5], day=SPRING)  # 4 others + ours
    rated_round(copy, ours.forces, [2], day=SPRING)
    sign_in(client, ours.admin)
    page = client_request.get("benchmark.show")
    assert rows_of(page) == [["2017 H1", "WM Force 1: 2 – Slightly confident", TOO_FEW]]
    assert "fewer than 5" in TOO_FEW


def test_an_office_that_has_not_opted_in_is_told_so(client, client_request, shared):
    theirs, ours, source, copy = shared
    rated_round(source, theirs.forces, [3, 4, 4, 5, 1], day=SPRING)
    set_opt_in(ours, False)
    sign_in(client, ours.pcc)
    page = client_request.get("benchmark.show")
    text = page.get_text(" ", strip=True)
    assert "Your office does not take part in the national benchmark" in text
    assert "An administrator of your office can turn this on" in text
    assert not page.select("table") and not page.find("a", href="/admin/settings/benchmark")
    sign_in(client, ours.admin)
    assert client_request.get("benchmark.show").find("a", href="/admin/settings/benchmark")


def test_the_setting_is_off_by_default_and_saving_it_is_audited(client, client_request, app):
    ours = office_with_forces("West Mercia OPCC", "WM")
    sign_in(client, ours.admin)
    page = client_request.get("benchmark.setting")
    assert "does not take part" in page.get_text()
    assert page.find("input", attrs={"name": "benchmark", "value": "no"}).has_attr("checked")
    client_request.post("benchmark.setting", _data={"benchmark": "yes"},
                        _expected_redirect="benchmark.setting")
    assert db.session.get(Office, ours.office.id).benchmark_opt_in is True
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "office.benchmark"))
    assert event.detail == {"before": False, "after": True}
    page = client_request.get("benchmark.setting")
    assert page.find("input", attrs={"name": "benchmark", "value": "yes"}).has_attr("checked")


def test_saving_without_a_choice_says_what_to_do(client, client_request, app):
    ours = office_with_forces("West Mercia OPCC", "WM")
    sign_in(client, ours.admin)
    for data in ({}, {"benchmark": "maybe"}):
        page = client_request.post("benchmark.setting", _data=data, _expected_status=200)
        summary = page.select_one(".govuk-error-summary")
        assert summary is not None and summary.find("a", href="#benchmark")
        assert page.title.string.startswith("Error: ")
    assert db.session.get(Office, ours.office.id).benchmark_opt_in is False


def test_only_admins_change_the_setting(client, app):
    ours = office_with_forces("West Mercia OPCC", "WM")
    sign_in(client, ours.pcc)
    assert client.get("/admin/settings/benchmark").status_code == 403
    assert client.post("/admin/settings/benchmark", data={"benchmark": "yes"}).status_code == 403
    assert db.session.get(Office, ours.office.id).benchmark_opt_in is False
