"""In a real browser, with JavaScript: identified gaps with MOJ "add another". A gap
first identified in this response can be removed in the page even after autosave has
saved it (and the removal is saved); a gap carried from an earlier round never gets a
Remove button, and a gap added beside it has no status fields. No axe-core violations."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from models import GapEntry, db
from tests.actions import response_of
from tests.actions import submit as submit_response
from tests.browser.conftest import assert_no_problems, check_axe, sign_in, submit
from tests.db import create_org, create_questionnaire_version, create_round, create_user
from tests.helpers import release_db
from workflows.gaps import save_gap_items

ITEMS = "#gaps_picture_rating .moj-add-another__items > .moj-add-another__item"
SAVED = re.compile(r"Saved at \d\d:\d\d")


@pytest.fixture
def place(app):
    org = create_org(name="West Mercia Police")
    user = create_user(org=org, email="lead@westmercia.example.org")
    first = response_of(create_round(through_workflows=True, orgs=[org], title="March meeting"),
                        org)
    facts = {"email": user.email, "first": first.id, "org": org}
    release_db()
    return facts


def _gap_count(response_id: int) -> int:
    db.session.expire_all()
    count = db.session.scalar(select(func.count()).select_from(GapEntry)
                              .where(GapEntry.response_id == response_id))
    release_db()
    return count


def autosaved(page):
    """Use as ``with autosaved(page): <a change>``: waits until the autosave that the change
    sets off has been answered (so it has been committed)."""
    return page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/autosave"))


def _title(page, index: int):
    return page.locator(f"input[name='gaps_picture_rating-{index}-title']")


def test_a_saved_new_gap_can_be_removed_in_the_page(live_server, page, place):
    rid = place["first"]
    sign_in(page, live_server, place["email"])
    page.goto(f"{live_server}/respond/{rid}/sections/picture")
    with autosaved(page):
        _title(page, 0).fill("Landlord data")
    page.locator("#autosave-status").filter(has_text=SAVED).wait_for()
    assert _gap_count(rid) == 1
    page.reload()  # a lone gap, saved: still removable
    items = page.locator(ITEMS)
    assert items.count() == 1
    assert items.nth(0).get_attribute("data-gap-new") is not None
    assert page.locator(f"{ITEMS} .moj-add-another__remove-button").count() == 1
    check_axe(page)
    page.get_by_role("button", name="Add another gap").click()
    with autosaved(page):
        _title(page, 1).fill("Training backlog")
    assert _gap_count(rid) == 2
    assert page.locator(f"{ITEMS} .moj-add-another__remove-button").count() == 2
    with autosaved(page):
        items.nth(0).get_by_role("button", name=re.compile("Remove")).click()
    assert _gap_count(rid) == 1  # autosave saved the removal
    page.reload()
    assert page.locator(ITEMS).count() == 1
    assert _title(page, 0).input_value() == "Training backlog"
    with autosaved(page):
        page.locator(ITEMS).nth(0).get_by_role("button", name=re.compile("Remove")).click()
        assert page.locator(ITEMS).count() == 0
    assert _gap_count(rid) == 0
    page.get_by_role("button", name="Add another gap").click()  # the list still works
    assert page.locator(ITEMS).count() == 1 and _title(page, 0).input_value() == ""
    assert_no_problems(page)


def test_a_carried_gap_has_no_remove_button_and_new_ones_no_status(live_server, page, place):
    from models import Response

    first = db.session.get(Response, place["first"])
    save_gap_items(first, "picture-rating", [{"title": "Landlord data"}], None)
    submit_response(first)
    db.session.commit()
    later = create_round(through_workflows=True, orgs=[place["org"]],
                         version=create_questionnaire_version(sample="respond"),
                         title="September meeting", meeting_date=date(2026, 9, 1))
    rid = response_of(later, place["org"]).id
    release_db()
    sign_in(page, live_server, place["email"])
    page.goto(f"{live_server}/respond/{rid}/sections/picture")
    items = page.locator(ITEMS)
    assert items.count() == 1 and items.nth(0).get_attribute("data-gap-carried") is not None
    assert items.nth(0).locator("input[name='gaps_picture_rating-0-status']").count() == 2
    page.get_by_role("button", name="Add another gap").click()
    assert items.count() == 2
    # MOJ Frontend gives the first of several items a Remove button: not a carried one.
    assert items.nth(0).locator(".moj-add-another__remove-button").count() == 0
    assert items.nth(1).locator(".moj-add-another__remove-button").count() == 1
    assert items.nth(1).locator("input[type=radio], textarea[name$='-closing_note']").count() == 0
    assert items.nth(1).get_attribute("data-gap-carried") is None
    with autosaved(page):
        _title(page, 1).fill("New this round")
    assert _gap_count(rid) == 2
    check_axe(page)
    with autosaved(page):
        items.nth(1).get_by_role("button", name=re.compile("Remove")).click()
        assert items.nth(0).locator(".moj-add-another__remove-button").count() == 0
    assert _gap_count(rid) == 1
    assert_no_problems(page)


def test_an_added_gap_starts_empty_in_every_field(live_server, page, place):
    rid = place["first"]
    sign_in(page, live_server, place["email"])
    page.goto(f"{live_server}/respond/{rid}/sections/picture")
    first = page.locator(ITEMS).nth(0)
    _title(page, 0).fill("Landlord data")
    first.locator("textarea[name$='-detail']").fill("No shared records")
    first.locator("select[name$='-area']").select_option(label="Training")
    first.locator("input[name$='-owner']").fill("Head of PPU")
    for part, value in (("day", "31"), ("month", "3"), ("year", "2027")):
        first.locator(f"input[name$='-target_date-{part}']").fill(value)
    submit(page, "Save draft")
    # The saved first gap's area is now in the page's markup (a selected option).
    assert page.locator(ITEMS).nth(0).locator("select[name$='-area']").input_value() != ""
    page.get_by_role("button", name="Add another gap").click()
    added = page.locator(ITEMS).nth(1)
    assert added.locator("select[name$='-area']").input_value() == ""
    assert added.locator("select[name$='-area'] option[selected]").count() == 0
    for field in added.locator("input:not([type=hidden]), textarea").all():
        assert field.input_value() == "", field.get_attribute("name")
    assert added.locator("input[name$='-gap_id']").input_value() == ""
    with autosaved(page):
        _title(page, 1).fill("Training backlog")
    page.reload()
    assert page.locator(ITEMS).nth(1).locator("select[name$='-area']").input_value() == ""
    assert_no_problems(page)
