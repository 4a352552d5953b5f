"""Deny by default: every endpoint, its permission, and what each role gets (the roles
come from the one table, models/permissions.py).

HOW TO ADD A ROUTE (one line each):

1. Decorate the view with @public or @requires("permission") from views/access.py (a
   new permission needs its line in models/permissions.py, naming the roles holding it).
2. Add one line to ROUTES below: "blueprint.endpoint": PUBLIC, or the permission's name.
3. If a URL parameter needs a real object and its name is not in URL_VALUES, add it
   there (a name -> function of the World built by `world()`), or give the endpoint its
   own values in ENDPOINT_VALUES.

The tests then fail when:
- a route appears with no line here, or a line's route has gone;
- a view's decision differs from its line (or it has no decision at all);
- a GET as a role not holding the permission is not 403 (404 for a hidden endpoint), or
  as a role holding it is 403 or a redirect to sign-in; anonymously it is not a redirect
  to sign-in (unless public);
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

from models import ROLES, ActionItem, Gap, HmicfrsReport, Organisation, Response, Round, User
from models.permissions import roles_with
from tests.db import (
    create_action,
    create_gap,
    create_org,
    create_report,
    create_round,
    create_user,
)
from tests.helpers import db_snapshot, release_db, sign_in
from views.access import PUBLIC, Required, access_for

# Endpoint -> PUBLIC, or the permission it requires (models/permissions.py says which
# roles hold it), or Required(permission, hidden=True) when users without it get a 404.
ROUTES: dict[str, object] = {
    "static": PUBLIC,
    # auth
    "auth.sign_in": PUBLIC,
    "oidc.start": PUBLIC,
    "oidc.callback": PUBLIC,
    "access_requests.index": "users.manage",
    "access_requests.answer": "users.manage",
    "auth.health": PUBLIC,
    "auth.sign_out": "account.own",
    "auth.change_password": "account.own",
    "auth.account": "account.own",
    "auth.keep_alive": "account.own",
    # account (links by email, for people not signed in)
    "account.forgot_password": PUBLIC,
    "account.reset_sent": PUBLIC,
    "account.accept_invitation": PUBLIC,
    "account.reset_password": PUBLIC,
    # second factor
    "second_factor.second_step": PUBLIC,  # the half-signed-in state is in the session
    "second_factor.sign_in_passkey_options": PUBLIC,
    "second_factor.sign_in_passkey": PUBLIC,
    "second_factor.account": "account.own",
    "second_factor.set_up_app": "account.own",
    "second_factor.passkey_options": "account.own",
    "second_factor.add_passkey": "account.own",
    "second_factor.new_recovery_codes": "account.own",
    "second_factor.remove": "account.own",
    "second_factor.reset": "users.manage",
    # main
    "main.home": "home.view",
    # admin_people
    "admin_people.users": "users.manage",
    "admin_people.new_user": "users.manage",
    "admin_people.edit_user": "users.manage",
    "admin_people.resend_invitation": "users.manage",
    "admin_people.orgs": "orgs.manage",
    "admin_people.edit_org": "orgs.manage",
    # audit
    "audit.events": "audit.view",
    # questionnaires
    "questionnaires.index": "questionnaire.view",
    "questionnaires.upload": "questionnaire.load",
    "questionnaires.store": "questionnaire.load",
    "questionnaires.version": "questionnaire.view",
    "questionnaires.download": "questionnaire.view",
    "questionnaires.download_xlsx": "questionnaire.view",
    "questionnaires.compare": "questionnaire.view",
    "questionnaires.format_reference": "questionnaire.view",
    # rounds
    "rounds.index": "round.view",
    "rounds.new": "round.create",
    "rounds.show": "round.view",
    "rounds.move": "round.move",
    "rounds.change": "round.change",
    # respond
    "respond.tasks": "response.edit",
    "respond.section": "response.edit",
    "respond.autosave": "response.edit",
    "respond.check": "response.edit",
    "respond.submit": "response.submit",
    # review
    "review.index": "response.list",
    "review.round_responses": "response.list",
    "review.response": "response.view",
    "review.revisions": "response.view",
    "review.return_response": "response.return",
    "review.accept_response": "response.accept",
    "review.add_information": "response.add_information",
    "review.request_information": "response.request_information",
    # gaps
    "gaps.register": "gaps.view",
    "gaps.gap": "gaps.view",
    # pcc
    "pcc.index": "trends.view",
    "pcc.changes": "trends.view",
    "pcc.gaps": "trends.view",  # a redirect to gaps.register, keeping the query string
    "pcc.latest": "trends.view",
    "pcc.trends": "trends.view",
    # notes
    "notes.index": "notes.view",
    "notes.show": "notes.view",
    "notes.download": "notes.view",
    "notes.publish": "notes.publish",
    "notes.version": "notes.view",
    "notes.version_download": "notes.view",
    "notes_edit.edit": "notes.edit",
    "notes_edit.settings": "notes.edit",
    "notes_edit.part": "notes.edit",
    "notes_edit.correct": "notes.publish",
    "notes_edit.preview": "notes.edit",
    # the publication page (off unless PUBLIC_NOTES=1: then open to anyone)
    "public_notes.index": PUBLIC,
    "public_notes.show": PUBLIC,
    "public_notes.download": PUBLIC,
    "public_notes.feed": PUBLIC,
    # exports
    "exports.round_workbook": Required("export.round", hidden=True),  # every org's answers
    "exports.trends_workbook": "export.trends",
    "feed.service": Required("feed.read", api=True),
    "feed.metadata": Required("feed.read", api=True),
    "feed.entities": Required("feed.read", api=True),
    "feed.count": Required("feed.read", api=True),
    "feed.csv_file": Required("feed.read", api=True),
    "tokens.index": "tokens.own",
    "tokens.revoke": "tokens.own",
    "tokens.office": "tokens.manage",
    # library and benchmark (sharing by choice)
    "library.index": "library.view",
    "library.entry": "library.view",
    "library.download": "library.view",
    "library.adopt": "library.adopt",
    "library.publish": "library.publish",
    "library.withdraw": "library.publish",
    "benchmark.show": "benchmark.view",
    "benchmark.setting": "office.settings",
    # offices (the service administrator)
    "offices.index": "offices.manage",
    "offices.new_admin": "offices.manage",
    # verdicts and the assurance map
    "verdicts.round_page": "verdict.view",
    "verdicts.response_page": "verdict.view",
    "verdicts.record": "verdict.record",
    "verdicts.sign_off": "verdict.sign_off",
    "verdicts.map_page": "verdict.view",
    # email
    "mail.outbox": "mail.outbox",
    "mail.message": "mail.outbox",  # POST "Send again" also needs mail.resend
    "mail.preferences": "account.own",
    # the register of actions and recommendations
    "actions.register": "actions.view",
    "actions.item": "actions.view",
    "actions.update": "actions.update",
    "actions.new": "actions.manage",
    "actions.edit": "actions.manage",
    "actions.download": "export.register",
    # HMICFRS reports
    "reports.index": "reports.view",
    "reports.show": "reports.view",
    "reports.download": "reports.view",
    "reports.new": "reports.manage",
    "reports.add_item": "reports.manage",
    "reports.import_csv": "reports.manage",
    "reports.cc_request": "reports.manage",
    "reports.cc_comments": "reports.manage",
    "reports.response": "reports.manage",
    "reports.publish": "reports.manage",
}


def decision(endpoint: str):
    """The endpoint's line in ROUTES as the access check sees it: PUBLIC or a Required."""
    line = ROUTES[endpoint]
    return line if line == PUBLIC or isinstance(line, Required) else Required(line)


