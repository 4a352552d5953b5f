"""The meeting notes roll-up: the seed meeting, built from the demo data,
carries every question and answer of the published seed notes in order;
and the rules for what the notes include."""

from __future__ import annotations

from datetime import date

import pytest

from exports.notes import (
    NO_ANSWER,
    Block,
    GapLine,
    blocks,
    bracketed,
    drafted_notes,
    meeting_notes,
    notes_filename,
)
from forms.format.dates import weekday_date
from models import Round, db
from tests.db import create_org, create_questionnaire_version, create_response, create_round
from tests.exports.notes_seed import (
    SEED_NOTES,
    SHARED_SEED,
    assert_carries_seed,
    build_seed_round,
    seed_attendance,
)


@pytest.fixture
def seed_round(app) -> Round:
    return build_seed_round()


def notes_texts(notes) -> tuple[list[str], list[str]]:
    """(question headings, every text) of a MeetingNotes, in order."""
    texts = [notes.title, *[b.text for b in notes.purpose]]
    for item in notes.items:
        texts.append(item.heading)
        for part in item.responses:
            texts.append(part.label)
            if part.rating:
                texts.append(f"Rating: {part.rating}")
            for block in part.blocks:
                texts.extend(block.items if block.kind == "list" else [block.text])
            texts.extend(g.text for g in part.gaps)
            texts.extend(b.text for b in part.after)
    return [i.heading for i in notes.items], texts


def test_seed_copy_matches_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("the shared seed is not on this machine")
    assert SEED_NOTES.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_meeting_notes_carry_every_question_and_answer_in_order(seed_round):
    notes = meeting_notes(seed_round)
    headings, texts = notes_texts(notes)
    assert_carries_seed(headings, texts)


def test_seed_meeting_header(seed_round):
    notes = meeting_notes(seed_round)
    assert notes.title == ("Assurance Meeting to Discuss Child Sexual Exploitation (CSE) – "
                           "Meeting Notes")
    assert notes.date_text == "Thursday 22 September 2016"
    assert (notes.chair, notes.note_taker, notes.venue) == (
        "John Campion", "Jackie Irvin, Policy Officer, OPCC",
        "Conference Room, Shrewsbury Police Station")
    assert list(notes.attendees) == seed_attendance()
    assert notes.purpose[0].text.startswith("The PCC welcomed the CC and his team.")
    assert notes.notices == []  # published, and not invented


def test_seed_ratings_are_what_the_notes_say(seed_round):
    """The ratings are recorded (the responses say them), but the seed round's notes,
    like the seed, print none (the notes' settings)."""
    assert all(part.rating is None and part.gaps_label == ""
               for item in meeting_notes(seed_round).items for part in item.responses)
    by_id = {i.question_id: i.responses[0] for i in drafted_notes(seed_round).items}
    assert by_id["intelligence-rating"].rating == "Confident"
    assert by_id["safeguarding-rating"].rating == "Confident"
    assert by_id["perpetrators-known-rating"].rating == "Slightly confident"
    assert by_id["perpetrators-known-rating"].blocks[0].text.endswith(
        "The CC does not have a high confidence level that the force fully knows potential "
        "perpetrator numbers.")
    assert [g.text.split(" – ")[0] for g in by_id["intelligence-rating"].gaps] == [
        "Systems", "Sharing of information", "Deprivation", "Digital analysis"]
    assert len(by_id["safeguarding-rating"].gaps) == 5


def test_seed_answers_are_the_notes_sentences_not_yes_or_no(seed_round):
    by_id = {i.question_id: i.responses[0] for i in meeting_notes(seed_round).items}
    assert by_id["telford-training-priority"].blocks == (Block("para", text=(
        "The CC is not happy that Telford wasn't prioritised for vulnerability training.")),)
    assert by_id["training-new-staff"].blocks == (Block("para", text=(
        "All new staff are trained. Existing staff will be trained as the programme is "
        "rolled out.")),)
    assert all(part.answered and part.blocks
               for item in meeting_notes(seed_round).items for part in item.responses)


