"""Demo step: the register of actions and recommendations, and an HMICFRS report.

Actions agreed at the invented meetings (never at the real seed meeting of 22 September
2016), some closed, some overdue, each moved through the same workflows a user goes
through, so that each has its history. And an invented HMICFRS report on West Mercia
Police, published 45 days before the demo is loaded (so its response is due soon), with
recommendations and areas for improvement; one is linked to the seed meeting's question
on recommendations ("There are lots of reports with multiple recommendations around
CSE ..."). Idempotent: nothing is added when the office's register has any item.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from models import ActionItem, User, db

from . import accounts, actions, hmicfrs, rounds
from .actions import Link

CSE = "cse-assurance"
REPORT_TITLE = ("Child protection inspection: West Mercia Police (invented demo data)")
REPORT_AGE_DAYS = 45

# (meeting date, org code, title, owner, due date, [(status, note, by "admin"|"lead")])
MEETING_ACTIONS = [
    ("2017-03-23", "WMP", "Report the number of CSE cases audited each quarter",
     "Detective Superintendent, Public Protection", "2017-09-01",
     [("in_progress", "First quarter's audit reported to the Strategic Board", "lead"),
      ("completed", "Audit figures now in the quarterly performance pack", "lead"),
      ("closed", "Seen in the performance pack for Q2 2017", "admin")]),
    ("2017-03-23", "TW-LPA", "Map the night-time economy outside the town centre",
     "Superintendent, Telford and Wrekin", "2017-07-31",
     [("in_progress", "Licensing visits started in Wellington and Oakengates", "lead")]),
    ("2017-09-21", "SH-LPA", "Brief rural beat managers on CSE hotspots",
     "Superintendent, Shropshire", "2018-01-31", []),
    ("2017-09-21", "WMP", "Check flagging compliance in the crime recording system",
     "Head of Crime Recording", "2018-03-01",
     [("completed", "Compliance at 96% in the February 2018 audit", "lead")]),
    ("2018-03-22", "WMP", "Share the CSE problem profile with health partners",
     "Detective Chief Inspector, Intelligence", "2018-06-30",
     [("superseded", "Replaced by the new partnership information-sharing agreement",
       "admin")]),
]

# (type, reference, title, owner, due date, linked to the recommendations question)
REPORT_ITEMS = [
    ("recommendation", "Recommendation 1",
     "Track every recommendation on CSE to completion and report progress to the PCC",
     "Assistant Chief Constable", 120, True),
    ("recommendation", "Recommendation 2",
     "Make sure risk assessments for missing children are reviewed by a supervisor",
     "Head of Public Protection", 90, False),
    ("afi", "Area for improvement 1",
     "The force should improve how it records the voice of the child", None, 180, False),
]


def demo_register(report) -> None:
    """Demo step (idempotent): the meeting actions and the HMICFRS report."""
    if db.session.scalar(select(ActionItem.id).limit(1)) is not None:
        return
    admin = _user("admin@opcc.example.org")
    lead = _user("respondent@force.example.org")
    added = sum(_meeting_action(row, admin, lead) for row in MEETING_ACTIONS)
    made = _report(admin)
    report.lines.append(f"Added {added} actions agreed at meetings and HMICFRS report "
                        f"{made.id} with {len(made.items)} items to the register")


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _meeting_action(row, admin: User | None, lead: User | None) -> int:
    meeting, code, title, owner, due, moves = row
    org = accounts.find_org(code)
    round_ = next((r for r in rounds.list_rounds() if r.meeting_date.isoformat() == meeting
                   and r.invented), None)
    if org is None or round_ is None:
        return 0
    item = actions.create_item(by=admin, fields={
        "source": "meeting", "reference": f"Minutes of {meeting}", "title": title,
        "organisation_id": org.id, "owner": owner, "due_date": date.fromisoformat(due),
        "questionnaire_key": CSE}, links=[Link("round", round_id=round_.id)])
    for status, note, who in moves:
        # the force lead speaks for the force; the local policing areas' updates are the
        # admin's record of what they reported
        by = lead if who == "lead" and code == "WMP" else admin
        actions.move_item(item, status, by=by, note=note)
    return 1


def _report(admin: User | None):
    org = accounts.find_org("WMP")
    published = date.today() - timedelta(days=REPORT_AGE_DAYS)
    made = hmicfrs.create_report(by=admin, fields={
        "title": REPORT_TITLE, "published_on": published, "organisation_id": org.id,
        "url": "https://hmicfrs.justiceinspectorates.gov.uk/"})
    for source, ref, title, owner, due_days, linked in REPORT_ITEMS:
        item = hmicfrs.add_report_item(made, by=admin, fields={
            "source": source, "reference": ref, "title": title, "owner": owner,
            "due_date": published + timedelta(days=due_days), "questionnaire_key": CSE})
        if linked:
            actions.edit_item(item, by=admin, fields={}, links=[
                Link("question", CSE, "recommendations-assurance")])
    hmicfrs.request_cc_comments(made, by=admin)
    return made
