"""The PCC's pages: figures from the roll-ups, filters in the URL, access."""

from __future__ import annotations

import pytest

from tests.db import create_user
from tests.helpers import sign_in


@pytest.fixture
def as_pcc(client, pcc):
    sign_in(client, pcc)
    return client


def _cells(page, selector):
    return [el.get("data-value") for el in page.select(selector)]


def test_index_lists_questionnaires_and_rounds(history, as_pcc, client_request):
    page = client_request.get("pcc.index")
    assert page.h1.get_text(strip=True) == "Confidence trends"
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("a.govuk-link")}
    assert links["Trend check questions"] == "/pcc/questionnaires/trend-check"
    assert links["Spring 2021 meeting, 10 March 2021"] == f"/pcc/rounds/{history.r3.id}"
    assert f"/exports/rounds/{history.r3.id}.xlsx" in links.values()


def test_latest_ratings_side_by_side(history, as_pcc, client_request):
    page = client_request.get("pcc.latest", key="trend-check")
    heads = [th.a.get_text(strip=True) for th in page.select("#latest-ratings thead th[data-organisation]")]
    assert heads == ["Alpha Force", "Beta Force"]
    rows = {tr["data-question"]: [td.get("data-value") for td in tr.select("td")]
            for tr in page.select("#latest-ratings tbody tr")}
    assert rows == {"conf-a": ["3", "4"], "conf-b": ["4", "2"], "conf-flagging": ["2", ""]}
    tag = page.select_one("#latest-ratings tbody tr td strong.govuk-tag")
    assert tag.get_text(strip=True) == "3 – Partly confident" and "govuk-tag--yellow" in tag["class"]


def test_trend_page_table_chart_data_and_wording_changes(history, as_pcc, client_request):
    page = client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id)
    flag = page.select_one('table[data-trend="conf-flagging"]')
    assert [tr.get("data-value") for tr in flag.select("tbody tr")] == ["1", "", "2"]
    rows = flag.select("tbody tr")
    assert "Draft (not submitted)" in rows[1].get_text() and "Not counted" in rows[1].get_text()
    assert "Wording changed" in rows[2].get_text() and "Wording changed" not in rows[0].get_text()
    import json
    data = json.loads(page.select_one("#trend-chart-data").string)
    series = {s["key"]: s for s in data["series"]}
    assert series["conf-flagging"]["values"] == [1, None, 2]
    assert series["conf-flagging"]["wordingChanged"] == [False, False, True]
    assert page.select_one('[data-chart="conf-a"]').has_attr("hidden")  # shown by the script only
    scripts = [s.get("src") for s in page.select("script[src]")]
    assert "/static/build/chartjs/chart.umd.min.js" in scripts and "/static/js/charts.mjs" in scripts
    assert not [s for s in page.select("script:not([src])") if s.get("type") != "application/json"]


def test_trend_page_date_filter_in_the_url(history, as_pcc, client_request):
    page = client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id,
                              **{"from": "2020-06-01"})
    rows = page.select('table[data-trend="conf-a"] tbody tr')
    assert [r["data-round"] for r in rows] == [str(history.r2.id), str(history.r3.id)]
    download = page.find("a", string="Download these trends (Excel)")
    assert download["href"] == (f"/exports/questionnaires/trend-check/trends.xlsx"
                                f"?org={history.alpha.id}&from=2020-06-01")
    client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id,
                       _expected_status=400, **{"from": "last week"})


def test_trend_page_dates_are_gov_uk_date_inputs(history, as_pcc, client_request):
    boxes = {"from-day": "1", "from-month": "6", "from-year": "2020"}
    page = client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id,
                              **boxes)
    assert not page.select("input[type=date]")
    assert [i["name"] for i in page.select("#from input")] == ["from-day", "from-month", "from-year"]
    assert [i["value"] for i in page.select("#from input")] == ["1", "6", "2020"]
    rows = page.select('table[data-trend="conf-a"] tbody tr')
    assert [r["data-round"] for r in rows] == [str(history.r2.id), str(history.r3.id)]
    linked = client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id,
                                **{"from": "2020-06-01"})  # a link's date fills the boxes
    assert [i["value"] for i in linked.select("#from input")] == ["1", "6", "2020"]
    wrong = client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id,
                               **{"to-day": "31", "to-month": "2", "to-year": "2021"})
    assert wrong.title.string.startswith("Error:")
    summary = wrong.find(class_="govuk-error-summary")
    assert "The to date must be a real date" in summary.get_text()
    assert summary.find("a")["href"] == "#to-day"


