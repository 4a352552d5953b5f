"""`flask users ...`, `flask orgs ...` and `flask demo`, through Click's test runner."""

from __future__ import annotations

from sqlalchemy import select

from models import AuditEvent, Organisation, User, db
from tests.db import PASSWORD, create_org
from tests.helpers import db_snapshot, session_cookie, sign_in
from workflows import accounts


def run(runner, *args: str, input: str | None = None):
    return runner.invoke(args=list(args), input=input)


def user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


# --- users create ---------------------------------------------------------------------


def test_create_prompts_for_the_password_twice(runner):
    result = run(runner, "users", "create", "--email", "Ada@OPCC.example.org", "--name", "Ada",
                 "--role", "admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Created admin ada@opcc.example.org" in result.output
    assert PASSWORD not in result.output  # hidden as typed
    assert accounts.authenticate("ada@opcc.example.org", PASSWORD).user is not None


def test_create_with_a_mismatched_confirmation_asks_again(runner):
    result = run(runner, "users", "create", "--email", "a@example.org", "--name", "A",
                 "--role", "pcc", input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output.lower() or "don't match" in result.output.lower()


def test_create_reads_one_line_from_stdin(runner):
    org = create_org(name="West Mercia Police", code="WMP")
    result = run(runner, "users", "create", "--email", "lead@wmp.example.org", "--name", "Lead",
                 "--role", "respondent", "--org", "wmp", "--password-stdin",
                 input="  spaces are kept  \nignored second line\n")
    assert result.exit_code == 0, result.output
    assert "for West Mercia Police" in result.output
    created = user("lead@wmp.example.org")
    assert created.organisation_id == org.id
    assert accounts.authenticate("lead@wmp.example.org", "  spaces are kept  ").user is not None


def test_a_respondent_can_name_the_organisation_in_full(runner):
    create_org(name="Shropshire Local Policing Area", code="SH")
    result = run(runner, "users", "create", "--email", "s@example.org", "--name", "S",
                 "--role", "respondent", "--org", "shropshire local policing area",
                 "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output


def test_a_respondent_needs_an_org_and_is_told_before_typing_a_password(runner):
    result = run(runner, "users", "create", "--email", "r@example.org", "--name", "R",
                 "--role", "respondent", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 1
    assert "A respondent needs --org" in result.output
    assert "Password" not in result.output
    assert user("r@example.org") is None


def test_an_unknown_org_is_named(runner):
    result = run(runner, "users", "create", "--email", "r@example.org", "--name", "R",
                 "--role", "respondent", "--org", "Atlantis", "--password-stdin",
                 input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "No organisation named or coded 'Atlantis'" in result.output


def test_a_bad_role_lists_the_roles(runner):
    result = run(runner, "users", "create", "--email", "x@example.org", "--name", "X",
                 "--role", "superuser", "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 2
    assert "'superuser' is not one of 'admin', 'pcc', 'respondent'" in result.output


def test_a_weak_password_is_refused_with_the_reason(runner):
    for password, reason in (("short", "8 characters or more"), ("password123", "too common")):
        result = run(runner, "users", "create", "--email", "x@example.org", "--name", "X",
                     "--role", "pcc", "--password-stdin", input=password + "\n")
        assert result.exit_code == 1
        assert reason in result.output
    assert user("x@example.org") is None


def test_a_duplicate_email_is_refused(runner, pcc):
    result = run(runner, "users", "create", "--email", "PCC@example.org", "--name", "X",
                 "--role", "pcc", "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "already exists" in result.output


# --- users list and disable -----------------------------------------------------------


def test_list_shows_every_user(runner, admin, respondent):
    accounts.disable_user(admin)
    result = run(runner, "users", "list")
    assert result.exit_code == 0
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert ["admin@example.org", "Ada Admin", "admin", "-", "disabled"] in lines
    assert ["lead@force.example.org", "Rae Respondent", "respondent",
            respondent.organisation.name, "active"] in lines


def test_disable_ends_the_users_sessions(runner, client, pcc):
    sign_in(client, pcc)
    assert client.get("/").status_code == 200
    copied = session_cookie(client)
    result = run(runner, "users", "disable", "--email", "PCC@example.org")
    assert result.exit_code == 0 and "Disabled pcc@example.org" in result.output
    assert client.get("/").status_code == 302
    client.set_cookie("assurance_session", copied)
    assert client.get("/").status_code == 302
    assert client.post("/sign-in", data={"email": "pcc@example.org",
                                         "password": PASSWORD}).status_code == 200
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.disable")).one()
    assert event.actor == "cli"


def test_disable_an_unknown_user(runner):
    result = run(runner, "users", "disable", "--email", "ghost@example.org")
    assert result.exit_code == 1 and "No user with the email ghost@example.org" in result.output


# --- orgs -----------------------------------------------------------------------------


def test_orgs_create_and_list(runner):
    result = run(runner, "orgs", "create", "--name", "West Mercia Police", "--kind", "force",
                 "--code", "WMP")
    assert result.exit_code == 0 and "Created force West Mercia Police (WMP)" in result.output
    result = run(runner, "orgs", "create", "--name", "Office of the PCC", "--kind", "opcc")
    assert result.exit_code == 0, result.output
    listed = run(runner, "orgs", "list").output.splitlines()
    assert [line.split("\t")[1:] for line in listed] == [
        ["Office of the PCC", "-", "opcc"], ["West Mercia Police", "WMP", "force"]]


def test_orgs_create_refuses_duplicates_and_bad_kinds(runner):
    create_org(name="West Mercia Police", code="WMP")
    result = run(runner, "orgs", "create", "--name", "west mercia police", "--kind", "force")
    assert result.exit_code == 1 and "already called or coded" in result.output
    result = run(runner, "orgs", "create", "--name", "X", "--kind", "council")
    assert result.exit_code == 2 and "'council' is not one of 'opcc', 'force', 'other'" in result.output
    assert db.session.scalar(select(Organisation).where(Organisation.name == "X")) is None


# --- demo -----------------------------------------------------------------------------


def test_demo_loads_people_prints_sign_in_details_and_is_idempotent(app, runner):
    first = run(runner, "demo")
    assert first.exit_code == 0, first.output
    for email in ("admin@opcc.example.org", "pcc@opcc.example.org", "respondent@force.example.org"):
        assert email in first.output
    assert "Sign in at http://127.0.0.1:5000" in first.output
    passwords = {line.split()[1]: line.split("password: ")[1]
                 for line in first.output.splitlines() if "password: " in line}
    assert len(passwords) == 3
    orgs = {o.code: o.kind for o in db.session.scalars(select(Organisation))}
    assert {"OPCC": "opcc", "WMP": "force", "TW-LPA": "other", "SH-LPA": "other"}.items() <= orgs.items()
    roles = {u.email: u.role for u in db.session.scalars(select(User))}
    assert roles["respondent@force.example.org"] == "respondent"
    before = db_snapshot()

    second = run(runner, "demo")
    assert second.exit_code == 0, second.output
    assert db_snapshot() == before  # nothing changed
    for email, password in passwords.items():
        assert f"password: {password}" in second.output  # the same details again
        assert accounts.authenticate(email, password).user is not None


def test_demo_users_can_sign_in(app, runner, client):
    output = run(runner, "demo").output
    line = next(line for line in output.splitlines()
                if "respondent@force.example.org" in line and "password: " in line)
    password = line.split("password: ")[1]
    response = client.post("/sign-in", data={"email": "respondent@force.example.org",
                                              "password": password})
    assert response.status_code == 302
    assert "Your tasks" in client.get("/").get_data(as_text=True)
