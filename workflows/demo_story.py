"""Demo step: the seed meeting of 22 September 2016 and three invented later rounds.

The story, read from ``workflows/demo_data/``:

- ``cse-2016-09-22.yaml``: the real assurance meeting on child sexual
  exploitation, from its published notes: West Mercia Police's answers
  verbatim, ratings inferred from what the notes say about confidence, the
  notes' lists of gaps, the information provided after the meeting;
- ``cse-2017-03-23.yaml``, ``cse-2017-09-21.yaml``, ``cse-2018-03-22.yaml``:
  invented follow-up meetings (``Round.invented``, "(invented demo data)" in
  the title and the purpose) asking the force and its two local policing
  areas, on version 1 and then version 2 of the questions, with ratings that
  move and gaps carried, updated and closed.

Every round is built by the same workflows a user goes through: created
open, each response saved section by section by a respondent of its
organisation (confirming what was carried from the last round), submitted,
accepted by the admin, the round closed, information added after the
meeting, the notes published; then the round and its responses are given the dates
they would have had (``demo_dates``: submitted and accepted before the meeting, not when
the demo was loaded). A round that already exists (same title and
meeting date) is left alone, so running the demo again changes nothing.

Register this step before the open demo round's (``rounds.demo_open_round``):
a round's drafts start from the last round when the round is created, so the
open round then starts from the story's last round.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from exports.notes_record import part_key
from forms.questionnaire.builder import AnswerData
from models import Organisation, Response, Round, User, db
from models.notes import GAPS_INTRO
from models.permissions import roles_with

from . import accounts, additions, notes_record, review, rounds, submission
from .demo_dates import set_story_dates, story_dates
from .notes import publish_notes
from .questionnaires import get_version
from .responses import save_section, stored_answers

DATA = Path(__file__).resolve().parent / "demo_data"
STORY = ("cse-2016-09-22.yaml", "cse-2017-03-23.yaml", "cse-2017-09-21.yaml",
         "cse-2018-03-22.yaml")
ADMIN_EMAIL = "admin@opcc.example.org"
# Respondents who write the local policing areas' invented responses.
LPA_RESPONDENTS = {
    "TW-LPA": ("telford-lpa@force.example.org", "Dana Brooks (demo, Telford and Wrekin LPA)"),
    "SH-LPA": ("shropshire-lpa@force.example.org", "Lee Carter (demo, Shropshire LPA)"),
}


class DemoStoryError(RuntimeError):
    """The demo data does not fit the questionnaire or the workflows refused it."""


@dataclass
class OrgStory:
    """One organisation's response in one round, as the data file gives it."""

    code: str
    answers: dict[str, Any] = field(default_factory=dict)
    gaps: dict[str, list[dict]] = field(default_factory=dict)  # new gaps by question id
    carried: dict[str, dict] = field(default_factory=dict)  # gap title -> status/update/note
    additions: dict[str, str] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # question -> kind -> text


@dataclass
class RoundStory:
    file: str
    title: str
    questionnaire: str
    version: int
    meeting_date: date
    details: dict[str, Any]
    responses: list[OrgStory]
    dates: dict[str, Any] = field(default_factory=dict)  # see demo_dates.story_dates
    notes: dict[str, Any] = field(default_factory=dict)  # the notes record's settings, parts


def load_story(name: str) -> RoundStory:
    """One round of the story from its YAML file."""
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    spec = data["round"]
    details = {
        "venue": spec.get("venue", ""), "chair": spec.get("chair", ""),
        "note_taker": spec.get("note_taker", ""), "purpose": spec.get("purpose", "").strip(),
        "attendees": [tuple(pair) for pair in spec.get("attendees", [])],
        "deadline": _date(spec["deadline"]) if spec.get("deadline") else None,
        "invented": bool(spec.get("invented", False)),
    }
    responses = [
        OrgStory(code=code, answers=r.get("answers") or {}, gaps=r.get("gaps") or {},
                 carried=r.get("carried") or {}, additions=r.get("additions") or {},
                 notes=r.get("notes") or {})
        for code, r in (data.get("responses") or {}).items()
    ]
    return RoundStory(name, spec["title"], spec["questionnaire"], int(spec["version"]),
                      _date(spec["meeting_date"]), details, responses,
                      dates=spec.get("dates") or {}, notes=data.get("notes") or {})


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# ---------------------------------------------------------------------- step


def demo_story(report) -> None:
    """Demo step (idempotent): build each round of the story that is missing."""
    admin = _admin()
    for name in STORY:
        story = load_story(name)
        if rounds.find_round(story.title, story.meeting_date) is not None:
            continue
        round_ = build_round(story, admin, report)
        report.lines.append(f"Added round {round_.id}: {round_.title}, "
                            f"{round_.meeting_date.isoformat()} (published)")


def _admin() -> User:
    user = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
    user = user or db.session.scalar(
        select(User).where(User.role.in_(sorted(roles_with("response.accept"))),
                           User.active.is_(True)).order_by(User.id))
    if user is None:
        raise DemoStoryError("The demo story needs an admin user")
    return user


