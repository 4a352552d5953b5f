"""Identified gaps: the add-another list without JavaScript, blank items,
carried gaps, and each gap field's checks."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from forms.format.definition import Condition
from forms.format.examples import GAP_AREAS, definition, question
from forms.questionnaire.builder import form_class_for, values_from_form
from forms.questionnaire.fields import GAPS_SHOWN_BACK, MAX_GAPS_PER_QUESTION

APP = Flask(__name__)
APP.config.update(WTF_CSRF_ENABLED=False, SECRET_KEY="test")

RATED = question("rate", "rating", "How confident?", gaps=True)


@pytest.fixture(autouse=True)
def request_context():
    with APP.test_request_context():
        yield


def bind(data, *, areas=GAP_AREAS, questions=(RATED,)):
    return form_class_for(definition(*questions, gap_areas=areas))(formdata=MultiDict(data))


def titles(form, name="gaps_rate"):
    return [entry.form.title.data for entry in form[name].entries]


def test_one_empty_item_is_shown_and_ignored():
    form = bind({})
    assert titles(form) == [None]
    assert form.validate_submit()
    assert values_from_form(form)["rate"].gaps == []
    spaces = bind({"gaps_rate-0-title": "   ", "gaps_rate-0-target_date-day": " "})
    assert spaces.validate_submit() and values_from_form(spaces)["rate"].gaps == []


def test_add_another_grows_the_list_by_one_empty_item():
    form = bind({"gaps_rate-0-title": "First", "add_gap": "gaps_rate"})
    assert form.requested_list_action() is None  # reads the request, which is empty here
    assert form.requested_list_action(MultiDict({"add_gap": "gaps_rate"})) == ("add", "gaps_rate", None)
    assert form.apply_list_action(MultiDict({"add_gap": "gaps_rate"}))
    assert titles(form) == ["First", None]
    assert [e.name for e in form["gaps_rate"].entries] == ["gaps_rate-0", "gaps_rate-1"]
    spec = form.render_spec("rate")["gaps"]
    assert [item["legend"] for item in spec["items"]] == ["Gap 1", "Gap 2"]
    assert spec["items"][1]["fields"][0]["params"]["name"] == "gaps_rate-1-title"


def test_add_another_from_the_posted_request():
    posted = {"gaps_rate-0-title": "First", "add_gap": "gaps_rate"}
    with APP.test_request_context(method="POST", data=posted):
        form = form_class_for(definition(RATED, gap_areas=GAP_AREAS))()
        assert form.apply_list_action()
        assert titles(form) == ["First", None]
        # the grown list posts back with the new (still empty) item
        form.validate_draft()
        assert values_from_form(form)["rate"].gaps[0]["title"] == "First"


def test_unknown_list_names_are_ignored():
    form = bind({})
    assert not form.apply_list_action(MultiDict({"add_gap": "gaps_nope"}))
    assert not form.apply_list_action(MultiDict({"remove_gap": "q_rate-0"}))
    assert not form.apply_list_action(MultiDict())


def test_remove_takes_out_one_new_item_and_renumbers():
    data = {"gaps_rate-0-title": "A", "gaps_rate-1-title": "B", "gaps_rate-2-title": "C"}
    form = bind(data)
    assert form.apply_list_action(MultiDict({"remove_gap": "gaps_rate-1"}))
    assert titles(form) == ["A", "C"]
    assert form.render_spec("rate")["gaps"]["items"][1]["fields"][0]["params"]["id"] == "gaps_rate-1-title"


def test_carried_gaps_cannot_be_removed_and_a_last_item_stays():
    carried = bind({"gaps_rate-0-gap_id": "12", "gaps_rate-0-title": "Old", "gaps_rate-1-title": "New"})
    spec = carried.render_spec("rate")["gaps"]
    assert spec["items"][0]["remove"] is None and spec["items"][1]["remove"]["value"] == "gaps_rate-1"
    carried.apply_list_action(MultiDict({"remove_gap": "gaps_rate-0"}))
    assert titles(carried) == ["Old", "New"]
    single = bind({"gaps_rate-0-title": "Only"})
    assert single.render_spec("rate")["gaps"]["items"][0]["remove"] is None
    single.apply_list_action(MultiDict({"remove_gap": "gaps_rate-0"}))
    assert titles(single) == [None]


def test_a_saved_gap_named_new_stays_removable_and_has_no_status():
    data = {"gaps_rate-0-gap_id": "12", "gaps_rate-0-title": "Old",
            "gaps_rate-1-gap_id": "13", "gaps_rate-1-title": "Saved new"}
    form = bind(data)
    form.mark_new_gaps([13])  # 12 was carried from an earlier round
    items = form.render_spec("rate")["gaps"]["items"]
    facts = [(i["carried"], i["saved_new"], i["remove"] and i["remove"]["value"]) for i in items]
    assert facts == [(True, False, None), (False, True, "gaps_rate-1")]
    assert len(items[1]["fields"]) == 5  # no status, update or closing note
    assert [f.get("carried_only", False) for f in items[0]["fields"]] == [False] * 5 + [True] * 3
    form.apply_list_action(MultiDict({"remove_gap": "gaps_rate-0"}))
    assert titles(form) == ["Old", "Saved new"]
    form.apply_list_action(MultiDict({"remove_gap": "gaps_rate-1"}))
    assert titles(form) == ["Old"]
    alone = bind({"gaps_rate-0-gap_id": "13", "gaps_rate-0-title": "Saved new"})
    alone.mark_new_gaps(["13"])
    assert alone.render_spec("rate")["gaps"]["items"][0]["remove"]["value"] == "gaps_rate-0"
    alone.apply_list_action(MultiDict({"remove_gap": "gaps_rate-0"}))
    assert titles(alone) == [None]


def test_the_list_is_capped():
    full = bind({f"gaps_rate-{i}-title": f"Gap {i}" for i in range(MAX_GAPS_PER_QUESTION)})
    assert full.validate_draft()
    assert full.apply_list_action(MultiDict({"add_gap": "gaps_rate"}))
    assert len(full["gaps_rate"].entries) == MAX_GAPS_PER_QUESTION
    assert full.render_spec("rate")["gaps"]["add_button"] is None


def test_a_longer_list_is_refused_whole_and_shown_back():
    data = {f"gaps_rate-{i}-title": f"Gap {i}" for i in range(MAX_GAPS_PER_QUESTION + 10)}
    form = bind(data)
    assert titles(form) == [f"Gap {i}" for i in range(MAX_GAPS_PER_QUESTION + 10)]
    assert not form.validate_draft()
    message = ("Enter 50 gaps or fewer: 60 were sent. "
               "Remove 10 or combine some, then save again.")
    summary = f"How confident? – {message}"
    assert form.error_summary_items() == [{"text": summary, "href": "#gaps_rate-error"}]
    assert form.errors_by_question() == {"rate": [summary]}
    assert form.render_spec("rate")["gaps"]["error"] == message
    assert form.render_spec("rate")["gaps"]["add_button"] is None


def test_blank_items_past_the_maximum_are_no_gaps_and_no_error():
    data = {f"gaps_rate-{i}-title": "Gap" if i < 5 else "" for i in range(60)}
    form = bind(data)
    assert titles(form) == ["Gap"] * 5
    assert form.validate_draft()


def test_a_list_far_too_long_says_how_much_is_shown():
    form = bind({f"gaps_rate-{i}-title": "Gap" for i in range(250)})
    assert len(form["gaps_rate"].entries) == GAPS_SHOWN_BACK
    assert not form.validate_draft()
    assert form.errors_by_question()["rate"][0].endswith(
        f"250 were sent. Remove 200 or combine some, then save again. "
        f"Only the first {GAPS_SHOWN_BACK} are shown below.")


def test_title_is_required_on_submit_only():
    form = bind({"gaps_rate-1-detail": "Some detail"})
    assert form.validate_draft()
    assert not form.validate_submit()
    assert form.error_summary_items() == [
        {"text": "How confident? – Enter a title for gap 1", "href": "#gaps_rate-0-title"}]


def test_a_full_gap_becomes_a_dict():
    form = bind({"gaps_rate-0-title": "Data quality", "gaps_rate-0-detail": "Poor data",
                 "gaps_rate-0-area": "Systems", "gaps_rate-0-owner": "DCI Smith",
                 "gaps_rate-0-target_date-day": "31", "gaps_rate-0-target_date-month": "3",
                 "gaps_rate-0-target_date-year": "2026"})
    assert form.validate_submit()
    assert values_from_form(form)["rate"].gaps == [{
        "gap_id": None, "title": "Data quality", "detail": "Poor data", "area": "Systems",
        "owner": "DCI Smith", "target_date": "2026-03-31", "status": None, "update": None,
        "closing_note": None}]


def test_area_must_come_from_the_list_when_one_is_declared():
    form = bind({"gaps_rate-0-title": "T", "gaps_rate-0-area": "Somewhere"})
    assert not form.validate_draft()
    assert form.errors["gaps_rate"][0]["area"] == ["Select an area from the list for gap 1"]
    free = bind({"gaps_rate-0-title": "T", "gaps_rate-0-area": "Somewhere"}, areas=())
    assert free.validate_submit()
    assert values_from_form(free)["rate"].gaps[0]["area"] == "Somewhere"
    assert free.render_spec("rate")["gaps"]["items"][0]["fields"][2]["component"] == "input"


def test_target_date_problems_link_to_the_right_input():
    form = bind({"gaps_rate-0-title": "T", "gaps_rate-0-target_date-day": "1",
                 "gaps_rate-0-target_date-year": "2026"})
    assert not form.validate_draft()
    assert form.error_summary_items() == [{
        "text": "How confident? – The target date of gap 1 must include a month",
        "href": "#gaps_rate-0-target_date-month"}]


def test_carried_gap_fields_are_exposed():
    form = bind({"gaps_rate-0-gap_id": "42", "gaps_rate-0-title": "Old gap",
                 "gaps_rate-0-status": "closed", "gaps_rate-0-closing_note": "Fixed\r\nin May",
                 "gaps_rate-0-update": ""})
    assert form.validate_submit()
    gap = values_from_form(form)["rate"].gaps[0]
    assert (gap["gap_id"], gap["status"], gap["closing_note"], gap["update"]) == ("42", "closed", "Fixed\nin May", None)
    item = form.render_spec("rate")["gaps"]["items"][0]
    assert item["carried"] and item["gap_id"]["value"] == "42"
    assert [f["params"].get("name") or f["params"].get("namePrefix") for f in item["fields"]][-3:] == [
        "gaps_rate-0-status", "gaps_rate-0-update", "gaps_rate-0-closing_note"]
    new = bind({"gaps_rate-0-title": "New"}).render_spec("rate")["gaps"]["items"][0]
    assert len(new["fields"]) == 5  # no status, update or closing note for a new gap


@pytest.mark.parametrize("key, value, message", [
    ("status", "reopened", "Select open or closed for gap 1"),
    ("gap_id", "<script>", "The reference of gap 1 is not valid"),
    ("owner", "x" * 201, "The owner of gap 1 must be 200 characters or fewer"),
])
def test_gap_field_problems(key, value, message):
    form = bind({"gaps_rate-0-title": "T", f"gaps_rate-0-{key}": value})
    assert not form.validate_draft()
    assert [i["text"] for i in form.error_summary_items()] == [f"How confident? – {message}"]
    assert form.error_summary_items()[0]["href"] in ("#gaps_rate-0-title", f"#gaps_rate-0-{key}")


def test_gaps_of_a_hidden_question_are_dropped():
    q1 = question("ok", "yes_no", "OK?")
    q2 = question("why", "long_text", "Why not?", gaps=True, show_if=Condition("ok", equals="no"))
    form = bind({"q_ok": "yes", "gaps_why-0-title": "x" * 300}, questions=(q1, q2))
    assert form.validate_submit()
    assert values_from_form(form)["why"].gaps == []


def test_question_lists_do_not_mix_up_similar_names():
    qs = (question("g", "gaps", "G?"), question("g-1", "gaps", "G1?"))
    form = bind({"gaps_g_1-0-title": "one", "gaps_g_1-3-title": "two"}, questions=qs)
    assert titles(form, "gaps_g") == [None]
    assert titles(form, "gaps_g_1") == ["one", "two"]
