"""`flask demo` tells a story: the seed meeting of 22 September 2016 first,
then three invented rounds with moving ratings, carried and closed gaps, a
replaced question and a reworded one; and running it twice changes nothing."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from sqlalchemy import func, select

from app import TestConfig as _TestConfig  # aliased: pytest would try to collect Test*
from app import create_app
from exports.rollups_actions import ActionFilters, action_register, actions_for_response
from exports.rollups_trends import org_trends
from models import (
    ActionItem,
    Addition,
    Answer,
    Gap,
    GapEntry,
    HmicfrsReport,
    OutboxMessage,
    Response,
    Round,
    User,
    db,
)
from tests.conftest import PG_URL, _empty_postgres
from tests.db import PASSWORD
from tests.helpers import check_html, release_db, sign_in
from tests.mail_links import latest_link
from workflows.accounts import find_org, set_password
from workflows.demo import load_demo
from workflows.demo_story import STORY, DemoStoryError, OrgStory, load_story, respond
from workflows.rounds import DEMO_TITLE, find_round_titled

SEED_PURPOSE = ("The PCC welcomed the CC and his team. The PCC explained that child sexual "
                "exploitation (CSE) was a concern for West Mercia's communities, in particular "
                "around Telford.")


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in db.metadata.sorted_tables}


def story_rounds() -> list[Round]:
    titles = {load_story(name).title for name in STORY}
    return list(db.session.scalars(
        select(Round).where(Round.title.in_(titles)).order_by(Round.meeting_date)))


@pytest.fixture(scope="module")
def demo_database(database_template, tmp_path_factory) -> str | None:
    """A SQLite file with the demo loaded once for this module (None on PostgreSQL)."""
    if PG_URL:
        return None
    folder = tmp_path_factory.mktemp("demo-story")
    path = folder / "demo.sqlite"
    shutil.copyfile(database_template, path)
    application = create_app(_TestConfig(folder, f"sqlite:///{path}"))
    with application.app_context():
        load_demo()
        db.session.remove()
        db.engine.dispose()  # the last connection closing folds the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return str(path)


@pytest.fixture
def database_url(database_template, demo_database, tmp_path) -> str:
    """Each test starts from its own copy of the demo database (on PostgreSQL, from
    empty tables: the demo fixture loads it)."""
    if PG_URL:
        _empty_postgres()
        return PG_URL
    path = tmp_path / "test.sqlite"
    shutil.copyfile(demo_database, path)
    return f"sqlite:///{path}"


@pytest.fixture
def demo(app, demo_database):
    if demo_database is None:  # PostgreSQL: every test loads the demo itself
        load_demo()
    return story_rounds()


def test_running_the_demo_twice_changes_nothing(demo):
    before = row_counts()
    assert before["round"] >= 5 and before["answer"] > 100 and before["gap_entry"] > 30
    load_demo()
    assert row_counts() == before


def test_the_seed_meeting_is_the_first_round(demo):
    seed = demo[0]
    assert len(demo) == 4
    assert (seed.title, seed.meeting_date, seed.chair, seed.note_taker, seed.venue) == (
        "Child Sexual Exploitation (CSE)", date(2016, 9, 22), "John Campion",
        "Jackie Irvin, Policy Officer, OPCC", "Conference Room, Shrewsbury Police Station")
    assert [(a.name, a.capacity) for a in seed.attendees] == [
        ("John Campion", "Police and Crime Commissioner (PCC)"),
        ("Anthony Bangham", "Chief Constable (CC)"),
        ("Amanda Blakeman", "Assistant Chief Constable Local Policing (ACC)"),
        ("Jason Wells", "Detective Superintendent Protective Services (DSupt)")]
    assert seed.purpose.startswith(SEED_PURPOSE)
    assert (seed.status, seed.invented, seed.questionnaire_version.label) == (
        "published", False, "cse-assurance@1")
    assert seed.published_at is not None
    [response] = seed.responses
    assert (response.organisation.code, response.status) == ("WMP", "accepted")
    ratings = {a.question_id: a.rating for a in response.answers if a.rating is not None}
    assert ratings["intelligence-rating"] == 4  # "The CC is confident"
    assert ratings["safeguarding-rating"] == 4  # "The CC is confident that those ... safeguarded"
    assert ratings["perpetrators-known-rating"] == 2  # "does not have a high confidence level"
    assert ratings["partnerships-rating"] == 3  # "less confidence in partner integration"
    texts = {a.question_id: a.value for a in response.answers}
    assert texts["telford-training-priority"] == (
        "The CC is not happy that Telford wasn't prioritised for vulnerability training.")
    assert texts["training-new-staff"] == (
        "All new staff are trained. Existing staff will be trained as the programme is rolled out.")
    [addition] = [a for a in db.session.scalars(select(Addition).where(
        Addition.response_id == response.id, Addition.question_id == "staff-understanding"))]
    assert addition.body.startswith("The College of Policing are researching")


def test_seed_gaps_come_from_the_notes_lists_with_their_areas(demo):
    seed = demo[0]
    gaps = list(db.session.scalars(
        select(Gap).where(Gap.first_round_id == seed.id).order_by(Gap.id)))
    assert [(g.question_id, g.title, g.area) for g in gaps[:4]] == [
        ("intelligence-rating", "Systems", "Systems"),
        ("intelligence-rating", "Sharing of information", "Information sharing"),
        ("intelligence-rating", "Deprivation", "Deprivation"),
        ("intelligence-rating", "Digital analysis", "Digital analysis")]
    assert len(gaps) == 9
    areas = {o.value for o in seed.questionnaire_version.definition.gap_areas}
    assert {g.area for g in gaps if g.area} <= areas


def test_later_rounds_are_invented_and_ask_the_force_and_its_areas(demo):
    later = demo[1:]
    assert [r.meeting_date for r in later] == [date(2017, 3, 23), date(2017, 9, 21),
                                               date(2018, 3, 22)]
    assert [r.questionnaire_version.version for r in later] == [1, 2, 2]
    for round_ in later:
        assert round_.invented and round_.status == "published"
        assert "(invented demo data" in round_.title and "(invented demo data" in round_.purpose
        assert sorted(r.organisation.code for r in round_.responses) == ["SH-LPA", "TW-LPA", "WMP"]
        assert {r.status for r in round_.responses} == {"accepted"}
    for code in ("TW-LPA", "SH-LPA"):
        assert db.session.scalar(select(User).where(User.organisation_id == find_org(code).id))


def test_ratings_move_and_the_trend_follows_them(demo):
    wmp = find_org("WMP")
    _, trends = org_trends("cse-assurance", wmp.id)
    series = {s.key: s for s in trends.series}
    story_ids = [r.id for r in demo]
    values = [p.value for p in series["intelligence-rating"].points
              if p.round.round_id in story_ids]
    assert values == [4, 3, 4, 4]
    safeguarding = [p.value for p in series["safeguarding-rating"].points
                    if p.round.round_id in story_ids]
    assert safeguarding == [4, 4, 4, 5]
    # an unpublished companion rating feeds the trends too
    partners = [p.value for p in series["partnerships-rating"].points
                if p.round.round_id in story_ids]
    assert partners == [3, 3, 4, 4]


def test_the_reworded_rating_marks_its_trend_where_the_wording_changed(demo):
    seed, spring17, autumn17, spring18 = demo
    _, trends = org_trends("cse-assurance", find_org("WMP").id)
    [series] = [s for s in trends.series if s.key == "intelligence-rating"]
    changed = [p.round.round_id for p in series.wording_changes]
    assert autumn17.id in changed
    assert not {seed.id, spring17.id, spring18.id} & set(changed)
    assert series.wording == autumn17.questionnaire_version.definition.question(
        "intelligence-rating").question


def test_the_invented_rounds_answer_every_question(demo):
    for round_ in demo[1:]:
        definition = round_.questionnaire_version.definition
        for response in round_.responses:
            answers = {a.question_id: a for a in response.answers}
            values = {k: a.value for k, a in answers.items()}
            unanswered = [q.id for q in definition.questions
                          if definition.visible(q, values)
                          and (q.id not in answers or answers[q.id].value in (None, "", []))]
            assert unanswered == [], (round_.meeting_date, response.organisation.code)


def test_gaps_are_carried_updated_and_closed(demo):
    seed, spring17, autumn17, spring18 = demo
    wmp = find_org("WMP")

    def gap(title: str) -> Gap:
        return db.session.scalar(
            select(Gap).where(Gap.organisation_id == wmp.id, Gap.title == title))

    systems = gap("Systems")
    assert (systems.status, systems.closed_round_id) == ("closed", autumn17.id)
    assert systems.closing_note.startswith("Athena went live")
    assert [e.response.round_id for e in systems.entries] == [seed.id, spring17.id, autumn17.id]
    digital = gap("Digital analysis")
    assert digital.status == "open"
    rounds_seen = [e.response.round_id for e in digital.entries]
    assert rounds_seen[:4] == [seed.id, spring17.id, autumn17.id, spring18.id]
    assert all(e.update for e in digital.entries[1:4])
    assert gap("Deprivation").closed_round_id == spring17.id


def test_the_open_demo_round_starts_from_the_story(demo):
    wmp = find_org("WMP")
    draft = db.session.scalar(
        select(Response).join(Round).where(Round.status == "open",
                                           Response.organisation_id == wmp.id,
                                           Round.meeting_date > date(2018, 3, 22)))
    assert draft is not None, "the demo's open round asks West Mercia Police"
    carried = db.session.scalars(select(GapEntry).where(GapEntry.response_id == draft.id)).all()
    assert "Digital analysis" in {e.gap.title for e in carried}
    assert "Systems" not in {e.gap.title for e in carried}  # closed in September 2017
    offered = db.session.scalar(select(Answer).where(
        Answer.response_id == draft.id, Answer.question_id == "intelligence-rating"))
    assert offered is not None and offered.from_last_round and offered.value == 4


def test_the_open_demo_round_emails_its_respondent_once(demo, client, page_text):
    """Issue 13: the demo round is opened by the move, so the Outbox is not empty."""
    wmp = find_org("WMP")
    opened = find_round_titled(DEMO_TITLE)
    draft = db.session.scalar(select(Response).where(Response.round_id == opened.id,
                                                     Response.organisation_id == wmp.id))
    outbox = [m.id for m in db.session.scalars(select(OutboxMessage))]
    sent = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "round.opened")).all()
    assert [(m.to_address, m.status) for m in sent] == [
        ("respondent@force.example.org", "sent")]
    assert DEMO_TITLE in sent[0].subject and opened.opened_at is not None
    assert latest_link("respondent@force.example.org", "round.opened") == \
        f"/respond/{draft.id}"
    load_demo()  # run again: nothing is opened or sent twice
    assert [m.id for m in db.session.scalars(select(OutboxMessage))] == outbox

    admin = db.session.scalar(select(User).where(User.email == "admin@opcc.example.org"))
    set_password(admin, PASSWORD)
    release_db()
    sign_in(client, admin)
    text = page_text(check_html(client.get("/admin/outbox").get_data(as_text=True)))
    assert "respondent@force.example.org" in text and DEMO_TITLE in text


def test_a_replaced_and_a_reworded_question_are_answered_across_versions(demo):
    seed, spring17, autumn17, _ = demo
    wmp_answers = {r.round_id: {a.question_id for a in r.answers}
                   for rnd in demo for r in rnd.responses if r.organisation.code == "WMP"}
    assert "flagged-incidents" in wmp_answers[spring17.id]
    assert "cse-flagging" in wmp_answers[autumn17.id]
    v1, v2 = spring17.questionnaire_version.definition, autumn17.questionnaire_version.definition
    assert v2.question("cse-flagging").replaces == ("flagged-incidents",)
    for reworded in ("intelligence-ambition", "intelligence-rating"):
        assert v1.question(reworded).question != v2.question(reworded).question
        assert reworded in wmp_answers[spring17.id] & wmp_answers[autumn17.id]


def test_demo_data_naming_an_unknown_question_is_refused(demo):
    [response] = demo[0].responses
    with pytest.raises(DemoStoryError, match="no such questions: not-a-question"):
        respond(response, OrgStory("WMP", answers={"not-a-question": "x"}),
                response.organisation.users[0], "test")


def test_the_seed_round_carries_its_real_dates(demo):
    """Submitted and accepted before the meeting of 22 September 2016, opened, closed and
    published on dates of 2016, never the time the demo was loaded."""
    from datetime import datetime, timezone

    from models import Addition, ResponseRevision

    seed = demo[0]
    meeting = datetime(2016, 9, 22, tzinfo=timezone.utc)
    assert seed.meeting_date == date(2016, 9, 22)

    def utc(value):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)

    assert utc(seed.opened_at) < meeting <= utc(seed.closed_at) < utc(seed.published_at)
    assert utc(seed.published_at) < datetime(2016, 11, 1, tzinfo=timezone.utc)
    (response,) = seed.responses
    assert utc(response.submitted_at) < utc(response.accepted_at) < meeting
    assert utc(response.submitted_at).date() == date(2016, 9, 9)
    revisions = db.session.scalars(select(ResponseRevision).where(
        ResponseRevision.response_id == response.id)).all()
    assert all(utc(r.at).year == 2016 for r in revisions)
    additions = db.session.scalars(select(Addition).where(
        Addition.response_id == response.id)).all()
    assert additions and all(meeting < utc(a.at) < utc(seed.published_at) for a in additions)
    for later in demo[1:]:  # the invented rounds: before their own meetings
        start = datetime.combine(later.meeting_date, datetime.min.time(), timezone.utc)
        assert all(utc(r.accepted_at) < start for r in later.responses)


def test_the_invented_rounds_carry_signed_off_verdicts_some_disagreeing(demo):
    from exports.assurance_map import MapFilters, assurance_map
    from models import Verdict

    rows = list(db.session.scalars(select(Verdict)))
    assert len(rows) >= 10 and {v.status for v in rows} == {"signed_off"}
    judged_rounds = {v.response.round for v in rows}
    assert all(r.invented for r in judged_rounds) and len(judged_rounds) == 3
    found = assurance_map(MapFilters("cse-assurance"))
    cells = [c for row in found.rows for c in row.cells if c.pair and c.pair.level]
    assert len(cells) == len(rows)
    assert any(c.pair.disagrees for c in cells) and not all(c.pair.disagrees for c in cells)
    assert {c.pair.level for c in cells} == {"assured", "partly_assured", "not_assured"}


# --- the register of actions and recommendations, and an HMICFRS report ----------------


def test_actions_agreed_at_the_invented_meetings_some_closed_some_overdue(demo):
    rows = action_register(ActionFilters(source="meeting"), today=date.today())
    assert len(rows) == 5
    assert {r.status for r in rows} >= {"closed", "open", "in_progress", "completed"}
    assert any(r.overdue for r in rows)
    for item in db.session.scalars(select(ActionItem).where(ActionItem.source == "meeting")):
        [link] = [lk for lk in item.links if lk.kind == "round"]
        assert link.round.invented  # never the real seed meeting
        assert len(item.updates) >= 1


def test_an_hmicfrs_report_due_soon_linked_to_the_recommendations_question(demo):
    report = db.session.scalars(select(HmicfrsReport)).one()
    assert 0 <= (report.response_due - date.today()).days <= 14
    linked = [i for i in report.items
              if any(lk.question_id == "recommendations-assurance" for lk in i.links)]
    assert len(linked) == 1 and linked[0].source == "recommendation"


def test_the_open_demo_round_carries_the_open_actions(demo):
    open_round = find_round_titled(DEMO_TITLE)
    wmp = next(r for r in open_round.responses if r.organisation.code == "WMP")
    titles = [i.title for i in actions_for_response(wmp)]
    assert "Report the number of CSE cases audited each quarter" not in titles  # closed
    assert any("recommendation" in t.lower() for t in titles)
    assert db.session.get(Round, open_round.id) is not None