def build_round(story: RoundStory, admin: User, report) -> Round:
    version = get_version(story.questionnaire, story.version)
    if version is None:
        raise DemoStoryError(f"{story.file}: {story.questionnaire}@{story.version} is not loaded")
    orgs = [_org(o.code) for o in story.responses]
    round_ = rounds.create_round(title=story.title, version=version,
                                 meeting_date=story.meeting_date, organisations=orgs,
                                 by=admin, status="open", **story.details)
    by_org = {r.organisation_id: r for r in round_.responses}
    for org, org_story in zip(orgs, story.responses):
        respondent = _respondent(org, report)
        respond(by_org[org.id], org_story, respondent, story.file)
        review.accept_response(by_org[org.id], user=admin)
    rounds.close_round(round_, admin)
    for org, org_story in zip(orgs, story.responses):
        respondent = _respondent(org, report)
        for question_id, body in org_story.additions.items():
            additions.add_addition(by_org[org.id], question_id, body, respondent)
    write_notes(round_, story, orgs, admin)
    publish_notes(round_, admin)
    set_story_dates(round_, story_dates(story.meeting_date, story.dates))
    return round_


def write_notes(round_: Round, story: RoundStory, orgs: list[Organisation], admin: User) -> None:
    """The notes record as the note taker wrote it: the story's settings, and its text
    for the parts the answers alone cannot give (the seed's own wording)."""
    spec = story.notes
    record = notes_record.ensure_record(round_)
    if "show_ratings" in spec or "gaps_intro" in spec:
        notes_record.save_settings(
            round_, show_ratings=bool(spec.get("show_ratings", True)),
            gaps_intro=spec.get("gaps_intro", GAPS_INTRO), seen_version=record.version,
            by=admin)
    keys = {key: spec[key] for key in ("purpose", "closing") if key in spec}
    for org, org_story in zip(orgs, story.responses):
        for question_id, kinds in org_story.notes.items():
            for kind, text in kinds.items():
                keys[part_key(question_id, org.id, kind)] = text
    for key, text in keys.items():
        try:
            notes_record.save_part(round_, key, str(text).strip(), seen_version=0, by=admin)
        except notes_record.NotesError as exc:
            raise DemoStoryError(f"{story.file}: notes part {key}: {exc}") from exc


def _org(code: str) -> Organisation:
    org = accounts.find_org(code)
    if org is None:
        raise DemoStoryError(f"The demo story needs the organisation {code}")
    return org


def _respondent(org: Organisation, report) -> User:
    """A respondent of the organisation: the first one, or a demo one made for the story."""
    user = db.session.scalar(
        select(User).where(User.organisation_id == org.id,
                           User.role.in_(sorted(roles_with("response.submit"))),
                           User.active.is_(True)).order_by(User.id))
    if user is not None:
        return user
    if org.code not in LPA_RESPONDENTS:
        raise DemoStoryError(f"The demo story needs a respondent of {org.name}")
    email, name = LPA_RESPONDENTS[org.code]
    user = accounts.create_user(email=email, name=name, role="respondent", org=org,
                                password="demo-" + secrets.token_urlsafe(12))
    report.lines.append(f"Added respondent {email} (to sign in as them, set a password "
                        "under Users)")
    return user


# ---------------------------------------------------------------- responding


def respond(response: Response, story: OrgStory, user: User, where: str) -> None:
    """Answer section by section (confirming what was carried), then submit."""
    definition = response.questionnaire_version.definition
    unknown = set(story.answers) - {q.id for q in definition.questions}
    if unknown:
        raise DemoStoryError(f"{where}: no such questions: {', '.join(sorted(unknown))}")
    carried_seen: set[str] = set()
    for section in definition.sections:
        stored = stored_answers(response)
        answers = {}
        for q in section.questions:
            data = _answer_data(q, stored.get(q.id), story, carried_seen)
            if data is not None:
                answers[q.id] = data
        if answers:
            save_section(response, section.id, answers, user, response.revision, confirm=True)
    missing = set(story.carried) - carried_seen
    if missing:
        raise DemoStoryError(f"{where}: {story.code}: no carried gap called "
                             f"{', '.join(sorted(missing))}")
    result = submission.submit_response(response, user, response.revision)
    if result.outcome != submission.SUBMITTED:
        problems = "; ".join(p.message for p in result.problems) or result.message
        raise DemoStoryError(f"{where}: {story.code} could not submit: {problems}")


def _answer_data(q, stored: dict | None, story: OrgStory, carried_seen: set) -> AnswerData | None:
    given = story.answers.get(q.id)
    items: list[dict] = []
    if q.has_gaps:
        items = _gap_items(stored, story, carried_seen) + [
            {"title": g["title"], "detail": g.get("detail"), "area": g.get("area"),
             "status": "open"} for g in story.gaps.get(q.id, ())
        ]
    if given is None and stored is None and not items:
        return None
    if given is None:
        value, explanation = stored.get("value"), stored.get("explanation")
    elif isinstance(given, dict):
        value, explanation = given.get("value"), given.get("explanation")
    else:
        value, explanation = given, None
    return AnswerData(value=value, explanation=explanation, gaps=items)


def _gap_items(stored: dict | None, story: OrgStory, carried_seen: set) -> list[dict]:
    """The gaps already on the question (carried), with the story's changes."""
    items = []
    for item in (stored or {}).get("gaps") or []:
        item = dict(item)
        change = story.carried.get(item["title"])
        if change is not None:
            carried_seen.add(item["title"])
            item["status"] = change.get("status", "open")
            item["update"] = change.get("update")
            item["closing_note"] = change.get("closing_note")
        items.append(item)
    return items