def allowed_roles(endpoint: str) -> set[str]:
    """The roles let in: every role for a public endpoint, else the permission's holders."""
    line = decision(endpoint)
    return set(ROLES) if line == PUBLIC else set(roles_with(line.permission))


def refusal(endpoint: str) -> int:
    """The status a signed-in user is refused with when their role is not let in."""
    line = decision(endpoint)
    return 404 if line != PUBLIC and line.hidden else 403


def not_forbidden(endpoint: str) -> set[str]:
    """The roles not refused with 403: those let in and, for a hidden endpoint, every
    other role too (they get the 404 of a page that does not exist)."""
    return set(ROLES) if refusal(endpoint) == 404 else allowed_roles(endpoint)


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
    message_id: int = 1  # an email of the service itself (no office): the Outbox's id
    action: ActionItem | None = None
    report: HmicfrsReport | None = None


def world() -> World:
    org = create_org(name="World Force", code="WF")
    w = World(admin=create_user(role="admin", email="w-admin@example.org"),
              pcc=create_user(role="pcc", email="w-pcc@example.org"),
              respondent=create_user(role="respondent", email="w-resp@example.org", org=org),
              org=org)
    w.round = create_round(orgs=[org], status="open")
    w.response = w.round.responses[0]
    w.gap = create_gap(response=w.response, question_id="picture-rating", title="A gap")
    w.message_id = _service_message()
    w.report = create_report(org=org, title="World report")
    w.action = create_action(org=org, title="World action", report=w.report)
    return w