def test_changes_page(history, as_pcc, client_request):
    page = client_request.get("pcc.changes", round_id=history.r3.id)
    alpha = page.select_one(f'table[data-organisation="{history.alpha.id}"]')
    changes = {tr["data-question"]: tr["data-change"] for tr in alpha.select("tbody tr")}
    assert changes == {"conf-a": "up", "conf-b": "up", "conf-flagging": "up", "notes": ""}
    assert "Compared with Spring 2020 meeting" in page.get_text(" ", strip=True)


def test_the_gap_register_is_the_one_register_with_the_pcc_filters(history, as_pcc,
                                                                    client_request):
    """/pcc/gaps moved to /gaps (tests/views/test_gaps.py tests the register itself)."""
    response = as_pcc.get(f"/pcc/gaps?status=closed&area=Systems&rounds=1"
                          f"&organisation={history.alpha.id}")
    assert response.status_code == 301
    page = client_request.get("gaps.register", status="closed", area="Systems", rounds="1",
                              organisation=history.alpha.id, questionnaire="trend-check")
    rows = page.select("#gap-register tbody tr")
    assert len(rows) == 1 and "Systems not integrated" in rows[0].get_text()
    assert page.select_one("#rounds")["value"] == "1"
    assert page.select_one("#questionnaire option[selected]")["value"] == "trend-check"
    page = client_request.get("gaps.register", rounds="3")
    assert page.select_one("#gap-count").get_text(strip=True) == "No gaps match these filters."


def test_gap_links_to_the_answer_behind_it(history, as_pcc, client_request):
    page = client_request.get("gaps.register", status="open")
    link = page.select_one('#gap-register tbody tr a[data-link="answer"]')
    assert link["href"] == f"/responses/{history.a3.id}#q-notes"


def test_the_pcc_pages_link_to_the_register(history, as_pcc, client_request):
    assert client_request.get("pcc.index").find("a", href="/gaps", string="Gap register")
    home = client_request.get("main.home")
    assert home.find("a", href="/gaps?status=open", string="Open gaps")


def test_home_panel_and_navigation(history, as_pcc, client_request):
    page = client_request.get("main.home")
    nav = [a["href"] for a in page.select(".govuk-service-navigation a")
           if a.get_text(strip=True) == "Confidence trends"]
    assert nav == ["/pcc/"]
    assert page.find("a", href="/pcc/questionnaires/trend-check")


@pytest.mark.parametrize("endpoint, args", [
    ("pcc.index", {}), ("pcc.latest", {"key": "trend-check"}), ("pcc.gaps", {}),
])
def test_respondents_are_refused(history, client, client_request, endpoint, args):
    sign_in(client, create_user(role="respondent", org=history.alpha))
    client_request.get(endpoint, _expected_status=403, **args)


def test_unknown_things_are_404(history, as_pcc, client_request):
    client_request.get("pcc.latest", key="nope", _expected_status=404)
    client_request.get("pcc.trends", key="nope", organisation_id=history.alpha.id, _expected_status=404)
    client_request.get("pcc.trends", key="trend-check", organisation_id=999, _expected_status=404)
    client_request.get("pcc.changes", round_id=999, _expected_status=404)


def test_admin_sees_the_pages(history, client, admin, client_request):
    sign_in(client, admin)
    client_request.get("pcc.trends", key="trend-check", organisation_id=history.beta.id)


