"""`flask offices ...` and the `--office CODE` option of the other commands."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import AuditEvent, Office, Organisation, Questionnaire, Round, User, db
from tests.db import (
    PASSWORD,
    create_office,
    create_org,
    create_questionnaire_version,
    create_round,
    create_user,
)

CSE = "questionnaires/cse-assurance.yaml"


def run(runner, *args: str, input: str | None = None):
    return runner.invoke(args=list(args), input=input)


def user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def two_offices():
    """Two offices, each with a force coded WMP (codes are unique within an office)."""
    north = create_office(name="North OPCC", code="NORTH")
    south = create_office(name="South OPCC", code="SOUTH")
    create_org(name="North Police", code="WMP", office=north)
    create_org(name="South Police", code="WMP", office=south)
    return north, south


# --- offices create and list ----------------------------------------------------------


def test_offices_create_makes_the_office_and_its_opcc(runner):
    result = run(runner, "offices", "create", "--name", "West Mercia PCC", "--code", "WMPCC")
    assert result.exit_code == 0, result.output
    assert "Created office WMPCC: West Mercia PCC" in result.output
    office = db.session.scalar(select(Office))
    opcc = db.session.scalar(select(Organisation).where(Organisation.office_id == office.id))
    assert (opcc.name, opcc.code, opcc.kind) == ("West Mercia PCC", "WMPCC", "opcc")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "office.create"))
    assert event.actor == "cli"


@pytest.mark.parametrize("args, message", [
    (["--name", "Other", "--code", "north"], "already has the code"),
    (["--name", "north opcc", "--code", "N2"], "already called"),
    (["--name", "Spaced", "--code", "A B"], "without spaces"),
    (["--name", " ", "--code", "X"], "Enter the office's name"),
])
def test_offices_create_refuses_bad_input_and_adds_nothing(runner, two_offices, args, message):
    before = count(Office)
    result = run(runner, "offices", "create", *args)
    assert result.exit_code == 1 and message in result.output, result.output
    assert count(Office) == before


def test_offices_list_prints_id_code_name_and_counts(runner, two_offices):
    north, south = two_offices
    create_user(role="admin", email="a@north.example.org", office=north)
    create_user(role="respondent", email="r@north.example.org",
                org=accounts_org("North Police"))
    result = run(runner, "offices", "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{north.id}\tNORTH\tNorth OPCC\t2\t2",  # its OPCC and its force; an admin, a lead
        f"{south.id}\tSOUTH\tSouth OPCC\t2\t0",
    ]


def accounts_org(name: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def test_offices_list_on_an_empty_service_says_so(runner):
    result = run(runner, "offices", "list")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no offices yet" in result.stderr


# --- one office: nothing to name ------------------------------------------------------


def test_on_an_empty_service_the_first_command_makes_the_office(runner):
    result = run(runner, "orgs", "create", "--name", "West Mercia Police", "--kind", "force",
                 "--code", "WMP")
    assert result.exit_code == 0, result.output
    assert count(Office) == 1
    assert run(runner, "orgs", "list").output.split("\t")[1] == "West Mercia Police"


def test_with_one_office_its_code_may_be_given_or_left_out(runner):
    office = create_office()
    for args in ([], ["--office", office.code.lower()]):
        listed = run(runner, "orgs", "list", *args)
        assert listed.exit_code == 0, listed.output
    result = run(runner, "orgs", "create", "--name", "A Force", "--kind", "force",
                 "--office", office.code)
    assert result.exit_code == 0, result.output


# --- several offices: say which, or be refused -----------------------------------------

REFUSED = [
    ["orgs", "list"],
    ["orgs", "create", "--name", "X Police", "--kind", "force"],
    ["users", "list"],
    ["users", "create", "--email", "x@example.org", "--name", "X", "--role", "admin",
     "--password-stdin"],
    ["users", "create", "--email", "x@example.org", "--name", "X", "--role", "respondent",
     "--org", "WMP", "--password-stdin"],
    ["questionnaire", "list"],
    ["questionnaire", "load", CSE],
    ["rounds", "list"],
    ["rounds", "create", "--title", "X", "--questionnaire", "small-assurance@1",
     "--meeting-date", "2027-03-18", "--org", "WMP"],
]


@pytest.mark.parametrize("args", REFUSED, ids=lambda a: " ".join(a[:2]))
def test_with_several_offices_a_command_without_office_refuses_to_guess(runner, two_offices,
                                                                        args):
    before = {m: count(m) for m in (Organisation, User, Questionnaire, Round)}
    result = run(runner, *args, input=PASSWORD + "\n")
    assert result.exit_code in (1, 2), result.output
    assert "several offices" in result.output and "--office" in result.output
    assert "NORTH" in result.output and "SOUTH" in result.output
    assert "Password" not in result.output
    assert {m: count(m) for m in before} == before


@pytest.mark.parametrize("args", REFUSED, ids=lambda a: " ".join(a[:2]))
def test_an_unknown_office_code_is_named(runner, two_offices, args):
    result = run(runner, *args, "--office", "ATLANTIS", input=PASSWORD + "\n")
    assert result.exit_code in (1, 2), result.output
    assert "No office has the code 'ATLANTIS'" in result.output
    assert "Traceback" not in result.output


def test_orgs_create_and_list_in_the_office_named(runner, two_offices):
    north, south = two_offices
    result = run(runner, "orgs", "create", "--name", "North LPA", "--kind", "other",
                 "--code", "NLPA", "--office", "north")
    assert result.exit_code == 0, result.output
    assert accounts_org("North LPA").office_id == north.id
    listed = run(runner, "orgs", "list", "--office", "NORTH").output.splitlines()
    assert [line.split("\t")[1:] for line in listed] == [
        ["North LPA", "NLPA", "other"], ["North OPCC", "NORTH", "opcc"],
        ["North Police", "WMP", "force"]]
    assert "North" not in run(runner, "orgs", "list", "--office", "SOUTH").output


def test_users_create_in_the_office_named(runner, two_offices):
    north, south = two_offices
    for role, email in (("admin", "a@south.example.org"), ("pcc", "p@south.example.org")):
        result = run(runner, "users", "create", "--email", email, "--name", "S",
                     "--role", role, "--office", "SOUTH", "--password-stdin",
                     input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
        assert user(email).office_id == south.id
    result = run(runner, "users", "create", "--email", "lead@south.example.org", "--name", "L",
                 "--role", "respondent", "--org", "wmp", "--office", "SOUTH",
                 "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0 and "for South Police" in result.output
    lead = user("lead@south.example.org")
    assert lead.office_id == south.id and lead.organisation.name == "South Police"


def test_a_respondents_org_is_looked_up_in_the_office_only(runner, two_offices):
    result = run(runner, "users", "create", "--email", "lead@example.org", "--name", "L",
                 "--role", "respondent", "--org", "North Police", "--office", "SOUTH",
                 "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "No organisation named or coded 'North Police' in office SOUTH" in result.output
    assert user("lead@example.org") is None


def test_users_list_shows_the_offices_users_only(runner, two_offices):
    north, south = two_offices
    create_user(role="admin", email="a@north.example.org", name="North Admin", office=north)
    create_user(role="pcc", email="p@south.example.org", name="South PCC", office=south)
    result = run(runner, "users", "list", "--office", "SOUTH")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["p@south.example.org\tSouth PCC\tpcc\t-\tactive"]


def test_questionnaire_load_and_list_in_the_office_named(runner, two_offices):
    north, south = two_offices
    result = run(runner, "questionnaire", "load", CSE, "--office", "NORTH")
    assert result.exit_code == 0, result.output
    stored = db.session.scalar(select(Questionnaire))
    assert stored.office_id == north.id
    assert run(runner, "questionnaire", "list", "--office", "NORTH").output.startswith(
        "cse-assurance\t1\t")
    listed = run(runner, "questionnaire", "list", "--office", "SOUTH")
    assert listed.stdout == "" and "No questionnaires are loaded." in listed.stderr
    # The same file in the other office is that office's own questionnaire, not "already loaded".
    again = run(runner, "questionnaire", "load", CSE, "--office", "SOUTH")
    assert again.exit_code == 0 and "already" not in again.output
    assert count(Questionnaire) == 2


def test_rounds_create_and_list_in_the_office_named(runner, two_offices):
    north, south = two_offices
    create_questionnaire_version(office=south)
    result = run(runner, "rounds", "create", "--title", "South CSE", "--questionnaire",
                 "small-assurance@1", "--meeting-date", "2027-03-18", "--org", "WMP",
                 "--office", "SOUTH")
    assert result.exit_code == 0, result.output
    made = db.session.scalar(select(Round))
    assert made.office_id == south.id
    assert [r.organisation.name for r in made.responses] == ["South Police"]
    listed = run(runner, "rounds", "list", "--office", "south").output.splitlines()
    assert listed == [f"{made.id}\tSouth CSE\t2027-03-18\tplanned\tsmall-assurance@1"]
    assert run(runner, "rounds", "list", "--office", "NORTH").output == ""


def test_rounds_create_finds_no_version_of_another_office(runner, two_offices):
    north, south = two_offices
    create_questionnaire_version(office=south)
    result = run(runner, "rounds", "create", "--title", "X", "--questionnaire",
                 "small-assurance@1", "--meeting-date", "2027-03-18", "--org", "WMP",
                 "--office", "NORTH")
    assert result.exit_code == 2 and "no questionnaire version" in result.output
    assert count(Round) == 0


def test_lists_of_one_office_keep_their_format(runner, org):
    version = create_questionnaire_version()
    made = create_round(through_workflows=True, orgs=[org], version=version,
                        title="CSE", meeting_date=date(2016, 9, 22), status="planned")
    assert run(runner, "rounds", "list").output == (
        f"{made.id}\tCSE\t2016-09-22\tplanned\t{version.label}\n")


# --- service administrators -----------------------------------------------------------


def test_users_create_a_service_administrator(runner, two_offices):
    result = run(runner, "users", "create", "--email", "Ops@Service.example.org", "--name", "Ops",
                 "--role", "service_admin", "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created service_admin ops@service.example.org" in result.output
    made = user("ops@service.example.org")
    assert made.office_id is None and made.organisation_id is None
    listed = run(runner, "users", "list", "--service-admins")
    assert listed.output.splitlines() == ["ops@service.example.org\tOps\tservice_admin\t-\tactive"]
    assert "ops@" not in run(runner, "users", "list", "--office", "NORTH").output


@pytest.mark.parametrize("extra", [["--office", "NORTH"], ["--org", "WMP"]])
def test_a_service_administrator_has_no_office_or_org(runner, two_offices, extra):
    result = run(runner, "users", "create", "--email", "ops@example.org", "--name", "Ops",
                 "--role", "service_admin", *extra, "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "belongs to no office: leave out --office and --org" in result.output
    assert user("ops@example.org") is None


def test_users_list_of_service_admins_takes_no_office(runner, two_offices):
    result = run(runner, "users", "list", "--service-admins", "--office", "NORTH")
    assert result.exit_code == 1 and "leave out --office" in result.output
