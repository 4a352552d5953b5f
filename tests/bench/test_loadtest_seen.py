"""The load test's check that no user saw another office's data (bench/loadtest/seen.py)."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook

from bench.loadtest import seen


def test_office_codes_are_found_in_pages_and_in_workbooks():
    assert seen.offices_in(b"<td>Load test force 003 of LTO02</td><p>LTO01</p>") == [
        "LTO01", "LTO02"]
    book = Workbook(write_only=True)
    book.create_sheet("Data").append(["Load test force 007 of LTO03", "Answer of LTO01"])
    out = io.BytesIO()
    book.save(out)
    assert seen.offices_in(out.getvalue()) == ["LTO01", "LTO03"]
    assert seen.offices_in(b"<p>nothing of an office</p>") == []


def test_another_offices_data_or_a_probe_not_404_is_a_problem(tmp_path):
    path = str(tmp_path / "seen.jsonl")
    seen.record(path, email="a@example.org", office="LTO01", page="/pcc/",
                content=b"LTO01 only")
    seen.record(path, email="a@example.org", office="LTO01", page="/gaps",
                content=b"LTO01 and LTO02")
    seen.record(path, email="a@example.org", office="LTO01", page="/gaps",
                content=b"LTO02")
    seen.record(path, email="b@example.org", office="LTO02", page="probe",
                probe="/responses/1", status=404)
    seen.record(path, email="b@example.org", office="LTO02", page="probe",
                probe="/exports/rounds/1.xlsx", status=200)
    lines = [json.loads(line) for line in open(path)]

    found, counts = seen.problems(lines)

    assert found == ["a@example.org (LTO01) saw LTO02 on /gaps (2 times)",
                     "b@example.org (LTO02) fetched another office's /exports/rounds/1.xlsx: "
                     "200, not 404"]
    assert (counts["pages"], counts["leaks"], counts["probes"], counts["not_404"],
            counts["users"]) == (3, 2, 2, 1, 2)
