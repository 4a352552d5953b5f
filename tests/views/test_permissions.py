"""The permissions table and can(): who holds each permission, the object rules (a
respondent's own organisation, a planned round's responses, draft notes), and that every
permission named in the code is in the table and every line of the table is used."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask_login import AnonymousUserMixin, login_user

from models import ROLES, db
from models.permissions import (
    ALL,
    OWN,
    PERMISSIONS,
    NotPermitted,
    UnknownPermission,
    can,
    organisation_limit,
    require,
    roles_with,
    scope,
)
from tests.db import create_gap, create_org, create_round, create_user
from views.access import requires

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ("views", "workflows", "exports", "forms", "models")

# Who holds what, written out once more: changing a right means changing both.
EXPECTED = {
    "account.own": {"admin": ALL, "pcc": ALL, "respondent": ALL, "service_admin": ALL},
    "home.view": {"admin": ALL, "pcc": ALL, "respondent": ALL, "service_admin": ALL},
    "offices.manage": {"service_admin": ALL},
    "users.manage": {"admin": ALL},
    "orgs.manage": {"admin": ALL},
    "audit.view": {"admin": ALL},
    "questionnaire.view": {"admin": ALL, "pcc": ALL},
    "questionnaire.load": {"admin": ALL},
    "round.view": {"admin": ALL, "pcc": ALL},
    "round.create": {"admin": ALL},
    "round.move": {"admin": ALL},
    "round.change": {"admin": ALL},
    "response.list": {"admin": ALL, "pcc": ALL},
    "response.view": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "response.see_unsubmitted": {"respondent": OWN},
    "response.edit": {"respondent": OWN},
    "response.submit": {"respondent": OWN},
    "response.return": {"admin": ALL},
    "response.accept": {"admin": ALL},
    "response.add_information": {"respondent": OWN},
    "response.request_information": {"admin": ALL},
    "gaps.view": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "trends.view": {"admin": ALL, "pcc": ALL},
    "export.round": {"admin": ALL, "pcc": ALL},
    "export.trends": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "notes.view": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "notes.view_unpublished": {"admin": ALL},
    "notes.publish": {"admin": ALL},
    "notes.edit": {"admin": ALL},
    "library.view": {"admin": ALL, "pcc": ALL},
    "library.publish": {"admin": ALL},
    "library.adopt": {"admin": ALL},
    "office.settings": {"admin": ALL},
    "benchmark.view": {"admin": ALL, "pcc": ALL},
    "feed.read": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "tokens.own": {"admin": ALL, "pcc": ALL, "respondent": ALL},
    "tokens.manage": {"admin": ALL},
    "verdict.view": {"admin": ALL, "pcc": ALL},
    "verdict.record": {"admin": ALL},
    "verdict.sign_off": {"pcc": ALL},
    "mail.outbox": {"admin": ALL, "service_admin": ALL},
    "mail.resend": {"admin": ALL, "service_admin": ALL},
    "actions.view": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "actions.update": {"admin": ALL, "respondent": OWN},
    "actions.manage": {"admin": ALL},
    "export.register": {"admin": ALL, "pcc": ALL},
    "reports.view": {"admin": ALL, "pcc": ALL},
    "reports.manage": {"admin": ALL},
}


class Someone:
    """A user as can() sees one: a role, an organisation and an office (None: the office
    check is not what the test is about)."""

    def __init__(self, role: str | None, organisation_id: int | None = None,
                 office_id: int | None = None):
        self.role, self.organisation_id, self.office_id = role, organisation_id, office_id


# --- the table ------------------------------------------------------------------------


def test_the_table_gives_each_role_exactly_the_expected_rights():
    assert {p: dict(r) for p, r in PERMISSIONS.items()} == EXPECTED


def test_the_table_names_only_known_roles_and_scopes():
    for permission, holders in PERMISSIONS.items():
        assert holders, f"{permission} is held by nobody"
        assert set(holders) <= set(ROLES), permission
        assert set(holders.values()) <= {ALL, OWN}, permission
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", permission), permission


@pytest.mark.parametrize("permission", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_can_without_an_object_is_holding_the_permission(permission, role):
    user = Someone(role, organisation_id=7)
    assert can(user, permission) is (role in EXPECTED[permission])
    assert scope(user, permission) == EXPECTED[permission].get(role)
    assert roles_with(permission) == frozenset(EXPECTED[permission])


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_nobody_signed_out_and_no_system_user_holds_anything(permission):
    assert not can(AnonymousUserMixin(), permission)
    assert not can(None, permission)


def test_unknown_permissions_fail_loudly():
    with pytest.raises(UnknownPermission):
        can(Someone("admin"), "response.delete")
    with pytest.raises(UnknownPermission):
        roles_with("round.destroy")
    with pytest.raises(UnknownPermission):
        requires("notes.burn")  # at import time, when a view is decorated


def test_organisation_limit_is_the_own_organisation_only_for_own_scopes():
    respondent = Someone("respondent", organisation_id=7)
    assert organisation_limit(respondent, "gaps.view") == 7
    assert organisation_limit(respondent, "export.trends") == 7
    assert organisation_limit(Someone("pcc", 3), "gaps.view") is None
    assert organisation_limit(respondent, "trends.view") is None  # not held at all


def test_require_lets_the_system_through_and_refuses_others():
    require(None, "users.manage")
    require(Someone("admin"), "users.manage")
    with pytest.raises(NotPermitted):
        require(Someone("pcc"), "users.manage")
    with pytest.raises(NotPermitted):
        require(None, "users.manage", system=False)


# --- the object rules -------------------------------------------------------------------


@pytest.fixture
def two_orgs(app):
    ours, theirs = create_org(name="West Mercia Police"), create_org(name="Warwickshire Police")
    own = create_user(role="respondent", org=ours, email="own@example.org")
    return ours, theirs, own


OWN_RESPONSE_RIGHTS = ("response.view", "response.see_unsubmitted", "response.edit",
                       "response.submit", "response.add_information")


def test_a_respondent_acts_only_on_their_own_organisations_responses(two_orgs):
    ours, theirs, own = two_orgs
    rnd = create_round(orgs=[ours, theirs], status="open")
    mine, other = sorted(rnd.responses, key=lambda r: r.organisation_id != ours.id)
    for permission in OWN_RESPONSE_RIGHTS:
        assert can(own, permission, mine), permission
        assert not can(own, permission, other), permission
    for permission in ("response.return", "response.accept", "response.list"):
        assert not can(own, permission, mine), permission


def test_admins_and_the_pcc_see_every_response_but_only_admins_review(two_orgs):
    ours, theirs, _ = two_orgs
    response = create_round(orgs=[theirs], status="planned").responses[0]
    admin, pcc = Someone("admin"), Someone("pcc")
    assert can(admin, "response.view", response) and can(pcc, "response.view", response)
    assert can(admin, "response.return", response) and can(admin, "response.accept", response)
    assert not can(pcc, "response.return", response)
    assert not can(pcc, "response.accept", response)
    for permission in ("response.edit", "response.submit", "response.add_information",
                       "response.see_unsubmitted"):
        assert not can(admin, permission, response) and not can(pcc, permission, response)


def test_a_respondent_does_not_see_a_response_to_a_planned_round(two_orgs):
    ours, _, own = two_orgs
    planned = create_round(orgs=[ours], status="planned").responses[0]
    assert not can(own, "response.view", planned)
    planned.round.status = "open"  # as can() sees it, unsaved
    assert can(own, "response.view", planned)
    db.session.rollback()


def test_gaps_and_organisations_belong_to_their_organisation(two_orgs):
    ours, theirs, own = two_orgs
    rnd = create_round(orgs=[ours, theirs], status="open")
    by_org = {r.organisation_id: r for r in rnd.responses}
    gap_ours = create_gap(response=by_org[ours.id], question_id="picture-rating", title="Ours")
    gap_theirs = create_gap(response=by_org[theirs.id], question_id="picture-rating", title="Theirs")
    assert can(own, "gaps.view", gap_ours) and not can(own, "gaps.view", gap_theirs)
    assert can(own, "export.trends", ours) and not can(own, "export.trends", theirs)
    assert can(Someone("pcc"), "gaps.view", gap_theirs)
    assert can(Someone("pcc"), "export.trends", theirs)


def test_a_respondent_without_an_organisation_owns_nothing(two_orgs):
    ours, _, _ = two_orgs
    response = create_round(orgs=[ours], status="open").responses[0]
    assert not can(Someone("respondent", None), "response.view", response)


@pytest.mark.parametrize("status, admin, pcc, asked, not_asked", [
    ("planned", False, False, False, False),
    ("open", False, False, False, False),
    ("closed", True, False, False, False),  # a draft: admins check it before publishing
    ("published", True, True, True, False),
])
def test_who_reads_a_rounds_notes(two_orgs, status, admin, pcc, asked, not_asked):
    ours, theirs, own = two_orgs
    rnd = create_round(orgs=[ours], status=status)
    other = create_user(role="respondent", org=theirs, email="other@example.org")
    assert can(Someone("admin"), "notes.view", rnd) is admin
    assert can(Someone("pcc"), "notes.view", rnd) is pcc
    assert can(own, "notes.view", rnd) is asked
    assert can(other, "notes.view", rnd) is not_asked


def test_only_admins_publish_notes_and_move_rounds(two_orgs):
    ours, _, own = two_orgs
    rnd = create_round(orgs=[ours], status="closed")
    assert can(Someone("admin"), "notes.publish", rnd) and can(Someone("admin"), "round.move", rnd)
    for user in (Someone("pcc"), own):
        assert not can(user, "notes.publish", rnd) and not can(user, "round.move", rnd)


def test_an_object_without_an_organisation_rule_is_a_programming_error():
    with pytest.raises(TypeError):
        can(Someone("respondent", 1), "gaps.view", object())


# --- the templates' can() -------------------------------------------------------------


def test_templates_ask_can_for_the_signed_in_user(app, admin, pcc, respondent):
    template = app.jinja_env.from_string(
        '{{ can("round.move") }} {{ can("trends.view") }} {{ can("response.edit") }}')
    with app.test_request_context():
        assert template.render() == "False False False"  # nobody signed in
    for user, expected in ((admin, "True True False"), (pcc, "False True False"),
                           (respondent, "False False True")):
        with app.test_request_context():
            login_user(user)
            assert template.render() == expected, user.role


# --- every name in the code is in the table, and every line of the table is used ----------

NAMED = re.compile(
    r"""(?:requires|can|require|roles_with|organisation_limit|scope)\(\s*"""
    r"""(?:[\w.]+\s*,\s*)?["']([a-z_]+\.[a-z_]+)["']""")


def _named_permissions() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    paths = [p for d in APP_DIRS for p in (ROOT / d).rglob("*.py")]
    paths += list((ROOT / "templates").rglob("*.html"))
    for path in paths:
        for name in NAMED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_permission_named_in_the_code_is_in_the_table():
    named = _named_permissions()
    unknown = {n: sorted(where) for n, where in named.items() if n not in PERMISSIONS}
    assert not unknown, f"permissions not in models/permissions.py: {unknown}"


def test_every_permission_in_the_table_is_used():
    named = _named_permissions()
    unused = sorted(set(PERMISSIONS) - set(named))
    assert not unused, f"permissions no view, workflow or template asks for: {unused}"


def test_the_permissions_module_imports_only_models_of_the_app():
    tree = ast.parse((ROOT / "models" / "permissions.py").read_text(encoding="utf-8"))
    imported = {(node.module or "").split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)}
    imported |= {a.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for a in node.names}
    assert imported <= {"__future__", "models", "sqlalchemy"}, imported


def test_importing_the_views_package_has_no_side_effects():
    code = ("import sys, views, models.permissions, workflows.responses; "
            "print(sorted(m for m in sys.modules if m.startswith('views.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={"ASSURANCE_NO_DEFAULT_APP": "1", "PATH": ""}, check=True)
    assert out.stdout.strip() == "[]"
