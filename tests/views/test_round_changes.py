"""Changing a round after set-up, from its page: change links, the set-up form filled
from the round, the organisations asked, and the reason a removal is refused."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models import Response, Round, db
from tests.actions import set_answers
from tests.db import create_org, create_round
from tests.helpers import sign_in


def _posted(page) -> dict:
    """The change form's fields as the page fills them (what a browser would post)."""
    data: dict = {"organisations": []}
    for field in page.select("form input[name], form textarea[name]"):
        name = field["name"]
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data["organisations"].append(field["value"])
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def test_each_detail_has_a_change_link_to_its_field(client, client_request, admin, org):
    made = create_round(through_workflows=True, orgs=[org], by=admin)
    sign_in(client, admin)
    page = client_request.get("rounds.show", round_id=made.id)
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("a.govuk-link")
             if "/change" in a["href"]}
    base = f"/rounds/{made.id}/change"
    assert links["Change meeting date"] == base + "#meeting_date-day"
    assert links["Change venue"] == base + "#venue"
    assert links["Change chair"] == base + "#chair"
    assert links["Change note taker"] == base + "#note_taker"
    assert links["Change deadline for responses"] == base + "#deadline-day"
    assert links["Change the attendees"] == base + "#attendees"
    assert links["Change the organisations asked"] == base + "#organisations"


def test_the_set_up_form_changes_the_round(client, client_request, admin, org, page_text):
    made = create_round(through_workflows=True, orgs=[org], by=admin)
    other = create_org(name="Warwickshire Police")
    sign_in(client, admin)
    page = client_request.get("rounds.change", round_id=made.id)
    assert page.h1.get_text(strip=True) == "Change the round"
    assert page.find("select", {"name": "questionnaire_version"}) is None  # fixed now
    data = _posted(page)
    assert data["venue"] == made.venue and data["meeting_date-day"] == "1"
    assert data["organisations"] == [str(org.id)]
    data.update({"venue": "Hindlip Hall", "meeting_date-day": "8",
                 "organisations": [str(org.id), str(other.id)]})
    page = client_request.post("rounds.change", round_id=made.id, _data=data,
                               _expected_redirect=("rounds.show", {"round_id": made.id}),
                               _follow_redirects=True, _expected_status=200)
    assert "changed: meeting date, venue, organisations asked." in page_text(page)
    db.session.expire_all()
    again = db.session.get(Round, made.id)
    assert (again.venue, again.meeting_date) == ("Hindlip Hall", date(2026, 3, 8))
    assert sorted(r.organisation.name for r in again.responses) == [org.name,
                                                                    "Warwickshire Police"]


def test_removing_an_organisation_that_answered_says_why(client, client_request, admin, org,
                                                        page_text):
    other = create_org(name="Warwickshire Police")
    made = create_round(through_workflows=True, orgs=[org, other], by=admin)
    response = next(r for r in made.responses if r.organisation_id == other.id)
    set_answers(response, {"picture-now": "A picture"})
    db.session.commit()
    sign_in(client, admin)
    data = _posted(client_request.get("rounds.change", round_id=made.id))
    data["organisations"] = [str(org.id)]
    page = client_request.post("rounds.change", round_id=made.id, _data=data,
                               _expected_status=200)
    summary = page.select_one(".govuk-error-summary")
    assert "Warwickshire Police cannot be removed: its respondents have given answers" in (
        page_text(summary))
    assert summary.a["href"] == "#organisations"
    assert db.session.scalar(select(Response.id).where(Response.id == response.id))


def test_the_pcc_cannot_change_a_round(client, client_request, pcc, org):
    made = create_round(through_workflows=True, orgs=[org])
    sign_in(client, pcc)
    page = client_request.get("rounds.show", round_id=made.id)
    assert not [a for a in page.select("a") if "/change" in a.get("href", "")]
    client_request.get("rounds.change", round_id=made.id, _expected_status=403)


def test_set_up_says_how_many_organisations_in_words(client, client_request, admin, org,
                                                    page_text):
    from tests.db import create_questionnaire_version
    from tests.views.test_rounds import _form

    version = create_questionnaire_version(sample="respond")
    sign_in(client, admin)
    page = client_request.post("rounds.new", _data=_form(version, [org]),
                               _expected_redirect="rounds.show", _follow_redirects=True,
                               _expected_status=200)
    assert "with 1 organisation asked." in page_text(page)
    assert "(s)" not in page_text(page)
