"""Every endpoint that takes an id, as each role, as a respondent of another
organisation, and as the admin, PCC and respondent of another office: respondents
reach only their own organisation's responses, revisions, gaps and additions, and
nobody reaches another office's objects; anything else is a 404, whether reached by a
link, a guessed id or a forged form field. The PCC changes nothing.

The route list and each endpoint's decision come from test_routes.ROUTES (the roles
holding each permission from models/permissions.py); add a new route there (and, if it
takes an id that is not owned by one organisation, to NOT_ORG_SCOPED below with the
reason).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import url_for

from models import Addition, Gap, GapEntry, db
from tests.actions import submit
from tests.db import (
    create_office,
    create_org,
    create_questionnaire_version,
    create_round,
    create_user,
)
from tests.helpers import db_snapshot, release_db, sign_in
from tests.samples import small_yaml
from tests.views.test_routes import ROUTES, assert_only_audit_added, not_forbidden
from workflows import library
from workflows.gaps import gap_items_for, save_gap_items

# Endpoints whose ids do not belong to one organisation, so another organisation's
# respondent may use them; what they show is limited to the user's own organisation.
NOT_ORG_SCOPED = {
    "exports.trends_workbook": "a questionnaire key; the workbook holds only the respondent's "
    "own organisation (tests/views/test_pcc_downloads.py)",
}
# Endpoints of this office's objects that another office's users reach by design, with the
# reason: the national library (the questionnaire here is published to it).
ACROSS_OFFICES = {
    "library.entry": "a published questionnaire is shown to every office's admins and PCC",
    "library.download": "a published questionnaire's YAML is for every office to read",
    "library.adopt": "another office adopts a published questionnaire as its own "
    "(tests/workflows/test_library.py)",
}
# Endpoints the respondent role may reach in general but that are a 404 even for the
# owning organisation's respondent, with the reason.
NOT_FOR_RESPONDENTS = {
    "exports.round_workbook": "holds every organisation's answers (views/exports.py)",
}
# The admin, PCC and respondent of another office: every id of this office is a 404.
ELSEWHERE = {"far_admin": "admin", "far_pcc": "pcc", "far_resp": "respondent"}
PERSONAS = ("admin", "pcc", "own", "other", *ELSEWHERE)


@dataclass
class Place:
    admin: object
    pcc: object
    own: object  # a respondent of the organisation that owns every id in the URLs
    other: object  # a respondent of another organisation
    far_admin: object  # the admin, PCC and a respondent of another office
    far_pcc: object
    far_resp: object
    values: dict
    other_response_id: int
    gap_id: int


@pytest.fixture
def place(app) -> Place:
    ours, theirs = create_org(name="West Mercia Police"), create_org(name="Warwickshire Police")
    own = create_user(org=ours, email="own@example.org")
    other = create_user(org=theirs, email="other@example.org")
    version = create_questionnaire_version()
    library.publish(version.questionnaire, by=None)  # the library's pages show it
    round_a = create_round(version=version, status="open", orgs=[ours])
    round_b = create_round(version=version, status="open", orgs=[theirs])
    response_a, response_b = round_a.responses[0], round_b.responses[0]
    for response, user in ((response_a, own), (response_b, other)):
        save_gap_items(response, "picture-rating", [{"title": f"Gap of {user.email}"}], user)
        submit(response, by=user)
    gap_a = gap_items_for(response_a)["picture-rating"][0]["gap_id"]
    for round_ in (round_a, round_b):  # published: notes and additions are open to readers
        round_.status, round_.closed_at, round_.published_at = (
            "published",
            round_.opened_at,
            round_.opened_at,
        )
    db.session.add(
        Addition(
            response_id=response_a.id, question_id="picture-now", body="After", author_id=own.id
        )
    )
    db.session.commit()
    values = {
        "response_id": response_a.id,
        "round_id": round_a.id,
        "gap_id": int(gap_a),
        "org_id": ours.id,
        "organisation_id": ours.id,
        "user_id": own.id,
        "key": "small-assurance",
        "number": 1,
        "section_id": "picture",
        "question_id": "picture-now",
        "fmt": "html",
        "questionnaire_id": version.questionnaire_id,
        "office_id": ours.office_id,
        "request_id": 1,  # an access request (none exists: a 404 for everybody)
    }
    place = Place(
        admin=create_user(role="admin", email="a@example.org"),
        pcc=create_user(role="pcc", email="p@example.org"),
        own=own,
        other=other,
        values=values,
        **_elsewhere(),
        other_response_id=response_b.id,
        gap_id=int(gap_a),
    )
    release_db()
    return place


def _elsewhere() -> dict:
    """Users of another office, with an organisation and a round of their own."""
    office = create_office(name="Far Away OPCC", code="FAR")
    org = create_org(name="Far Away Police", office=office)
    version = create_questionnaire_version(yaml_text=small_yaml(key="far-assurance"),
                                           office=office)
    create_round(version=version, status="open", orgs=[org])
    return {"far_admin": create_user(role="admin", email="fa@example.org", office=office),
            "far_pcc": create_user(role="pcc", email="fp@example.org", office=office),
            "far_resp": create_user(org=org, email="fr@example.org")}


def id_endpoints(app, method: str) -> list:
    return sorted(
        (r for r in app.url_map.iter_rules() if method in r.methods and r.arguments - {"filename"}),
        key=lambda r: r.endpoint,
    )


def _url(app, rule, values: dict, **override) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{**{k: values[k] for k in rule.arguments}, **override})


def _role(persona: str) -> str:
    return "respondent" if persona in ("own", "other") else ELSEWHERE.get(persona, persona)


def expected_get(endpoint: str, persona: str) -> set[int]:
    if _role(persona) not in not_forbidden(endpoint):
        return {403}
    if persona in ELSEWHERE:
        return {200, 302} if endpoint in ACROSS_OFFICES else {404}
    if persona == "other" and endpoint not in NOT_ORG_SCOPED:
        return {404}
    if persona == "own" and endpoint in NOT_FOR_RESPONDENTS:
        return {404}
    return {200, 302}


def test_every_id_endpoint_is_known(app):
    names = {r.endpoint for m in ("GET", "POST") for r in id_endpoints(app, m)}
    assert names <= set(ROUTES), sorted(names - set(ROUTES))


@pytest.mark.parametrize("persona", PERSONAS)
def test_gets_by_link(app, client, place, persona):
    sign_in(client, getattr(place, persona))
    before = db_snapshot()
    problems = []
    for rule in id_endpoints(app, "GET"):
        url = _url(app, rule, place.values)
        status = client.get(url).status_code
        if status not in expected_get(rule.endpoint, persona):
            problems.append(
                f"{persona} GET {url}: {status}, expected {expected_get(rule.endpoint, persona)}"
            )
    assert not problems, "\n".join(problems)
    assert_only_audit_added(before, db_snapshot(), f"GETs as {persona}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_guessed_ids_are_404(app, client, place, persona):
    sign_in(client, getattr(place, persona))
    problems = []
    for rule in id_endpoints(app, "GET"):
        int_args = [a for a in rule.arguments if a.endswith("_id") or a == "number"]
        if not int_args or _role(persona) not in not_forbidden(rule.endpoint):
            continue
        for arg in int_args:
            url = _url(app, rule, place.values, **{arg: 987654})
            status = client.get(url).status_code
            if status != 404:
                problems.append(f"{persona} GET {url}: {status}, expected 404")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("persona", ["pcc", "other", *ELSEWHERE])
def test_posts_by_the_pcc_or_another_organisation_change_nothing(app, client, place, persona):
    sign_in(client, getattr(place, persona))
    before = db_snapshot()
    problems = []
    for rule in id_endpoints(app, "POST"):
        if persona in ELSEWHERE and rule.endpoint in ACROSS_OFFICES:
            continue
        url = _url(app, rule, place.values)
        status = client.post(
            url, data={"body": "x", "overall": "x", "revision": "1", "action": "save"}
        ).status_code
        allowed = _role(persona) in not_forbidden(rule.endpoint)
        wanted = 404 if allowed and persona != "pcc" else 403
        if persona == "pcc" and allowed:
            problems.append(f"the PCC may POST to {rule.endpoint}")
        if status != wanted:
            problems.append(f"{persona} POST {url}: {status}, expected {wanted}")
    assert not problems, "\n".join(problems)
    assert_only_audit_added(before, db_snapshot(), f"POSTs as {persona}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_gap_register_shows_a_respondent_only_their_own_gaps(client, place, persona):
    """The register takes no id in its path, but an organisation in its query string: a
    respondent's is ignored (forged or not); admins and the PCC filter by it."""
    ours, theirs = place.values["organisation_id"], place.other.organisation_id
    sign_in(client, getattr(place, persona))
    for query in ("", f"?organisation={ours}", f"?organisation={theirs}",
                  f"?organisation={theirs}&status=open&rounds=1&questionnaire=small-assurance"):
        text = client.get(f"/gaps{query}").get_data(as_text=True)
        shown = {who for who in ("own", "other") if f"Gap of {who}@example.org" in text}
        expected = {"": {"own", "other"}, f"?organisation={ours}": {"own"}}.get(query, {"other"})
        if persona in ("own", "other"):
            expected = {persona}
        if persona in ELSEWHERE:
            expected = set()  # another office's register: none of ours, filtered or not
        assert shown == expected, (persona, query)


