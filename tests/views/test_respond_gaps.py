"""Identified gaps on a section page: a gap first identified in this response can be
removed, before and after it is saved (autosave gives it an id); a gap carried from an
earlier round can only be updated or closed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import Gap, GapEntry, db
from tests.actions import PICTURE, fresh, response_of, section_data, submit
from tests.db import create_questionnaire_version, create_round
from tests.helpers import check_html, sign_in
from workflows.gaps import save_gap_items

LIST = "gaps_picture_rating"


@pytest.fixture
def response(app, org):
    return response_of(create_round(through_workflows=True, orgs=[org]), org)


def _section(rid) -> str:
    return f"/respond/{rid}/sections/picture"


def _items(page) -> list:
    return page.find(id=LIST).select(".moj-add-another__items > .moj-add-another__item")


def _item_facts(item) -> dict:
    """What a gap item on the page offers: its title, whether it can be removed, and
    whether it has a status."""
    remove = item.find("button", attrs={"name": "remove_gap"})
    return {"title": item.find("input", id=lambda i: i and i.endswith("-title")).get("value"),
            "remove": remove["value"] if remove else None,
            "status": item.find("input", attrs={"name": lambda n: n and n.endswith("-status")})
            is not None,
            "mark": "carried" if item.has_attr("data-gap-carried")
            else "new" if item.has_attr("data-gap-new") else None}


def _gap_titles(response_id) -> list[str]:
    db.session.expire_all()
    titles = db.session.scalars(
        select(Gap.title).join(GapEntry, GapEntry.gap_id == Gap.id)
        .where(GapEntry.response_id == response_id).order_by(GapEntry.position)).all()
    db.session.commit()
    return list(titles)


def _two_gaps(**extra) -> dict:
    return {**PICTURE, f"{LIST}-0-title": "Landlord data", f"{LIST}-0-area": "Systems",
            f"{LIST}-1-title": "Training backlog", **extra}


def _autosave(client, rid, revision, data) -> dict:
    body = client.post(_section(rid) + "/autosave", data=section_data(revision, **data)).get_json()
    assert body["status"] == "saved", body
    return body


def test_gaps_saved_by_autosave_keep_their_remove_buttons_and_no_status(
        client, respondent, response):
    sign_in(client, respondent)
    body = _autosave(client, response.id, 0, _two_gaps())
    assert sorted(body["gap_ids"]) == [f"{LIST}-0-gap_id", f"{LIST}-1-gap_id"]
    page = check_html(client.get(_section(response.id)).get_data(as_text=True))
    assert [_item_facts(i) for i in _items(page)] == [
        {"title": "Landlord data", "remove": f"{LIST}-0", "status": False, "mark": "new"},
        {"title": "Training backlog", "remove": f"{LIST}-1", "status": False, "mark": "new"}]
    assert page.find("textarea", id=f"{LIST}-0-closing_note") is None


def test_remove_without_javascript_deletes_a_saved_new_gap(client, respondent, response):
    sign_in(client, respondent)
    ids = _autosave(client, response.id, 0, _two_gaps())["gap_ids"]
    res = client.post(_section(response.id), data=section_data(
        1, remove_gap=f"{LIST}-0", **_two_gaps(**ids)))
    page = check_html(res.get_data(as_text=True))
    assert res.status_code == 200
    assert [_item_facts(i)["title"] for i in _items(page)] == ["Training backlog"]
    assert _gap_titles(response.id) == ["Training backlog"]
    gone = int(ids[f"{LIST}-0-gap_id"])
    assert db.session.get(Gap, gone) is None
    # Saving the page as it came back keeps it that way.
    revision = page.find("input", {"name": "revision"})["value"]
    kept_id = page.find("input", {"name": f"{LIST}-0-gap_id"})["value"]
    res = client.post(_section(response.id), data=section_data(int(revision), **{
        **PICTURE, f"{LIST}-0-title": "Training backlog", f"{LIST}-0-gap_id": kept_id,
        f"{LIST}-0-area": ""}))
    assert res.status_code == 302
    assert _gap_titles(response.id) == ["Training backlog"]


def test_a_lone_saved_new_gap_can_be_removed(client, respondent, response):
    sign_in(client, respondent)
    ids = _autosave(client, response.id, 0, PICTURE)["gap_ids"]
    page = check_html(client.get(_section(response.id)).get_data(as_text=True))
    assert [_item_facts(i)["remove"] for i in _items(page)] == [f"{LIST}-0"]
    res = client.post(_section(response.id), data=section_data(
        1, remove_gap=f"{LIST}-0", **PICTURE, **ids))
    page = check_html(res.get_data(as_text=True))
    assert _gap_titles(response.id) == []
    assert [_item_facts(i) for i in _items(page)] == [
        {"title": "", "remove": None, "status": False, "mark": None}]


def test_with_javascript_a_new_gap_left_out_is_deleted_and_never_reaches_the_register(
        client, client_request, respondent, response):
    sign_in(client, respondent)
    ids = _autosave(client, response.id, 0, _two_gaps())["gap_ids"]
    # MOJ add-another removed the first item in the page and renumbered the second.
    posted = {**PICTURE, f"{LIST}-0-title": "Training backlog",
              f"{LIST}-0-gap_id": ids[f"{LIST}-1-gap_id"]}
    posted.pop(f"{LIST}-0-area")
    res = client.post(_section(response.id) + "/autosave", data=section_data(1, **posted))
    assert res.get_json()["status"] == "saved"
    assert _gap_titles(response.id) == ["Training backlog"]
    submit(fresh(response), by=respondent)
    db.session.commit()
    page = client_request.get("gaps.register")
    titles = [th.get_text(strip=True) for th in page.select("#gap-register tbody th")]
    assert titles == ["Training backlog"]


@pytest.fixture
def second_round(app, org, respondent, response):
    """Round 1 submitted with one gap; round 2's draft carries it."""
    save_gap_items(response, "picture-rating", [{"title": "Landlord data"}], respondent)
    submit(response, by=respondent)
    db.session.commit()
    later = create_round(through_workflows=True, orgs=[org],
                         version=create_questionnaire_version(sample="respond"),
                         title="Next round", meeting_date=date(2026, 9, 1))
    return response_of(later, org)


