"""The history: one round after another, each asking every organisation.

Every round but the last is a meeting that has been held: each response was
saved, submitted and (mostly) accepted, with its revisions, gaps (new ones,
and last round's still-open ones carried, updated or closed with a note),
review comments where it was returned, and information added after the
meeting. The last round is open, in the week before its meeting: drafts that
start from last round's answers (``from_last_round``) and carry every open
gap (``carried``), as ``workflows.carry`` does; some have been started.

Rows go in with bulk INSERTs through the ORM, a round at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace

from sqlalchemy import insert, update

from exports.lineage import Lineage
from models import (
    Addition,
    Answer,
    Attendee,
    AuditEvent,
    Gap,
    GapEntry,
    Response,
    ResponseRevision,
    ReviewComment,
    Round,
    db,
)
from workflows.carry import gap_holder, matching_answer

from .gen_answers import AnswerMaker, GapState, OrgState
from .gen_text import TextMaker

P_NEW_GAP = 0.05  # per question with a gaps list, per response
P_NEW_GAP_LIST = 0.4  # per `type: gaps` question
P_CLOSE = 0.25  # per carried gap, per round
P_ADDITION = 0.03  # per answer, after the meeting


def at(day: date, hours: float = 10, days: int = 0) -> datetime:
    """A fixed instant relative to a date (deterministic timestamps)."""
    return datetime.combine(day, time(0, tzinfo=timezone.utc)) + timedelta(days=days, hours=hours)


def meeting_dates(count: int, shift: int = 0) -> list[date]:
    """Quarterly meetings from February 2016, ``shift`` days from the 15th (each office
    meets on its own dates)."""
    return [date(2016 + i // 4, (2, 5, 8, 11)[i % 4], 15) + timedelta(days=shift)
            for i in range(count)]


def bulk(model, rows: list[dict], *, returning: bool = False) -> list[int]:
    if not rows:
        return []
    if returning:
        stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(db.session.scalars(stmt, rows))
    db.session.execute(insert(model), rows)
    return []


@dataclass
class Versions:
    ids: list[int]
    definitions: list  # Definition per version, oldest first
    key: str
    questionnaire_id: int | None = None


class History:
    def __init__(self, rng, versions: Versions, orgs: list[OrgState], admin_id: int,
                 office_id: int) -> None:
        self.rng, self.versions, self.orgs, self.admin_id = rng, versions, orgs, admin_id
        self.office_id = office_id
        self.text = TextMaker(rng)
        self.lineage = Lineage(list(versions.definitions))
        self.maker = AnswerMaker(rng, self.text, self.lineage)
        self.closed: list[dict] = []  # gap updates to apply at the end

    def run(self, rounds: int, progress=lambda _msg: None, *, shift: int = 0) -> None:
        dates = meeting_dates(rounds, shift)
        for i, day in enumerate(dates):
            v = min(2, i * 3 // rounds)
            is_open = i == rounds - 1
            round_id = self._round(day, v, is_open, last_closed=i == rounds - 2)
            if is_open:
                self._open_round(round_id, day, v)
            else:
                self._held_round(round_id, day, v, first=i == 0)
            db.session.commit()
            progress(f"round {i + 1}/{rounds} ({day}, v{v + 1}{', open' if is_open else ''})")
        if self.closed:
            db.session.execute(update(Gap), self.closed)
            db.session.commit()

    # -------------------------------------------------------------- rounds

    def _round(self, day: date, v: int, is_open: bool, last_closed: bool) -> int:
        status = "open" if is_open else "closed" if last_closed else "published"
        row = {
            "office_id": self.office_id,
            "title": f"Assurance meeting, {day:%B %Y}",
            "questionnaire_version_id": self.versions.ids[v], "meeting_date": day,
            "venue": "Conference Room, Police Headquarters", "chair": "The Commissioner",
            "note_taker": "Policy Officer, OPCC", "purpose": self.text.text(200, 600),
            "deadline": day - timedelta(days=7), "status": status, "invented": True,
            "created_at": at(day, days=-60), "created_by_id": self.admin_id,
            "opened_at": at(day, days=-42), "closed_at": None if is_open else at(day, 16),
            "published_at": at(day, days=21) if status == "published" else None,
        }
        (round_id,) = bulk(Round, [row], returning=True)
        bulk(Attendee, [{"round_id": round_id, "position": n, "name": name, "capacity": cap}
                        for n, (name, cap) in enumerate(ATTENDEES, 1)])
        bulk(AuditEvent, [{"at": at(day, days=d), "user_id": self.admin_id, "actor": "admin",
                           "role": "admin", "action": f"round.{a}", "object_type": "round",
                           "object_id": str(round_id), "organisation_id": None,
                           "office_id": self.office_id, "detail": None}
                          for a, d in (("create", -60), ("open", -42))
                          + ((("close", 0),) if not is_open else ())])
        return round_id

    def _responses(self, round_id: int, day: date, v: int, statuses: list[str]) -> list[int]:
        rows = []
        for org, status in zip(self.orgs, statuses):
            submitted = status != "draft"
            rows.append({
                "round_id": round_id, "organisation_id": org.id,
                "questionnaire_version_id": self.versions.ids[v], "status": status,
                "revision": 0, "created_at": at(day, days=-42),
                "updated_at": at(day, days=-3) if submitted else None,
                "updated_by_id": org.users[0] if submitted else None,
                "submitted_at": at(day, days=-self.rng.randint(3, 12)) if submitted else None,
                "submitted_by_id": org.users[0] if submitted else None,
                "returned_at": at(day, days=-2) if status == "returned" else None,
                "accepted_at": at(day, days=7) if status == "accepted" else None,
                "accepted_by_id": self.admin_id if status == "accepted" else None,
            })
        return bulk(Response, rows, returning=True)

    def _held_round(self, round_id: int, day: date, v: int, first: bool) -> None:
        definition = self.versions.definitions[v]
        statuses = self.rng.choices(("accepted", "submitted", "returned"), (85, 10, 5),
                                    k=len(self.orgs))
        ids = self._responses(round_id, day, v, statuses)
        answers, revisions, additions, comments, entries, new_gaps = [], [], [], [], [], []
        for org, response_id, status in zip(self.orgs, ids, statuses):
            user = org.users[self.rng.randrange(len(org.users))]
            given = self.maker.answers(definition, org, day)
            for qid, (value, explanation) in given.items():
                answers.append(_answer(response_id, definition.question(qid), value, explanation,
                                       False, at(day, days=-self.rng.randint(5, 30)), user))
            carried = self._carry_gaps(org, definition, round_id, response_id, day, entries,
                                       keep=False)
            self._new_gaps(org, definition, round_id, response_id, given, day, new_gaps,
                           user, force=first)
            org.open_gaps = carried
            self.maker.remember(org, definition, given)
            revs = self._revisions(response_id, status, day, user, given)
            if status == "returned":
                comments += self._comments(response_id, given, day, len(revs) - 1)
            extra = self._additions(response_id, given, day, user)
            additions += extra
            revs += [_rev(response_id, len(revs) + n, "addition", a["at"], user,
                          {a["question_id"]: {"before": None, "after": {"addition": "…"}}})
                     for n, a in enumerate(extra, 1)]
            revisions += revs
            self._set_revision(response_id, len(revs))
        bulk(Answer, answers)
        self._insert_new_gaps(new_gaps, entries)
        bulk(GapEntry, entries)
        bulk(ResponseRevision, revisions)
        bulk(Addition, additions)
        bulk(ReviewComment, comments)
        bulk(AuditEvent, [_event(r["user_id"], f"response.{r['action']}", r["response_id"],
                                 r["at"], self.office_id)
                          for r in revisions if r["action"] in ("submit", "accept", "return")])

    def _set_revision(self, response_id: int, number: int) -> None:
        db.session.execute(update(Response).where(Response.id == response_id)
                           .values(revision=number).execution_options(synchronize_session=False))

    # ------------------------------------------------------------------ gaps

    def _carry_gaps(self, org: OrgState, definition, round_id: int, response_id: int,
                    day: date, entries: list, *, keep: bool) -> list[GapState]:
        """Entries for the gaps still open; ``keep``: untouched drafts (carried)."""
        still_open, positions = [], {}
        closing = [g for g in org.open_gaps if not keep and self.rng.random() < P_CLOSE]
        if not keep and not closing and len(org.open_gaps) >= 2:
            closing = [org.open_gaps[0]]  # every history closes some gaps
        for gap in org.open_gaps:
            holder = gap_holder(gap.question_id, gap.section_id, definition)
            held = definition.question(holder)
            section = held.section_id if held is not None else None
            position = positions[holder] = positions.get(holder, -1) + 1
            closed = gap in closing
            entries.append({
                "gap_id": gap.id, "response_id": response_id, "question_id": holder,
                "position": position, "status": "closed" if closed else "open",
                "update": None if keep or closed or self.rng.random() < 0.3
                else self.text.text(50, 600),
                "closing_note": self.text.text(50, 600) if closed else None,
                "carried": keep, "updated_at": at(day, days=-10),
                "updated_by_id": None if keep else org.users[0],
            })
            if closed:
                self.closed.append({"id": gap.id, "status": "closed", "closing_note":
                                    entries[-1]["closing_note"], "closed_round_id": round_id})
            else:
                still_open.append(GapState(gap.id, holder, section, position))
        return still_open

    def _new_gaps(self, org, definition, round_id, response_id, given, day, new_gaps, user,
                  force: bool) -> None:
        holders = [q for q in definition.questions
                   if q.has_gaps and (not q.kind.has_answer or q.id in given)]
        chosen = [q for q in holders
                  if self.rng.random() < (P_NEW_GAP if q.kind.has_answer else P_NEW_GAP_LIST)]
        if force and len(chosen) < 2:
            chosen += self.rng.sample(holders, 2 - len(chosen))
        for q in chosen:
            row = self.maker.new_gap(
                org_id=org.id, questionnaire_key=self.versions.key, question_id=q.id,
                round_id=round_id, response_id=response_id, user_id=user,
                at=at(day, days=-20), when=day)
            new_gaps.append((org, q, row))

    def _insert_new_gaps(self, new_gaps: list, entries: list) -> None:
        ids = bulk(Gap, [row for _, _, row in new_gaps], returning=True)
        for gap_id, (org, q, row) in zip(ids, new_gaps):
            position = sum(1 for e in entries if e["response_id"] == row["first_response_id"]
                           and e["question_id"] == q.id)
            entries.append({
                "gap_id": gap_id, "response_id": row["first_response_id"], "question_id": q.id,
                "position": position, "status": "open", "update": None, "closing_note": None,
                "carried": False, "updated_at": row["created_at"],
                "updated_by_id": row["created_by_id"]})
            org.open_gaps.append(GapState(gap_id, q.id, q.section_id, position))

    # ------------------------------------------------------------ the rest

    def _revisions(self, response_id, status, day, user, given) -> list[dict]:
        qids = list(given)
        revs = []
        for n in range(self.rng.randint(1, 3)):  # drafts saved along the way
            picked = self.rng.sample(qids, min(3, len(qids))) if qids else []
            changes = {q: {"before": {}, "after": {"value": given[q][0]}} for q in picked}
            revs.append(_rev(response_id, n + 1, "save", at(day, days=-20 + n), user, changes))
        revs.append(_rev(response_id, len(revs) + 1, "submit", at(day, days=-3), user, {}))
        if status in ("accepted", "returned"):
            action = "accept" if status == "accepted" else "return"
            revs.append(_rev(response_id, len(revs) + 1, action,
                             at(day, days=7 if status == "accepted" else -2), self.admin_id, {}))
        return revs

    def _additions(self, response_id, given, day, user) -> list[dict]:
        return [{"response_id": response_id, "question_id": qid,
                 "body": self.text.text(50, 1500), "author_id": user,
                 "at": at(day, days=self.rng.randint(2, 20))}
                for qid in given if self.rng.random() < P_ADDITION]

    def _comments(self, response_id, given, day, revision) -> list[dict]:
        picked = self.rng.sample(list(given), min(len(given), self.rng.randint(1, 3)))
        return [{"response_id": response_id, "question_id": qid, "body": self.text.text(50, 400),
                 "author_id": self.admin_id, "at": at(day, days=-2), "revision_number": revision}
                for qid in picked]

    def _open_round(self, round_id: int, day: date, v: int) -> None:
        definition = self.versions.definitions[v]
        ids = self._responses(round_id, day, v, ["draft"] * len(self.orgs))
        answers, entries, revisions = [], [], []
        for org, response_id in zip(self.orgs, ids):
            old = {qid: SimpleNamespace(value=val, explanation=exp)
                   for qid, (val, exp) in org.last_by_id.items()}
            started = self.rng.random() < 0.4
            fresh = self.maker.answers(definition, org, day) if started else {}
            first_section = dict.fromkeys(q.id for q in definition.sections[0].questions)
            for q in definition.questions:
                if started and q.id in first_section and q.id in fresh:
                    answers.append(_answer(response_id, q, *fresh[q.id], False,
                                           at(day, days=-5), org.users[0]))
                    continue
                match = matching_answer(q, org.last_definition, old) if q.kind.has_answer else None
                if match is not None:
                    answers.append(_answer(response_id, q, match.value, match.explanation
                                           if q.explain != "none" else None, True,
                                           at(day, days=-42), None))
            self._carry_gaps(org, definition, round_id, response_id, day, entries, keep=True)
            if started:
                revisions.append(_rev(response_id, 1, "save", at(day, days=-5), org.users[0],
                                      {q: {"before": {}, "after": {}} for q in first_section}))
                self._set_revision(response_id, 1)
        bulk(Answer, answers)
        bulk(GapEntry, entries)
        bulk(ResponseRevision, revisions)


ATTENDEES = [("The Commissioner", "Police and Crime Commissioner (PCC)"),
             ("The Chief Constable", "Chief Constable (CC)"),
             ("The ACC", "Assistant Chief Constable Local Policing (ACC)"),
             ("The Det Supt", "Detective Superintendent Protective Services (DSupt)")]


def _answer(response_id, q, value, explanation, from_last, when, user) -> dict:
    return {"response_id": response_id, "question_id": q.id, "value": value,
            "rating": q.kind.stored_rating(value), "explanation": explanation,
            "from_last_round": from_last, "updated_at": when, "updated_by_id": user}


def _rev(response_id, number, action, when, user, changes) -> dict:
    return {"response_id": response_id, "number": number, "action": action, "at": when,
            "user_id": user, "changes": changes}


def _event(user_id, action, response_id, when, office_id) -> dict:
    return {"at": when, "user_id": user_id, "actor": "bench", "role": None, "action": action,
            "object_type": "response", "object_id": str(response_id), "organisation_id": None,
            "office_id": office_id, "detail": None}