def test_a_forged_gap_id_in_a_section_form_is_ignored(app, client, place):
    """Another organisation names our gap in its own section form: nothing of ours changes."""
    from models import Answer, Response

    before = [
        (e.status, e.update, e.closing_note) for e in db.session.get(Gap, place.gap_id).entries
    ]
    response_b = db.session.get(Response, place.other_response_id)
    response_b.status = "returned"
    response_b.round.status = "open"
    db.session.commit()
    revision = response_b.revision
    sign_in(client, place.other)
    res = client.post(
        f"/respond/{place.other_response_id}/sections/picture",
        data={
            "revision": str(revision),
            "action": "save",
            "q_picture_now": "Ours",
            "gaps_picture_rating-0-gap_id": str(place.gap_id),
            "gaps_picture_rating-0-title": "Hijacked",
            "gaps_picture_rating-0-status": "closed",
            "gaps_picture_rating-0-closing_note": "Closed by someone else",
        },
    )
    assert res.status_code in (200, 302)
    db.session.expire_all()
    saved = (
        db.session.query(Answer)
        .filter_by(response_id=place.other_response_id, question_id="picture-now")
        .one()
    )
    assert saved.value == "Ours"  # the save went through; only the forged gap was dropped
    gap = db.session.get(Gap, place.gap_id)
    assert gap.title == "Gap of own@example.org" and gap.status == "open"
    assert [(e.status, e.update, e.closing_note) for e in gap.entries] == before
    assert (
        db.session.query(GapEntry)
        .filter_by(response_id=place.other_response_id, gap_id=place.gap_id)
        .count()
        == 0
    )


def test_forged_fields_on_an_addition_are_ignored(app, client, place):
    sign_in(client, place.other)
    client.post(
        f"/responses/{place.other_response_id}/questions/picture-now/add-information",
        data={
            "body": "Ours, after the meeting",
            "response_id": str(place.values["response_id"]),
            "organisation_id": str(place.values["organisation_id"]),
            "author_id": str(place.own.id),
        },
    )
    db.session.expire_all()
    added = db.session.query(Addition).filter_by(body="Ours, after the meeting").one()
    assert added.response_id == place.other_response_id and added.author_id == place.other.id


def test_forged_status_on_a_return_is_ignored(app, client, place):
    sign_in(client, place.admin)
    from models import Response

    response = db.session.get(Response, place.values["response_id"])
    response.round.status = "open"
    db.session.commit()
    client.post(
        f"/responses/{response.id}/return",
        data={
            "revision": str(response.revision),
            "overall": "Please expand",
            "status": "accepted",
            "organisation_id": str(place.other.organisation_id),
        },
    )
    db.session.expire_all()
    response = db.session.get(Response, place.values["response_id"])
    assert response.status == "returned"
    assert response.organisation_id != place.other.organisation_id