def test_a_carried_gap_shows_its_status_and_cannot_be_removed(client, respondent, second_round):
    rid = second_round.id
    sign_in(client, respondent)
    page = check_html(client.get(_section(rid)).get_data(as_text=True))
    assert [_item_facts(i) for i in _items(page)] == [
        {"title": "Landlord data", "remove": None, "status": True, "mark": "carried"}]
    assert page.find("textarea", id=f"{LIST}-0-closing_note") is not None
    carried_id = page.find("input", {"name": f"{LIST}-0-gap_id"})["value"]
    revision = int(page.find("input", {"name": "revision"})["value"])
    # A new gap beside it is removable; the carried one is not, even by a forged button.
    ids = _autosave(client, rid, revision, {
        f"{LIST}-0-gap_id": carried_id, f"{LIST}-0-title": "Landlord data",
        f"{LIST}-0-status": "open", f"{LIST}-1-title": "New this round"})["gap_ids"]
    page = check_html(client.get(_section(rid)).get_data(as_text=True))
    assert [_item_facts(i) for i in _items(page)] == [
        {"title": "Landlord data", "remove": None, "status": True, "mark": "carried"},
        {"title": "New this round", "remove": f"{LIST}-1", "status": False, "mark": "new"}]
    both = {f"{LIST}-0-gap_id": carried_id, f"{LIST}-0-title": "Landlord data",
            f"{LIST}-0-status": "open", f"{LIST}-1-title": "New this round", **ids}
    revision = int(page.find("input", {"name": "revision"})["value"])
    res = client.post(_section(rid), data=section_data(revision, remove_gap=f"{LIST}-0", **both))
    page = check_html(res.get_data(as_text=True))
    assert [_item_facts(i)["title"] for i in _items(page)] == ["Landlord data", "New this round"]
    assert _gap_titles(rid) == ["Landlord data", "New this round"]
    # Left out of the post (as if removed in the page), a carried gap stays.
    revision = int(page.find("input", {"name": "revision"})["value"])
    client.post(_section(rid), data=section_data(revision, **{
        f"{LIST}-0-gap_id": ids[f"{LIST}-1-gap_id"], f"{LIST}-0-title": "New this round"}))
    assert _gap_titles(rid) == ["Landlord data", "New this round"]


def _too_many(count: int) -> dict:
    data = {k: v for k, v in PICTURE.items() if not k.startswith(LIST)}
    data.update({f"{LIST}-{i}-title": f"Gap number {i}" for i in range(count)})
    return data


def test_a_gap_list_over_the_maximum_is_refused_and_shown_back_whole(
        client, respondent, response):
    sign_in(client, respondent)
    res = client.post(_section(response.id), data=section_data(0, **_too_many(60)))
    page = check_html(res.get_data(as_text=True))
    assert [_item_facts(i)["title"] for i in _items(page)] == [
        f"Gap number {i}" for i in range(60)]
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Enter 50 gaps or fewer" in summary and "60 were sent" in summary
    link = page.select_one(".govuk-error-summary a")["href"]
    assert page.find(id=link[1:]).get_text(" ", strip=True).endswith("then save again.")
    assert "Saved at" not in page.get_text(" ") and _gap_titles(response.id) == []


def test_autosave_of_a_gap_list_over_the_maximum_saves_no_gap(client, respondent, response):
    sign_in(client, respondent)
    body = client.post(_section(response.id) + "/autosave",
                       data=section_data(0, **_too_many(51))).get_json()
    assert body["status"] == "partial"
    assert any("Enter 50 gaps or fewer" in e for e in body["errors"])
    assert _gap_titles(response.id) == []