def test_questions_not_published_are_left_out(seed_round):
    definition = seed_round.questionnaire_version.definition
    unpublished = {q.id for q in definition.questions if not q.publish}
    assert unpublished == {"recommendations-partners-rating", "victims-service-rating",
                           "partnerships-rating", "partners-not-engaging",
                           "partners-not-engaging-which", "internal-note"}
    ids = [i.question_id for i in meeting_notes(seed_round).items]
    assert ids == [q.id for q in definition.questions if q.publish]
    assert not unpublished & set(ids)
    # answered in the seed round all the same: they feed the confidence trends
    [response] = seed_round.responses
    answered = {a.question_id: a.rating for a in response.answers}
    assert (answered["recommendations-partners-rating"], answered["victims-service-rating"],
            answered["partnerships-rating"]) == (4, 4, 3)


def test_several_organisations_hidden_questions_drafts_and_closed_gaps(app):
    from tests.db import create_gap, create_gap_entry

    version = create_questionnaire_version()  # tests.samples SMALL_YAML
    alpha, beta, gamma = (create_org(name=n) for n in ("Alpha Force", "Beta Force", "Gamma Force"))
    first = create_round(version=version, status="closed", meeting_date=date(2020, 1, 9))
    earlier = create_response(round_=first, org=alpha, status="accepted",
                              answers={"picture-now": "Old answer"})
    gap = create_gap(response=earlier, question_id="picture-rating", title="Systems not joined up")
    round_ = create_round(version=version, status="closed", meeting_date=date(2020, 6, 4))
    a = create_response(round_=round_, org=alpha, status="accepted", answers={
        "picture-now": "First line\n- one\n- two\nLast line",
        "picture-rating": {"value": 2, "explanation": "Not there yet"}})
    create_gap_entry(gap=gap, response=a, status="closed", closing_note="Joined up in May")
    create_response(round_=round_, org=beta, status="submitted", answers={"picture-now": "Beta"})
    create_response(round_=round_, org=gamma, status="draft", answers={"picture-now": "Hidden"})
    db.session.refresh(round_)
    notes = meeting_notes(round_)
    assert notes.missing == ("Gamma Force",)
    assert notes.notices == ["Draft: these notes have not been published."]
    first_item = notes.items[0]
    assert [p.label for p in first_item.responses] == [
        "Response from Alpha Force:", "Response from Beta Force:"]
    assert first_item.responses[0].blocks == (
        Block("para", text="First line"), Block("list", items=("one", "two")),
        Block("para", text="Last line"))
    rating = notes.items[1].responses[0]
    assert rating.rating == "Slightly confident"
    assert [g.text for g in rating.gaps] == ["Systems not joined up (closed: Joined up in May)"]
    assert notes.items[1].responses[1].blocks == (Block("para", text=NO_ANSWER),)
    assert "Hidden" not in str(notes)


def test_text_helpers():
    assert weekday_date(date(2016, 9, 22)) == "Thursday 22 September 2016"
    assert blocks("A\n\n\nB\n• x\n* y") == (Block("para", text="A"), Block("para", text="B"),
                                            Block("list", items=("x", "y")))
    assert bracketed((Block("para", text="Only"),)) == (
        Block("para", text="[Information provided post meeting: Only]"),)
    assert GapLine("T", "d", "open", "moving").text == "T – d (update: moving)"


def test_filename_is_safe(app):
    version = create_questionnaire_version()
    round_ = create_round(version=version, status="closed", meeting_date=date(2018, 3, 22),
                          title='CSE "quoted" / ../../etc; <script>')
    name = notes_filename(meeting_notes(round_), "docx")
    assert name == "meeting-notes-2018-03-22-cse-quoted-etc-script.docx"


def test_same_number_of_queries_for_one_and_five_organisations(app):
    from sqlalchemy import event

    from exports.notes_docx import render_docx
    from tests.db import create_addition, create_gap

    version = create_questionnaire_version()

    def meeting(n_orgs: int, day: int) -> int:
        round_ = create_round(version=version, status="closed", meeting_date=date(2020, 1, day))
        for n in range(n_orgs):
            response = create_response(
                round_=round_, org=create_org(), status="accepted",
                answers={"picture-now": f"Answer {n}", "picture-rating": 3})
            create_gap(response=response, question_id="picture-rating", title=f"Gap {n}")
            create_addition(response=response, question_id="picture-now", body="Later")
        return round_.id

    def count(round_id: int) -> int:
        db.session.expunge_all()
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            render_docx(meeting_notes(db.session.get(Round, round_id)))
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    one, five = meeting(1, 1), meeting(5, 2)
    assert count(one) == count(five) <= 12  # the same at any size; the record and office add two
