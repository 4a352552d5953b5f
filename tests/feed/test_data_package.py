"""`flask export data -o DIR`: every feed set as CSV and a datapackage.json that the
Frictionless validator passes, with the same rows as the feed."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from models import Answer, Response, db

frictionless = pytest.importorskip("frictionless", reason="frictionless is not installed")


def test_the_data_package_validates_and_holds_every_row(runner, feed, tmp_path):
    folder = tmp_path / "data"
    result = runner.invoke(args=["export", "data", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "datapackage.json").exists()
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    with (folder / "answers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    submitted = db.session.scalar(select(func.count()).select_from(Answer).join(Response)
                                  .where(Response.submitted_at.is_not(None)))
    assert len(rows) == submitted
    assert {p.name for p in (folder).iterdir()} >= {"ratings-over-time.csv", "gap-entries.csv"}
