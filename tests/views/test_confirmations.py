"""Opening, closing, accepting and publishing ask first: the button leads (by GET, no
JavaScript needed) to a page that says what will follow, whose button does it."""

from __future__ import annotations

from models import Response, Round, db
from tests.db import create_org, create_response, create_round
from tests.helpers import sign_in


def _confirmation(page) -> tuple[str, list[str], dict, str]:
    form = page.select_one("main form[method=post]")
    hidden = {i["name"]: i["value"] for i in form.select("input[type=hidden]")
              if i["name"] != "csrf_token"}
    follows = [li.get_text(" ", strip=True) for li in page.select("[data-follows] li")]
    return page.h1.get_text(strip=True), follows, hidden, form["action"]


def test_opening_a_round_is_confirmed_first(client, client_request, admin, org):
    made = create_round(through_workflows=True, orgs=[org], status="planned", by=admin)
    sign_in(client, admin)
    show = client_request.get("rounds.show", round_id=made.id)
    button = show.find("button", {"name": "move", "value": "open"})
    assert button.find_parent("form")["method"] == "get"  # a click only asks
    page = client_request.get("rounds.move", round_id=made.id, move="open")
    heading, follows, hidden, action = _confirmation(page)
    assert heading == "Open “CSE assurance” for responses?"
    assert "Respondents of the 1 organisation asked can see the round" in follows[0]
    assert org.name in page.get_text()
    assert db.session.get(Round, made.id).status == "planned"  # nothing done yet
    assert (hidden, action) == ({"move": "open"}, f"/rounds/{made.id}/move")
    client_request.post("rounds.move", round_id=made.id, _data=hidden,
                        _expected_redirect=("rounds.show", {"round_id": made.id}))
    assert db.session.get(Round, made.id).status == "open"


def test_closing_names_who_has_not_submitted(client, client_request, admin, org):
    made = create_round(through_workflows=True, orgs=[org], status="open", by=admin)
    sign_in(client, admin)
    page = client_request.get("rounds.move", round_id=made.id, move="close")
    heading, follows, hidden, _ = _confirmation(page)
    assert heading == "Close “CSE assurance”?" and hidden == {"move": "close"}
    assert "Answers can no longer be changed or submitted." in follows
    assert "Not submitted, so left out of the meeting notes:" in page.get_text()


def test_a_move_that_does_not_apply_has_nothing_to_confirm(client, client_request, admin, org,
                                                          page_text):
    made = create_round(through_workflows=True, orgs=[org], status="open", by=admin)
    sign_in(client, admin)
    page = client_request.get("rounds.move", round_id=made.id, move="open",
                              _expected_redirect=("rounds.show", {"round_id": made.id}),
                              _follow_redirects=True, _expected_status=200)
    assert "there is nothing to confirm" in page_text(page)


def test_accepting_a_response_is_confirmed_first(client, client_request, admin, org):
    made = create_round(status="open")
    response = create_response(round_=made, org=org, status="submitted")
    sign_in(client, admin)
    show = client_request.get("review.response", response_id=response.id)
    form = show.find("button", string=lambda s: s and "Accept response" in s).find_parent("form")
    assert form["method"] == "get"
    page = client_request.get("review.accept_response", response_id=response.id,
                              revision=response.revision)
    heading, follows, hidden, action = _confirmation(page)
    assert heading == f"Accept the response from {org.name}?"
    assert follows[0].startswith("Its answers are locked")
    assert hidden == {"revision": str(response.revision)}
    assert db.session.get(Response, response.id).status == "submitted"
    client_request.post("review.accept_response", response_id=response.id, _data=hidden,
                        _expected_redirect=("review.response", {"response_id": response.id}))
    assert db.session.get(Response, response.id).status == "accepted"


def test_publishing_notes_is_confirmed_first(client, client_request, admin, org):
    late = create_org(name="Late Police")
    made = create_round(status="closed")
    create_response(round_=made, org=org, status="accepted")
    create_response(round_=made, org=late, status="draft")
    sign_in(client, admin)
    page = client_request.get("notes.publish", round_id=made.id)
    heading, follows, hidden, action = _confirmation(page)
    assert heading == f"Publish the notes of “{made.title}”?"
    assert ("The round is published and its details can no longer change. These notes "
            "become version 1; a later change to them is published as a correction, and "
            "version 1 stays readable.") in follows
    assert "Late Police" in page.select_one("main").get_text()
    assert db.session.get(Round, made.id).status == "closed"
    assert action == f"/rounds/{made.id}/notes/publish"
