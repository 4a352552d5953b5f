"""The PCC's response to an HMICFRS report (Police Act 1996, s.55) as a document: the
report, the PCC's introduction, the Chief Constable's comments, and each
recommendation, area for improvement and cause of concern with the PCC's comment and
where it stands on the register.

``response_document(report)`` builds it; ``exports.hmicfrs_response_html``,
``exports.hmicfrs_response_docx`` and ``exports.hmicfrs_response_pdf`` (WeasyPrint, from
the HTML) render it, as the meeting notes' renderers do.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.format.dates import long_date
from models import HmicfrsReport, Office, db
from models.action_status import REPORT_SOURCE_LABELS, REPORT_SOURCES, action_label

FORMATS = ("html", "docx", "pdf")


@dataclass(frozen=True)
class ResponseItem:
    kind: str  # "Recommendation", "Area for improvement", "Cause of concern"
    reference: str
    title: str
    detail: str
    comment: str
    status: str


@dataclass(frozen=True)
class ResponseDocument:
    title: str
    report_title: str
    force: str
    published: str
    due: str
    url: str
    intro: str
    cc_comments: str
    groups: list[tuple[str, list[ResponseItem]]]  # (heading, items), in the report's order
    draft: bool
    office: str = ""  # the office's name: the files' author


def response_document(report: HmicfrsReport) -> ResponseDocument:
    groups = []
    for source in REPORT_SOURCES:
        items = [ResponseItem(kind=REPORT_SOURCE_LABELS[source], reference=i.reference or "",
                              title=i.title, detail=i.detail or "",
                              comment=i.response_comment or "", status=action_label(i.status))
                 for i in report.items if i.source == source]
        if items:
            groups.append((_plural(REPORT_SOURCE_LABELS[source]), items))
    return ResponseDocument(
        title=f"The Police and Crime Commissioner's response: {report.title}",
        report_title=report.title, force=report.organisation.name,
        published=long_date(report.published_on), due=long_date(report.response_due),
        url=report.url or "", intro=report.response_intro or "",
        cc_comments=report.cc_comments or "", groups=groups,
        draft=report.response_published_at is None, office=_office_name(report))


def _office_name(report: HmicfrsReport) -> str:
    office = db.session.get(Office, report.office_id)
    return office.name if office is not None else ""


def _plural(label: str) -> str:
    return {"Recommendation": "Recommendations", "Area for improvement": "Areas for improvement",
            "Cause of concern": "Causes of concern"}[label]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def file_stem(report: HmicfrsReport) -> str:
    return f"pcc-response-report-{report.id}"