# Every endpoint of these blueprints with its access decision (until
# tests/views/test_routes.py exists to hold them): status by role.
ACCESS = {
    "pcc.index": ({}, {"admin": 200, "pcc": 200, "respondent": 403}),
    "pcc.latest": ({"key": "trend-check"}, {"admin": 200, "pcc": 200, "respondent": 403}),
    "pcc.trends": ({"key": "trend-check", "organisation_id": "alpha"},
                   {"admin": 200, "pcc": 200, "respondent": 403}),
    "pcc.changes": ({"round_id": "r3"}, {"admin": 200, "pcc": 200, "respondent": 403}),
    "pcc.gaps": ({}, {"admin": 301, "pcc": 301, "respondent": 403}),  # moved to /gaps
    "exports.round_workbook": ({"round_id": "r3"}, {"admin": 200, "pcc": 200, "respondent": 404}),
    "exports.trends_workbook": ({"key": "trend-check"},
                                {"admin": 200, "pcc": 200, "respondent": 200}),
}


def test_every_endpoint_has_its_access_decision(app):
    ours = {e for e in app.view_functions if e.split(".")[0] in ("pcc", "exports")}
    assert ours == set(ACCESS)


@pytest.mark.parametrize("endpoint", sorted(ACCESS))
def test_access_by_role(history, client, endpoint):
    from tests.helpers import url

    args, expected = ACCESS[endpoint]
    values = {k: {"alpha": history.alpha.id, "r3": history.r3.id}.get(v, v) for k, v in args.items()}
    target = url(client, endpoint, **values)
    response = client.get(target)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    users = {"admin": create_user(role="admin"), "pcc": create_user(role="pcc"),
             "respondent": create_user(role="respondent", org=history.alpha)}
    for role, status in expected.items():
        sign_in(client, users[role])
        assert client.get(target).status_code == status, (endpoint, role)
        client.post("/sign-out")


def test_trend_page_shows_the_latest_meetings_unless_asked_for_all(history, as_pcc, client_request,
                                                                    monkeypatch):
    import views.pcc
    monkeypatch.setattr(views.pcc, "RECENT_MEETINGS", 2)
    page = client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id)
    rows = page.select('table[data-trend="conf-flagging"] tbody tr')
    assert [tr.get("data-value") for tr in rows] == ["", "2"]
    window = page.select_one("#trend-window").get_text(" ", strip=True)
    assert window.startswith("Showing the latest 2 meetings")
    page = client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id,
                              all="1")
    rows = page.select('table[data-trend="conf-flagging"] tbody tr')
    assert [tr.get("data-value") for tr in rows] == ["1", "", "2"]
    assert page.select_one("#trend-window") is None


def test_trend_rows_quote_the_wording_asked_in_their_round(history, as_pcc, client_request):
    page = client_request.get("pcc.trends", key="trend-check", organisation_id=history.alpha.id)
    rows = page.select('table[data-trend="conf-flagging"] tbody tr')
    old, new = ("How confident are you that incidents are flagged?",
                "How confident are you that CSE is flagged on incidents and crimes?")
    asked = [r.select_one('[data-wording="asked"]') for r in rows]
    # the first two rounds asked the old wording; the last asked the heading's own words
    assert [a.get_text(" ", strip=True) if a else None for a in asked] == [
        f"Asked as: “{old}” (question id conf-old)", f"Asked as: “{old}” (question id conf-old)",
        None]
    assert new not in rows[2].get_text()  # not the heading quoted back as if it were different
    assert rows[2].select_one('[data-wording="before"]').get_text(strip=True) == (
        f"Before this round: “{old}”")


def test_rounds_that_share_a_title_are_named_by_their_meeting_date(client, client_request):
    from datetime import date

    from tests.db import create_round

    first = create_round(title="CSE assurance", meeting_date=date(2016, 9, 22), status="closed")
    create_round(version=first.questionnaire_version, title="CSE assurance",
                 meeting_date=date(2017, 3, 9), status="closed")
    sign_in(client, create_user(role="pcc", email="pcc2@example.org"))
    page = client_request.get("pcc.index")
    names = [a.get_text(" ", strip=True) for a in page.select("a[href^='/pcc/rounds/']")]
    assert names == ["CSE assurance, 9 March 2017", "CSE assurance, 22 September 2016"]
    hidden = [s.get_text(strip=True) for s in page.select("a[download] .govuk-visually-hidden")]
    assert "for CSE assurance, 22 September 2016" in hidden