def _service_message() -> int:
    """A failed email of no office: the one Outbox message the service administrator
    reads (an admin's is of their office: theirs is a 404 to everyone else)."""
    from models import OutboxMessage, db

    message = OutboxMessage(kind="account.invite", to_address="w-new@example.org",
                            subject="World invitation", body_text="Body", body_html="",
                            context_json={}, status="failed", attempts=6)
    db.session.add(message)
    db.session.commit()
    return message.id


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
    "office_id": lambda w: w.org.office_id,
    "name": lambda w: "Organisations",  # a data feed entity set
    "token_id": lambda w: 1,
    "request_id": lambda w: 1,
    "part": lambda w: "purpose",
    "message_id": lambda w: w.message_id,
    "item_id": lambda w: _id(w.action),
    "report_id": lambda w: _id(w.report),
}

# Public pages whose address holds a secret (an emailed link's token): with a made-up
# one they answer 404, as for a page that does not exist.
PUBLIC_WITH_A_SECRET = {"account.accept_invitation", "account.reset_password"}

# Endpoint -> its own values, when the names above are not enough.
ENDPOINT_VALUES: dict[str, Callable[[World], dict]] = {}

# Views exempt from the global CSRF check because they check the token themselves, after
# the access check, to keep what was typed (views/csrf_keep.py, views/respond/keeping.py).
# Without a valid token they must still change nothing, and answer with no success.
OWN_CSRF_CHECK = {
    "auth.sign_in", "auth.change_password",
    "respond.section", "respond.autosave", "respond.submit",
    "questionnaires.upload", "questionnaires.store", "rounds.new", "rounds.change",
    "notes_edit.part", "notes_edit.correct",
    "review.return_response", "review.add_information",
    "admin_people.orgs", "admin_people.edit_org", "admin_people.new_user",
    "admin_people.edit_user", "offices.index", "offices.new_admin", "verdicts.record",
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


# --- the table matches the app --------------------------------------------------------


def test_every_route_has_a_line_and_every_line_a_route(app):
    in_app = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(in_app - set(ROUTES))
    gone = sorted(set(ROUTES) - in_app)
    assert not missing, f"routes with no line in ROUTES (add one each): {missing}"
    assert not gone, f"lines in ROUTES whose route has gone (remove them): {gone}"


def test_every_view_declares_the_decision_in_the_table(app):
    with app.test_request_context():
        wrong = {e: (access_for(e), decision(e)) for e in ROUTES
                 if access_for(e) is None or access_for(e) != decision(e)}
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


# Public endpoints that answer 404 unless a setting turns them on (PUBLIC_NOTES=1);
# tests/views/test_public_notes.py asks them with it on.
OFF_BY_DEFAULT = {"public_notes.index", "public_notes.show", "public_notes.download",
                  "public_notes.feed"}


def test_anonymous_requests_go_to_sign_in_unless_public(app, client):
    w = world()
    release_db()
    for endpoint in endpoints(app, "GET"):
        url = url_for_endpoint(app, endpoint, w)
        response = get(client, url)
        location = response.headers.get("Location", "")
        if endpoint in OFF_BY_DEFAULT or endpoint in PUBLIC_WITH_A_SECRET:
            assert response.status_code == 404, f"{url}: {response.status_code}"
        elif ROUTES[endpoint] == PUBLIC:
            assert response.status_code in (200, 304), f"{url}: {response.status_code}"
        elif decision(endpoint).api:  # the data feed: 401 saying how to authenticate
            assert response.status_code == 401 and "Basic" in response.headers.get(
                "WWW-Authenticate", ""), f"anonymous GET {url}: {response.status_code}"
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
        allowed = role in allowed_roles(endpoint)
        if not allowed and status != refusal(endpoint):
            problems.append(f"{role} GET {url}: {status}, expected {refusal(endpoint)}")
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
