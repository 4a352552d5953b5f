"""The PCC's pages, the gap register and the downloads on a service of two offices:
each user reads their own office only. The other office (``other_office``) has data
whose names (``FOREIGN``) never show; its ids, by link or guessed, are 404s; filters
naming its objects find nothing, as unknown ones do."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.db import create_user
from tests.exports.other_office import FOREIGN
from tests.helpers import check_html, sign_in


def _absent(text: str) -> None:
    found = [name for name in FOREIGN if name in text]
    assert found == [], found


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.get_data(as_text=True)
    check_html(html)
    return html


def _cells(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
            for c in row if c is not None] + book.sheetnames


def _pages(history) -> list[str]:
    key = "trend-check"
    return ["/pcc/", f"/pcc/questionnaires/{key}",
            f"/pcc/questionnaires/{key}/organisations/{history.alpha.id}",
            f"/pcc/questionnaires/{key}/organisations/{history.alpha.id}?all=1",
            f"/pcc/rounds/{history.r3.id}", f"/pcc/rounds/{history.r1.id}",
            "/gaps", "/gaps?status=open", f"/gaps/{history.systems.id}"]


@pytest.mark.parametrize("role", ["pcc", "admin"])
def test_pages_show_nothing_of_another_office(history, other_office, client, role):
    sign_in(client, create_user(role=role))
    # An admin's home has panels of the admin side too (scoped by their own branch).
    for url in _pages(history) + (["/"] if role == "pcc" else []):
        _absent(_page(client, url))


def test_latest_ratings_and_trends_are_the_offices_own(history, other_office, client, pcc):
    sign_in(client, pcc)
    page = check_html(_page(client, "/pcc/questionnaires/trend-check"))
    heads = [th.a.get_text(strip=True) for th in page.select("#latest-ratings thead th[data-organisation]")]
    assert heads == ["Alpha Force", "Beta Force"]
    index = _page(client, "/pcc/")
    assert "Trend check questions" in index and "/pcc/questionnaires/bravo-only" not in index


def test_the_other_office_sees_its_own(history, other_office, client):
    sign_in(client, other_office.pcc)
    page = check_html(_page(client, "/pcc/questionnaires/trend-check"))
    heads = [th.a.get_text(strip=True) for th in page.select("#latest-ratings thead th[data-organisation]")]
    assert heads == ["Xray Police", "Zulu Constabulary"]
    register = _page(client, "/gaps")
    assert "Bravo hidden gap" in register and "Systems not integrated" not in register
    assert "Showing 1 to 1 of 1 gap." in register
    home = _page(client, "/")
    assert "(1 in the gap register)" in home and "Spring 2021 meeting" not in home


def test_counts_leave_out_the_other_office(history, other_office, client, pcc):
    sign_in(client, pcc)
    assert "Showing 1 to 2 of 2 gaps." in _page(client, "/gaps")
    assert "Showing 1 to 1 of 1 gap." in _page(client, "/gaps?status=open")
    assert "(1 in the gap register)" in _page(client, "/")


def test_guessed_ids_of_another_office_are_404(history, other_office, client, pcc):
    sign_in(client, pcc)
    b = other_office
    for url in [f"/pcc/rounds/{b.winter.id}", f"/pcc/rounds/{b.summer.id}",
                "/pcc/questionnaires/bravo-only",
                f"/pcc/questionnaires/trend-check/organisations/{b.zulu.id}",
                f"/pcc/questionnaires/trend-check/organisations/{b.zulu.id}?all=1",
                f"/pcc/questionnaires/bravo-only/organisations/{b.zulu.id}",
                f"/gaps/{b.gap.id}", f"/exports/rounds/{b.winter.id}.xlsx",
                "/exports/questionnaires/bravo-only/trends.xlsx",
                f"/exports/questionnaires/trend-check/trends.xlsx?org={b.zulu.id}"]:
        response = client.get(url)
        assert response.status_code == 404, url
        _absent(response.get_data(as_text=True))


def test_forged_filters_find_nothing(history, other_office, client, pcc):
    sign_in(client, pcc)
    b = other_office
    for url in [f"/gaps?organisation={b.zulu.id}", "/gaps?questionnaire=bravo-only",
                "/gaps?area=Partnerships"]:
        html = _page(client, url)
        _absent(html)
        assert "Bravo hidden gap" not in html and "Systems not integrated" not in html, url
    page = check_html(_page(client, "/gaps"))
    options = [o.get_text(strip=True) for o in page.select("select option")]
    assert "Alpha Force" in options and "Zulu Constabulary" not in options


def test_respondent_of_the_other_office_gets_nothing_of_this_one(history, other_office, client):
    sign_in(client, other_office.respondent)
    for url in [f"/gaps/{history.systems.id}",
                f"/exports/questionnaires/trend-check/trends.xlsx?org={history.alpha.id}",
                f"/exports/rounds/{history.r3.id}.xlsx"]:
        assert client.get(url).status_code == 404, url
    register = _page(client, f"/gaps?organisation={history.alpha.id}")
    assert "Systems not integrated" not in register and "Bravo hidden gap" in register
    cells = _cells(client.get("/exports/questionnaires/trend-check/trends.xlsx").data)
    assert "Zulu Constabulary" in cells and not {"Alpha Force", "Beta Force"} & set(cells)


def test_round_workbook_holds_only_the_offices_own(history, other_office, client, pcc):
    sign_in(client, pcc)
    cells = _cells(client.get(f"/exports/rounds/{history.r3.id}.xlsx").data)
    assert "Alpha Force" in cells
    _absent(" ".join(cells))


@pytest.mark.parametrize("query", ["", "?all=1", "?from=2019-01-01&to=2030-01-01"])
def test_trends_workbook_holds_only_the_offices_own(history, other_office, client, pcc, query):
    sign_in(client, pcc)
    response = client.get(f"/exports/questionnaires/trend-check/trends.xlsx{query}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["About", "Data", "Questions", "Gap register", "Alpha Force",
                               "Beta Force", "Verdicts over time", "Actions"]
    assert "Trend check questions" in _cells(response.data)
    _absent(" ".join(_cells(response.data)))


def test_the_other_offices_workbooks_hold_only_its_own(history, other_office, client):
    sign_in(client, other_office.pcc)
    cells = _cells(client.get("/exports/questionnaires/trend-check/trends.xlsx").data)
    assert {"Xray Police", "Zulu Constabulary", "Bravo hidden gap"} <= set(cells)
    assert not {"Alpha Force", "Beta Force", "Systems not integrated"} & set(cells)
    cells = _cells(client.get(f"/exports/rounds/{other_office.winter.id}.xlsx").data)
    assert "Zulu Constabulary" in cells and "Alpha Force" not in cells
