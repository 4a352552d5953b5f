"""Deny by default: every endpoint, its access decision, and what each role gets.

HOW TO ADD A ROUTE (one line each):

1. Decorate the view with @public or @roles(...) from views/access.py.
2. Add one line to ROUTES below: "blueprint.endpoint": PUBLIC, or the set of roles
   (ADMIN, PCC, RESPONDENT, ANYONE, or e.g. {"admin", "pcc"}).
3. If a URL parameter needs a real object and its name is not in URL_VALUES, add it
   there (a name -> function of the World built by `world()`), or give the endpoint its
   own values in ENDPOINT_VALUES.

The tests then fail when:
- a route appears with no line here, or a line's route has gone;
- a view's decision differs from its line (or it has no decision at all);
- a GET as a role outside the decision is not 403, or as a role inside it is 403 or a
  redirect to sign-in; anonymously it is not a redirect to sign-in (unless public);
- a GET, as anyone, changes a row in the database (it may add audit events: a download
  is recorded);
- a POST without a valid CSRF token is not refused with 400 (with CSRF checks turned on),
  or changes anything (views in OWN_CSRF_CHECK answer in their own way).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from flask import url_for

from models import Gap, Organisation, Response, Round, User
from tests.db import create_org, create_user
from tests.helpers import db_snapshot, release_db, sign_in
from views.access import PUBLIC, access_for

ADMIN = {"admin"}
PCC = {"pcc"}
RESPONDENT = {"respondent"}
ANYONE = {"admin", "pcc", "respondent"}  # any signed-in user
OPCC = {"admin", "pcc"}

ROUTES: dict[str, object] = {
    "static": PUBLIC,
    # auth
    "auth.sign_in": PUBLIC,
    "auth.health": PUBLIC,
    "auth.sign_out": ANYONE,
    "auth.change_password": ANYONE,
    "auth.keep_alive": ANYONE,
    # main
    "main.home": ANYONE,
    # admin_people
    "admin_people.users": ADMIN,
    "admin_people.new_user": ADMIN,
    "admin_people.edit_user": ADMIN,
    "admin_people.orgs": ADMIN,
    "admin_people.edit_org": ADMIN,
    # audit
    "audit.events": ADMIN,
    # questionnaires
    "questionnaires.index": OPCC,
    "questionnaires.upload": ADMIN,
    "questionnaires.store": ADMIN,
    "questionnaires.version": OPCC,
    "questionnaires.download": OPCC,
    "questionnaires.compare": OPCC,
    # rounds
    "rounds.index": OPCC,
    "rounds.new": ADMIN,
    "rounds.show": OPCC,
    "rounds.move": ADMIN,
    # respond
    "respond.tasks": RESPONDENT,
    "respond.section": RESPONDENT,
    "respond.autosave": RESPONDENT,
    "respond.check": RESPONDENT,
    "respond.submit": RESPONDENT,
    # review
    "review.index": OPCC,
    "review.round_responses": OPCC,
    "review.response": ANYONE,
    "review.revisions": ANYONE,
    "review.return_response": ADMIN,
    "review.accept_response": ADMIN,
    "review.add_information": RESPONDENT,
    # gaps
    "gaps.register": ANYONE,
    "gaps.gap": ANYONE,
    # pcc
    "pcc.index": OPCC,
    "pcc.changes": OPCC,
    "pcc.gaps": OPCC,  # a redirect to gaps.register, keeping the query string
    "pcc.latest": OPCC,
    "pcc.trends": OPCC,
    # notes
    "notes.index": ANYONE,
    "notes.show": ANYONE,
    "notes.download": ANYONE,
    "notes.publish": ADMIN,
    # exports
    "exports.round_workbook": ANYONE,
    "exports.trends_workbook": ANYONE,
}


@dataclass
class World:
    """One of everything, so that URLs name real objects."""

    admin: User
    pcc: User
    respondent: User
    org: Organisation
    round: Round | None = None
    response: Response | None = None
    gap: Gap | None = None
    questionnaire_key: str = "small-assurance"


def world() -> World:
    org = create_org(name="World Force", code="WF")
    w = World(admin=create_user(role="admin", email="w-admin@example.org"),
              pcc=create_user(role="pcc", email="w-pcc@example.org"),
              respondent=create_user(role="respondent", email="w-resp@example.org", org=org),
              org=org)
    try:  # rounds, responses and gaps, when their modules are there
        from tests.db import create_gap, create_round
    except ImportError:  # pragma: no cover - early in the project
        return w
    w.round = create_round(orgs=[org], status="open")
    w.response = w.round.responses[0]
    w.gap = create_gap(response=w.response, question_id="picture-rating", title="A gap")
    return w


def _id(obj) -> int:
    return obj.id if obj is not None else 1


# URL parameter name -> value for the world.
URL_VALUES: dict[str, Callable[[World], object]] = {
    "filename": lambda w: "js/app.mjs",
    "user_id": lambda w: w.respondent.id,
    "org_id": lambda w: w.org.id,
    "organisation_id": lambda w: w.org.id,
    "round_id": lambda w: _id(w.round),
    "response_id": lambda w: _id(w.response),
    "gap_id": lambda w: _id(w.gap),
    "key": lambda w: w.questionnaire_key,
    "number": lambda w: 1,
    "section_id": lambda w: "picture",
    "question_id": lambda w: "picture-now",
    "fmt": lambda w: "html",
}

# Endpoint -> its own values, when the names above are not enough.
ENDPOINT_VALUES: dict[str, Callable[[World], dict]] = {}

# Views exempt from the global CSRF check because they check the token themselves, after
# the access check, to keep what was typed (views/csrf_keep.py, views/respond/keeping.py).
# Without a valid token they must still change nothing, and answer with no success.
OWN_CSRF_CHECK = {
    "auth.sign_in", "auth.change_password",
    "respond.section", "respond.autosave", "respond.submit",
    "questionnaires.upload", "questionnaires.store", "rounds.new",
    "review.return_response", "review.add_information",
    "admin_people.orgs", "admin_people.edit_org", "admin_people.new_user",
    "admin_people.edit_user",
}


def url_for_endpoint(app, endpoint: str, w: World) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {name: URL_VALUES[name](w) if name in URL_VALUES else 1 for name in rule.arguments}
    if endpoint in ENDPOINT_VALUES:
        values.update(ENDPOINT_VALUES[endpoint](w))
    with app.test_request_context():
        return url_for(endpoint, **values)


def endpoints(app, method: str) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules() if method in r.methods})


def as_set(decision):
    return decision if decision == PUBLIC else set(decision)


# --- the table matches the app --------------------------------------------------------


def test_every_route_has_a_line_and_every_line_a_route(app):
    in_app = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(in_app - set(ROUTES))
    gone = sorted(set(ROUTES) - in_app)
    assert not missing, f"routes with no line in ROUTES (add one each): {missing}"
    assert not gone, f"lines in ROUTES whose route has gone (remove them): {gone}"


def test_every_view_declares_the_decision_in_the_table(app):
    with app.test_request_context():
        wrong = {e: (access_for(e), d) for e, d in ROUTES.items()
                 if e in app.view_functions or e == "static"
                 if access_for(e) is None or as_set(access_for(e)) != as_set(d)}
    assert not wrong, f"endpoint: (view's decision, table's decision): {wrong}"


def test_a_view_without_a_decision_is_refused_to_everybody(app, client, admin):
    @app.route("/undecided")
    def undecided():
        return "should never be seen"

    sign_in(client, admin)
    response = client.get("/undecided")
    assert response.status_code == 403
    assert "should never be seen" not in response.get_data(as_text=True)


# --- the access matrix ----------------------------------------------------------------


def get(client, url: str):
    response = client.get(url)
    response.close()
    return response


def test_anonymous_requests_go_to_sign_in_unless_public(app, client):
    w = world()
    release_db()
    for endpoint in endpoints(app, "GET"):
        url = url_for_endpoint(app, endpoint, w)
        response = get(client, url)
        location = response.headers.get("Location", "")
        if ROUTES[endpoint] == PUBLIC:
            assert response.status_code in (200, 304), f"{url}: {response.status_code}"
        else:
            assert response.status_code == 302 and location.startswith("/sign-in?next="), (
                f"anonymous GET {url}: {response.status_code} {location}")


@pytest.mark.parametrize("role", ["admin", "pcc", "respondent"])
def test_each_role_gets_exactly_what_the_table_allows(app, client, role):
    w = world()
    sign_in(client, getattr(w, role))
    before = db_snapshot()
    problems = []
    for endpoint in endpoints(app, "GET"):
        url = url_for_endpoint(app, endpoint, w)
        response = get(client, url)
        status, location = response.status_code, response.headers.get("Location", "")
        allowed = ROUTES[endpoint] == PUBLIC or role in ROUTES[endpoint]
        if not allowed and status != 403:
            problems.append(f"{role} GET {url}: {status}, expected 403")
        if allowed and (status == 403 or location.startswith("/sign-in")):
            problems.append(f"{role} GET {url}: {status} {location}, expected to be let in")
        if status >= 500:
            problems.append(f"{role} GET {url}: {status}")
    assert not problems, "\n".join(problems)
    assert_only_audit_added(before, db_snapshot(), f"GET requests as {role}")


def assert_only_audit_added(before: dict, after: dict, what: str) -> None:
    """Nothing changed, except audit events added (reads such as downloads are recorded)."""
    changed = sorted(t for t in before if t != "audit_event" and before[t] != after[t])
    assert not changed, f"{what} changed the tables {changed}"
    kept = set(after["audit_event"])
    assert all(row in kept for row in before["audit_event"]), f"{what} changed audit events"


def test_anonymous_gets_change_nothing(app, client):
    w = world()
    release_db()
    before = db_snapshot()
    for endpoint in endpoints(app, "GET"):
        get(client, url_for_endpoint(app, endpoint, w))
    assert_only_audit_added(before, db_snapshot(), "anonymous GET requests")


# --- CSRF on every POST ---------------------------------------------------------------


def test_only_the_listed_views_check_their_own_csrf_token(app):
    csrf = app.extensions["csrf"]
    exempt = {e for e, view in app.view_functions.items()
              if f"{view.__module__}.{view.__name__}" in csrf._exempt_views}
    assert exempt == OWN_CSRF_CHECK


@pytest.mark.parametrize("role", [None, "admin", "respondent"])
def test_every_post_without_a_csrf_token_is_refused(app, client, role):
    w = world()
    if role:
        sign_in(client, getattr(w, role))  # CSRF is off until now
    app.config["WTF_CSRF_ENABLED"] = True
    before = db_snapshot()
    problems = []
    for endpoint in endpoints(app, "POST"):
        url = url_for_endpoint(app, endpoint, w)
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(url, data=data)
            if endpoint not in OWN_CSRF_CHECK and response.status_code != 400:
                problems.append(f"POST {url} {data}: {response.status_code}, expected 400")
            if response.status_code < 300:
                problems.append(f"POST {url} {data}: {response.status_code}, a success")
    assert not problems, "\n".join(problems)
    assert db_snapshot() == before
    assert client.get("/").status_code == (200 if role else 302)  # still signed in
