"""HMICFRS reports: recording one, its recommendations and areas for improvement (typed
in, or imported from a CSV file), the request for the Chief Constable's comments, and
the PCC's response (drafted here, with a comment on each item, then published).

The 56-day clock (Police Act 1996, s.55) is ``models.action_status.response_due``: the
PCC's response is due 56 days after the report's publication.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from models import ActionItem, HmicfrsReport, Organisation, User, db, utcnow
from models.action_status import AFI, CAUSE, RECOMMENDATION, cc_comments_due
from models.actions import TITLE_MAX
from models.permissions import require

from . import audit
from .actions import ActionError, add_item, clean
from .database import transaction
from .offices import office_for

URL_MAX = 500
TEXT_MAX = 20_000
CSV_MAX_ROWS = 1000
# The CSV import's "type" column: the words it accepts for each source.
TYPE_WORDS = {
    "recommendation": RECOMMENDATION, "rec": RECOMMENDATION,
    "area for improvement": AFI, "afi": AFI, "aoi": AFI,
    "cause of concern": CAUSE, "coc": CAUSE,
}
CSV_COLUMNS = ("type", "reference", "title", "detail", "owner", "due date")


def _report_fields(fields: Mapping, office_id: int) -> dict:
    title = clean(fields.get("title"))
    if not title:
        raise ActionError("Enter the report's title", "title")
    if len(title) > TITLE_MAX:
        raise ActionError(f"The title must be {TITLE_MAX} characters or fewer", "title")
    published = fields.get("published_on")
    if not isinstance(published, date):
        raise ActionError("Enter the date the report was published", "published_on")
    org = db.session.get(Organisation, fields.get("organisation_id") or 0)
    if org is None or org.office_id != office_id:
        raise ActionError("Choose the force the report is about", "organisation_id")
    url = clean(fields.get("url"))
    if url and (len(url) > URL_MAX or not url.startswith(("https://", "http://"))):
        raise ActionError("Enter the link as a web address starting https://", "url")
    return {"title": title, "published_on": published, "organisation_id": org.id, "url": url}


def create_report(*, by: User | None, fields: Mapping, office=None) -> HmicfrsReport:
    """Record a report (commits): title, published_on, organisation_id (the force), url."""
    require(by, "reports.manage")
    office_id = office_for(by=by, office=office).id
    values = _report_fields(fields, office_id)
    report = HmicfrsReport(office_id=office_id, created_by_id=by.id if by else None, **values)
    with transaction():
        db.session.add(report)
        db.session.flush()
        audit.record("report.create", user=by, actor=None if by else "cli", obj=report,
                     organisation_id=report.organisation_id)
    return report


def edit_report(report: HmicfrsReport, *, by: User | None, fields: Mapping) -> None:
    require(by, "reports.manage", report)
    values = _report_fields(fields, report.office_id)
    changed = [k for k, v in values.items() if getattr(report, k) != v]
    if not changed:
        return
    with transaction():
        for name in changed:
            setattr(report, name, values[name])
        audit.record("report.edit", user=by, obj=report, organisation_id=report.organisation_id,
                     fields=changed)


def add_report_item(report: HmicfrsReport, *, by: User | None, fields: Mapping) -> ActionItem:
    """Type in one recommendation, area for improvement or cause of concern (commits)."""
    require(by, "reports.manage", report)
    with transaction():
        return add_item(by=by, fields=_item_fields(report, fields), report=report,
                        office_id=report.office_id)


def _item_fields(report: HmicfrsReport, fields: Mapping) -> dict:
    out = dict(fields)
    out["organisation_id"] = report.organisation_id
    if out.get("source") not in (RECOMMENDATION, AFI, CAUSE):
        raise ActionError("Choose a recommendation, area for improvement or cause of concern",
                          "source")
    return out


# ---------------------------------------------------------------- the import


@dataclass
class ImportResult:
    added: list[ActionItem] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # already on the report

    def report_lines(self) -> list[str]:
        return [f"line {n}: {m}" for n, m in self.problems + self.skipped]


def _csv_date(text: str) -> date:
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = (int(p) for p in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise ActionError(f"the due date {text!r} is not a date (write it as YYYY-MM-DD or "
                          "DD/MM/YYYY)") from None


def _parse_rows(text: str) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    """([(line, fields)], [(line, problem)]) of a CSV file's rows."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("type", "title") if c not in header]
    if missing:
        return [], [(1, "the first line must name the columns: " + ", ".join(CSV_COLUMNS)
                     + " (missing: " + ", ".join(missing) + ")")]
    rows, problems = [], []
    for number, raw in enumerate(reader, start=1):
        line = reader.line_num
        if number > CSV_MAX_ROWS:
            problems.append((line, f"a file can hold at most {CSV_MAX_ROWS} rows"))
            break
        row = {(k or "").strip().lower(): (v or "").strip() if isinstance(v, str) else ""
               for k, v in raw.items()}
        if not any(row.values()):
            continue
        try:
            source = TYPE_WORDS.get(row.get("type", "").lower())
            if source is None:
                raise ActionError(f"the type {row.get('type')!r} is not one of: recommendation, "
                                  "area for improvement, cause of concern")
            if not row.get("title"):
                raise ActionError("the title is empty")
            for name, limit in (("title", TITLE_MAX), ("reference", 200), ("owner", 200)):
                if len(row.get(name) or "") > limit:
                    raise ActionError(f"the {name} is longer than {limit} characters")
            due = _csv_date(row["due date"]) if row.get("due date") else None
        except ActionError as problem:
            problems.append((line, str(problem)))
            continue
        rows.append((line, {"source": source, "reference": row.get("reference") or None,
                            "title": row["title"], "detail": row.get("detail") or None,
                            "owner": row.get("owner") or None, "due_date": due}))
    return rows, problems


