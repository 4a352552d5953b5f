"""The gap register page and a gap's history page."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import create_questionnaire_version, create_response, create_round, submit
from tests.helpers import create_org, create_user, sign_in
from workflows.gaps import gap_items_for, save_gap_items


@pytest.fixture
def gaps_two_orgs(app, org, respondent):
    """Our organisation: one gap closed over two rounds, one open. Another: one open."""
    version = create_questionnaire_version()
    r1 = create_round(version=version, title="September 2016", meeting_date=date(2016, 9, 22))
    mine = create_response(round_=r1, org=org)
    save_gap_items(
        mine,
        "picture-rating",
        [
            {"title": "Landlord data", "area": "Systems"},
            {"title": "Vulnerability training", "area": "Training"},
        ],
        respondent,
    )
    submit(mine, by=respondent)
    r2 = create_round(version=version, title="March 2017", meeting_date=date(2017, 3, 1))
    again = create_response(round_=r2, org=org, carry=True)
    items = gap_items_for(again)["picture-rating"]
    closing = [
        {**i, "status": "closed", "closing_note": "Agreement signed with councils"}
        if i["title"] == "Landlord data"
        else i
        for i in items
    ]
    save_gap_items(again, "picture-rating", closing, respondent)
    submit(again, by=respondent)
    other = create_org(name="Shropshire Local Policing Area")
    other_user = create_user(org=other)
    theirs = create_response(round_=r1, org=other)
    save_gap_items(
        theirs,
        "partners-gaps",
        [{"title": "Health not engaging", "area": "Partnerships"}],
        other_user,
    )
    submit(theirs, by=other_user)
    return {"other": other, "other_user": other_user}


def _rows(page) -> list[list[str]]:
    table = page.find("table")
    return [
        [" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])]
        for tr in table.find("tbody").find_all("tr")
    ]


def test_admin_sees_every_gap_with_rounds_open_and_closing_note(
    client, client_request, admin, gaps_two_orgs
):
    sign_in(client, admin)
    rows = _rows(client_request.get("gaps.register"))
    assert [r[0] for r in rows] == [
        "Health not engaging",
        "Landlord data",
        "Vulnerability training",
    ]
    landlord = rows[1]
    assert landlord[5] == "September 2016 (22 September 2016)"
    assert landlord[6] == "1" and landlord[7] == "Closed"
    assert landlord[8] == "Agreement signed with councils"
    assert rows[2][6] == "2" and rows[2][7] == "Open"


def test_filters_are_in_the_url(client, client_request, pcc, org, gaps_two_orgs):
    sign_in(client, pcc)
    rows = _rows(client_request.get("gaps.register", status="open", area="Training"))
    assert [r[0] for r in rows] == ["Vulnerability training"]
    rows = _rows(client_request.get("gaps.register", organisation=gaps_two_orgs["other"].id))
    assert [r[0] for r in rows] == ["Health not engaging"]
    page = client_request.get("gaps.register", status="closed", area="Partnerships")
    assert "No gaps match these filters" in page.get_text()


def test_respondents_see_only_their_own_organisation(
    client, client_request, respondent, org, gaps_two_orgs
):
    sign_in(client, respondent)
    page = client_request.get("gaps.register", organisation=gaps_two_orgs["other"].id)
    assert [r[0] for r in _rows(page)] == ["Landlord data", "Vulnerability training"]
    assert page.find("select", attrs={"name": "organisation"}) is None
    their_link = None
    client.post("/sign-out")
    sign_in(client, gaps_two_orgs["other_user"])
    page = client_request.get("gaps.register")
    their_link = page.find("a", string="Health not engaging")["href"]
    mine = page.find("a", string="Landlord data")
    assert mine is None
    client.post("/sign-out")
    sign_in(client, respondent)
    assert client.get(their_link).status_code == 404


def test_a_gap_page_shows_its_history(client, client_request, admin, gaps_two_orgs):
    sign_in(client, admin)
    page = client_request.get("gaps.register")
    href = page.find("a", string="Landlord data")["href"]
    text = " ".join(client.get(href).get_data(as_text=True).split())
    assert "September 2016" in text and "March 2017" in text
    assert "Agreement signed with councils" in text


def test_unknown_gap_is_404(client, client_request, admin):
    sign_in(client, admin)
    client_request.get("gaps.gap", gap_id=9999, _expected_status=404)


def test_the_register_pages_and_keeps_its_filters(
    client, client_request, admin, gaps_two_orgs, monkeypatch
):
    import views.gaps
    from tests.helpers import check_html

    monkeypatch.setattr(views.gaps, "PER_PAGE", 1)
    sign_in(client, admin)
    first = client_request.get("gaps.register", status="open")
    assert [r[0] for r in _rows(first)] == ["Health not engaging"]
    next_href = first.find("div", class_="govuk-pagination__next").find("a")["href"]
    assert "status=open" in next_href and "page=2" in next_href
    second = check_html(client.get(next_href).get_data(as_text=True))
    assert [r[0] for r in _rows(second)] == ["Vulnerability training"]
