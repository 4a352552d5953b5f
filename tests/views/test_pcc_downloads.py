"""Excel downloads: attachments, safe names, no caching, audit, access; and the
figures on the PCC's pages equal the figures in the workbooks."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from models import AuditEvent, db
from models.rounds import round_name
from tests.db import create_user
from tests.exports.workbook import table_dicts
from tests.helpers import check_html, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert re.fullmatch(r'attachment; filename=[a-z0-9-]+\.xlsx', disposition), disposition
    return load_workbook(io.BytesIO(response.data)), disposition


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_pcc_downloads_round_workbook(history, client, pcc):
    sign_in(client, pcc)
    wb, disposition = _download(client, f"/exports/rounds/{history.r3.id}.xlsx")
    assert disposition.endswith(f"round-{history.r3.id}-spring-2021-meeting-2021-03-10.xlsx")
    assert wb.sheetnames == ["Cover", "Answers", "Ratings", "After the meeting", "Gaps", "Changes",
                             "Verdicts", "Actions"]
    [event] = _events("export.round")
    assert (event.user_id, event.role, event.object_id, event.detail) == (
        pcc.id, "pcc", str(history.r3.id), {"rows": 8})


def test_admin_downloads_trends_with_filters(history, client, admin):
    sign_in(client, admin)
    wb, disposition = _download(
        client, f"/exports/questionnaires/trend-check/trends.xlsx?org={history.beta.id}&from=2020-06-01")
    assert disposition.endswith("trend-check-trends-bet-from-2020-06-01.xlsx")
    assert wb.sheetnames == ["About", "Data", "Questions", "Gap register", "Beta Force",
                             "Verdicts over time", "Actions"]
    [event] = _events("export.trends")
    assert event.organisation_id == history.beta.id and event.detail["rows"] == 7  # 6 + 1 number


def test_respondent_downloads_own_trends_only(history, client):
    sign_in(client, create_user(role="respondent", org=history.alpha))
    wb, _ = _download(client, "/exports/questionnaires/trend-check/trends.xlsx")
    assert wb.sheetnames == ["About", "Data", "Questions", "Gap register", "Alpha Force",
                             "Actions"]
    assert {d["Organisation"] for d in table_dicts(wb["Data"])} == {"Alpha Force"}
    assert {g["Organisation"] for g in table_dicts(wb["Gap register"])} == {"Alpha Force"}
    _download(client, f"/exports/questionnaires/trend-check/trends.xlsx?org={history.alpha.id}")
    for url in [f"/exports/questionnaires/trend-check/trends.xlsx?org={history.beta.id}",
                "/exports/questionnaires/trend-check/trends.xlsx?org=x",
                f"/exports/rounds/{history.r3.id}.xlsx"]:
        response = client.get(url)
        assert response.status_code == 404, url
        check_html(response.get_data(as_text=True))
    assert len(_events("export.trends")) == 2 and _events("export.round") == []


def test_unknown_things_are_404(history, client, pcc):
    sign_in(client, pcc)
    for url in ["/exports/rounds/999.xlsx", "/exports/questionnaires/nope/trends.xlsx",
                "/exports/questionnaires/trend-check/trends.xlsx?org=999",
                "/exports/questionnaires/trend-check/trends.xlsx?to=31/12/2020"]:
        assert client.get(url).status_code in (400, 404), url
    assert _events("export.round") == _events("export.trends") == []


def test_signed_out_goes_to_sign_in(history, client):
    response = client.get(f"/exports/rounds/{history.r3.id}.xlsx")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_trend_page_figures_equal_workbook_figures(history, client, pcc, client_request):
    sign_in(client, pcc)
    for org in (history.alpha, history.beta):
        page = client_request.get("pcc.trends", key="trend-check", organisation_id=org.id)
        on_page = {(table["data-trend"], tr.th.contents[0].strip()):
                   (int(tr["data-value"]) if tr["data-value"] else None)
                   for table in page.select("table[data-trend]") for tr in table.select("tbody tr")}
        wb, _ = _download(client, f"/exports/questionnaires/trend-check/trends.xlsx?org={org.id}")
        sheet = wb[org.name]
        in_book = {(key, round_name(row["Round"], row["Meeting date"].date())): row[key] for row in table_dicts(sheet, f"tbl_org_{org.id}")
                   for key in ("conf-a", "conf-b", "conf-flagging")}
        assert on_page == in_book
        assert any(v is not None for v in on_page.values())


def test_latest_page_figures_equal_round_workbook(history, client, pcc, client_request):
    sign_in(client, pcc)
    page = client_request.get("pcc.latest", key="trend-check")
    on_page = {tr["data-question"]: [td["data-value"] for td in tr.select("td")]
               for tr in page.select("#latest-ratings tbody tr")}
    wb, _ = _download(client, f"/exports/rounds/{history.r3.id}.xlsx")  # both latest are round 3
    # The Ratings sheet has organisations down and "question id: wording" across.
    by_org = {row["Organisation"]: row for row in table_dicts(wb["Ratings"])}
    headers = [h for h in by_org["Alpha Force"] if ": " in h]
    in_book = {h.split(": ")[0]: [str(by_org[org][h] or "") for org in ("Alpha Force",
                                                                         "Beta Force")]
               for h in headers}
    assert on_page == in_book