def import_items(report: HmicfrsReport, text: str, *, by: User | None) -> ImportResult:
    """Import a CSV file's rows as the report's items (commits the good rows as one).

    Each good row becomes a register item; each bad row is reported with its line
    number and adds nothing; a row whose type and reference are already on the report
    is skipped (so a corrected file can be imported again). Nothing is half-imported:
    the good rows are added in one transaction, all of them or (on any failure) none.
    """
    require(by, "reports.manage", report)
    rows, problems = _parse_rows(text)
    result = ImportResult(problems=problems)
    have = {(i.source, (i.reference or "").lower()) for i in report.items if i.reference}
    with transaction():
        for line, fields in rows:
            key = (fields["source"], (fields["reference"] or "").lower())
            if fields["reference"] and key in have:
                result.skipped.append((line, f"{fields['reference']} is already on the report"))
                continue
            have.add(key)
            result.added.append(add_item(by=by, fields=_item_fields(report, fields),
                                         report=report, office_id=report.office_id))
        if result.added:
            audit.record("report.import", user=by, actor=None if by else "cli", obj=report,
                         organisation_id=report.organisation_id, added=len(result.added),
                         bad_lines=[n for n, _ in result.problems])
    result.problems.sort()
    return result


# ------------------------------------------------ the Chief Constable and the PCC


def request_cc_comments(report: HmicfrsReport, *, by: User | None,
                        deadline: date | None = None) -> None:
    """Record that the force has been asked for the Chief Constable's comments (commits)."""
    require(by, "reports.manage", report)
    deadline = deadline or cc_comments_due(report.published_on)
    if deadline < report.published_on:
        raise ActionError("The deadline must be after the report was published", "cc_deadline")
    with transaction():
        report.cc_requested_at, report.cc_deadline = utcnow(), deadline
        audit.record("report.cc_request", user=by, obj=report,
                     organisation_id=report.organisation_id, deadline=deadline.isoformat())


def record_cc_comments(report: HmicfrsReport, *, by: User | None, text: str | None) -> None:
    require(by, "reports.manage", report)
    comments = clean(text, TEXT_MAX)
    with transaction():
        report.cc_comments = comments
        audit.record("report.cc_comments", user=by, obj=report,
                     organisation_id=report.organisation_id)


def save_response(report: HmicfrsReport, *, by: User | None, intro: str | None,
                  comments: Mapping[int, str | None]) -> None:
    """Save the PCC's draft response (commits): an introduction and a comment on each of
    the report's items (``comments``: item id -> text; other items are left as they are)."""
    require(by, "reports.manage", report)
    if report.response_published_at is not None:
        raise ActionError("The response has been published and cannot be changed", "intro")
    with transaction():
        report.response_intro = clean(intro, TEXT_MAX)
        for item in report.items:
            if item.id in comments:
                item.response_comment = clean(comments[item.id], TEXT_MAX)
        audit.record("report.response_save", user=by, obj=report,
                     organisation_id=report.organisation_id)


def publish_response(report: HmicfrsReport, *, by: User | None) -> None:
    require(by, "reports.manage", report)
    if report.response_published_at is not None:
        raise ActionError("The response has already been published", "publish")
    if not report.response_intro:
        raise ActionError("Write the response's introduction before publishing it", "intro")
    with transaction():
        report.response_published_at = utcnow()
        audit.record("report.response_publish", user=by, obj=report,
                     organisation_id=report.organisation_id)
