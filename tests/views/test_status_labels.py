"""A response's status reads the same wherever it is shown, because every page and
workbook takes its words from the one table in models/status.py: the short label on
the review and round pages, the long label in the Excel cover sheet."""

from __future__ import annotations

from exports.excel_round import write_round_workbook
from models import status
from tests.db import create_response, create_round
from tests.exports.workbook import read, table_dicts
from tests.helpers import sign_in


def _text(page) -> str:
    return " ".join(page.get_text(" ").split())


def test_the_labels_come_from_the_status_table(client, client_request, admin, org, tmp_path,
                                               monkeypatch):
    round_ = create_round(status="closed")
    create_response(round_=round_, org=org, status="returned", by=admin)
    monkeypatch.setitem(status.RESPONSE_STATES, "returned", status.Status(
        "returned", "Sent back", "Sent back to the organisation", "orange"))
    sign_in(client, admin)

    review_page = _text(client_request.get("review.round_responses", round_id=round_.id))
    assert "Sent back" in review_page and "Returned for changes" not in review_page
    round_page = _text(client_request.get("rounds.show", round_id=round_.id))
    assert "Sent back" in round_page and "Returned for changes" not in round_page

    path = tmp_path / "round.xlsx"
    write_round_workbook(round_.id, path, exported_by="admin@example.org")
    cover = table_dicts(read(path)["Cover"], "tbl_Organisations")
    assert [o["Response status"] for o in cover] == ["Sent back to the organisation"]


def test_today_returned_reads_the_same_short_and_long():
    entry = status.RESPONSE_STATES["returned"]
    assert entry.label == entry.long_label == "Returned for changes"
    assert status.response_long_label(None) == "No response"
    assert status.response_long_label("draft") == "Draft (not submitted)"
