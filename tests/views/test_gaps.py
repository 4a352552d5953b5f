"""The gap register (the one register for every role) and a gap's history page."""

from __future__ import annotations

from datetime import date

import pytest

from tests.actions import submit
from tests.db import (
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from tests.helpers import check_html, sign_in, text_of
from tests.samples import small_yaml
from workflows.gaps import gap_items_for, save_gap_items


@pytest.fixture
def gaps_two_orgs(app, org, respondent):
    """Our organisation: one gap closed over two rounds, one open for two rounds, one on
    another questionnaire. Another organisation: one open gap."""
    version = create_questionnaire_version()
    r1 = create_round(version=version, title="September 2016", meeting_date=date(2016, 9, 22))
    mine = create_response(round_=r1, org=org)
    save_gap_items(mine, "picture-rating", [
        {"title": "Landlord data", "area": "Systems"},
        {"title": "Vulnerability training", "area": "Training"},
    ], respondent)
    submit(mine, by=respondent)
    r2 = create_round(version=version, title="March 2017", meeting_date=date(2017, 3, 1))
    again = create_response(round_=r2, org=org, carry=True)
    items = gap_items_for(again)["picture-rating"]
    closing = [{**i, "status": "closed", "closing_note": "Agreement signed with councils"}
               if i["title"] == "Landlord data" else i for i in items]
    save_gap_items(again, "picture-rating", closing, respondent)
    submit(again, by=respondent)
    other_q = create_questionnaire_version(yaml_text=small_yaml(key="missing-children"))
    r3 = create_round(version=other_q, title="Missing children 2017", meeting_date=date(2017, 5, 1))
    missing = create_response(round_=r3, org=org)
    save_gap_items(missing, "partners-gaps", [{"title": "Return interviews late"}], respondent)
    submit(missing, by=respondent)
    other = create_org(name="Shropshire Local Policing Area")
    other_user = create_user(org=other)
    theirs = create_response(round_=r1, org=other)
    save_gap_items(theirs, "partners-gaps", [{"title": "Health not engaging",
                                             "area": "Partnerships"}], other_user)
    submit(theirs, by=other_user)
    return {"other": other, "other_user": other_user, "mine": mine.id, "again": again.id,
            "missing": missing.id, "theirs": theirs.id}


def _rows(page) -> list[dict[str, str]]:
    """The register's rows as {column heading: text}."""
    table = page.find("table", id="gap-register")
    if table is None:
        return []
    heads = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
    return [dict(zip(heads, (text_of(c) for c in tr.find_all(["th", "td"]))))
            for tr in table.find("tbody").find_all("tr")]


def _titles(page) -> list[str]:
    return [r["Gap"] for r in _rows(page)]


def test_admin_sees_every_gap_with_rounds_open_and_closing_note(
    client, client_request, admin, org, gaps_two_orgs
):
    org_name = org.name
    sign_in(client, admin)
    page = client_request.get("gaps.register")
    rows = {r["Gap"]: r for r in _rows(page)}
    assert _titles(page) == ["Health not engaging", "Return interviews late", "Landlord data",
                             "Vulnerability training"]
    landlord = rows["Landlord data"]
    assert landlord["Organisation"] == org_name
    assert rows["Health not engaging"]["Organisation"] == "Shropshire Local Policing Area"
    assert landlord["Question"] == ("How would you rate the current intelligence assessment? "
                                    "Small assurance questions")
    assert landlord["First identified"] == "September 2016 (22 September 2016)"
    assert landlord["Rounds open"] == "1" and landlord["Status"] == "Closed"
    # Issue 11: the round it closed in is named by title and meeting date.
    assert landlord["Closing note"] == ("Agreement signed with councils Closed in March 2017, "
                                        "1 March 2017")
    assert rows["Vulnerability training"]["Rounds open"] == "2"
    assert rows["Vulnerability training"]["Status"] == "Open"
    assert page.select_one("#gap-count").get_text(strip=True) == "Showing 1 to 4 of 4 gaps."


def test_every_filter_is_in_the_url_and_shown_as_chosen(
    client, client_request, pcc, org, gaps_two_orgs
):
    sign_in(client, pcc)
    page = client_request.get("gaps.register", status="open", area="Training")
    assert _titles(page) == ["Vulnerability training"]
    assert page.select_one("#status option[selected]")["value"] == "open"
    assert page.select_one("#area option[selected]")["value"] == "Training"
    page = client_request.get("gaps.register", organisation=gaps_two_orgs["other"].id)
    assert _titles(page) == ["Health not engaging"]
    assert page.select_one("#organisation option[selected]")["value"] == str(
        gaps_two_orgs["other"].id)
    page = client_request.get("gaps.register", rounds="2")
    assert _titles(page) == ["Vulnerability training"]
    assert page.select_one("#rounds")["value"] == "2"
    page = client_request.get("gaps.register", questionnaire="missing-children")
    assert _titles(page) == ["Return interviews late"]
    assert page.select_one("#questionnaire option[selected]")["value"] == "missing-children"
    page = client_request.get("gaps.register", questionnaire="small-assurance", status="closed")
    assert _titles(page) == ["Landlord data"]
    page = client_request.get("gaps.register", status="closed", area="Partnerships")
    assert page.select_one("#gap-count").get_text(strip=True) == "No gaps match these filters."
    # Nonsense in the URL is ignored rather than refused.
    page = client_request.get("gaps.register", status="reopened", rounds="-3", page="x")
    assert len(_titles(page)) == 4


def test_the_filter_form_asks_for_the_same_url(client, client_request, pcc, gaps_two_orgs):
    sign_in(client, pcc)
    form = client_request.get("gaps.register").find("form", class_="app-filters")
    assert form["method"] == "get" and form["action"] == "/gaps"
    assert {f["name"] for f in form.find_all(["select", "input"])} == {
        "organisation", "questionnaire", "status", "area", "rounds"}


def test_each_gap_links_to_its_history_and_to_the_answer_behind_it(
    client, client_request, admin, gaps_two_orgs
):
    sign_in(client, admin)
    page = client_request.get("gaps.register")
    row = page.find("th", string=lambda s: s and "Landlord data" in s).parent
    history = row.find("a", attrs={"data-link": "history"})["href"]
    answer = row.find("a", attrs={"data-link": "answer"})
    # The answer where the gap last stood: the March 2017 response that closed it.
    assert answer["href"] == f"/responses/{gaps_two_orgs['again']}#q-picture-rating"
    assert "behind “Landlord data”" in answer.get_text(" ", strip=True)
    text = " ".join(client.get(history).get_data(as_text=True).split())
    assert "September 2016" in text and "March 2017" in text
    assert "Agreement signed with councils" in text
    answer_page = check_html(client.get(answer["href"]).get_data(as_text=True))
    assert answer_page.find(id="q-picture-rating") is not None


def test_the_register_pages_and_keeps_its_filters(
    client, client_request, admin, gaps_two_orgs, monkeypatch
):
    import views.gaps

    monkeypatch.setattr(views.gaps, "PER_PAGE", 1)
    sign_in(client, admin)
    first = client_request.get("gaps.register", status="open", questionnaire="small-assurance")
    assert _titles(first) == ["Health not engaging"]
    assert first.select_one("#gap-count").get_text(strip=True) == "Showing 1 to 1 of 2 gaps."
    next_href = first.select_one(".govuk-pagination__next a")["href"]
    assert "status=open" in next_href and "questionnaire=small-assurance" in next_href
    assert "page=2" in next_href
    second = check_html(client.get(next_href).get_data(as_text=True))
    assert _titles(second) == ["Vulnerability training"]
    assert second.select_one("#gap-count").get_text(strip=True) == "Showing 2 to 2 of 2 gaps."
    assert second.select_one(".govuk-pagination__next") is None
    assert "page=1" in second.select_one(".govuk-pagination__prev a")["href"]
    # A page past the end (the register shrank since it was bookmarked) shows the last page.
    last = client_request.get("gaps.register", status="open", questionnaire="small-assurance",
                              page=9)
    assert _titles(last) == ["Vulnerability training"]


def test_respondents_see_only_their_own_organisation(
    client, client_request, respondent, org, gaps_two_orgs, monkeypatch
):
    other = gaps_two_orgs["other"]
    sign_in(client, respondent)
    page = client_request.get("gaps.register")
    assert _titles(page) == ["Return interviews late", "Landlord data", "Vulnerability training"]
    assert page.find("select", attrs={"name": "organisation"}) is None
    assert "Organisation" not in _rows(page)[0]
    assert "Partnerships" not in [o["value"] for o in page.select("#area option")]
    # A forged organisation is ignored, alone or with other filters.
    page = client_request.get("gaps.register", organisation=other.id)
    assert "Health not engaging" not in page.get_text()
    assert len(_titles(page)) == 3
    page = client_request.get("gaps.register", organisation=other.id, area="Partnerships")
    assert _titles(page) == []
    # ... and never carried into the paging links.
    import views.gaps

    monkeypatch.setattr(views.gaps, "PER_PAGE", 1)
    page = client_request.get("gaps.register", organisation=other.id, status="open")
    href = page.select_one(".govuk-pagination__next a")["href"]
    assert "organisation" not in href and "status=open" in href
    # The answer links lead to their own responses, which they may read.
    for link in page.find_all("a", attrs={"data-link": "answer"}):
        assert client.get(link["href"]).status_code == 200


def test_another_organisations_gap_and_answer_are_404_to_a_respondent(
    client, client_request, respondent, gaps_two_orgs
):
    sign_in(client, gaps_two_orgs["other_user"])
    page = client_request.get("gaps.register")
    assert _titles(page) == ["Health not engaging"]
    row = page.find("tr", attrs={"data-gap": True})
    their_history = row.find("a", attrs={"data-link": "history"})["href"]
    their_answer = row.find("a", attrs={"data-link": "answer"})["href"]
    client.post("/sign-out")
    sign_in(client, respondent)
    assert client.get(their_history).status_code == 404
    assert client.get(their_answer).status_code == 404


def test_unknown_gap_is_404(client, client_request, admin):
    sign_in(client, admin)
    client_request.get("gaps.gap", gap_id=9999, _expected_status=404)


def test_the_old_pcc_address_redirects_with_its_filters(client, pcc, respondent, gaps_two_orgs):
    sign_in(client, pcc)
    response = client.get("/pcc/gaps?status=open&rounds=2&organisation=3")
    assert response.status_code == 301
    assert response.location == "/gaps?status=open&rounds=2&organisation=3"
    assert client.get("/pcc/gaps").location == "/gaps"
    client.post("/sign-out")
    sign_in(client, respondent)
    assert client.get("/pcc/gaps").status_code == 403
