"""The national library and benchmark are in the navigation only where the service has
several offices: a one-office service shows no trace of tenancy."""

from __future__ import annotations

from tests.db import create_office
from tests.helpers import sign_in


def nav_texts(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".govuk-service-navigation a")]


def test_one_office_shows_neither_library_nor_benchmark(client, client_request, admin, pcc):
    sign_in(client, admin)
    assert "Library" not in nav_texts(client_request.get("main.home"))
    sign_in(client, pcc)
    assert "Benchmark" not in nav_texts(client_request.get("main.home"))


def test_several_offices_show_both(client, client_request, admin, pcc):
    create_office(name="Office of the PCC for Gwent", code="GW")
    sign_in(client, admin)
    assert "Library" in nav_texts(client_request.get("main.home"))
    sign_in(client, pcc)
    assert "Benchmark" in nav_texts(client_request.get("main.home"))
