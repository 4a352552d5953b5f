from datetime import date

from models import Round, db
from tests.db import create_org, create_questionnaire_version, create_round


def test_rounds_list_prints_one_tab_separated_line_per_round(runner, org):
    version = create_questionnaire_version(sample="respond")
    first = create_round(through_workflows=True, orgs=[org], version=version,
                         title="CSE\tassurance  2016", meeting_date=date(2016, 9, 22),
                         status="published")
    second = create_round(through_workflows=True, orgs=[org], version=version,
                          title="CSE assurance 2017", meeting_date=date(2017, 3, 23),
                          status="planned")
    result = runner.invoke(args=["rounds", "list"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{second.id}\tCSE assurance 2017\t2017-03-23\tplanned\trespond-test@1",
        f"{first.id}\tCSE assurance 2016\t2016-09-22\tpublished\trespond-test@1",
    ]


def test_rounds_create_open_close_from_the_command_line(runner):
    create_questionnaire_version(sample="respond")
    create_org(name="West Mercia Police", code="WMP")
    result = runner.invoke(args=[
        "rounds", "create", "--title", "CSE assurance", "--questionnaire", "respond-test@1",
        "--meeting-date", "2016-09-22", "--deadline", "2016-09-08", "--org", "WMP",
        "--attendee", "John Campion|Police and Crime Commissioner (PCC)",
    ])
    assert result.exit_code == 0, result.output
    made = db.session.scalar(db.select(Round))
    assert made.status == "planned" and made.attendees[0].capacity == "Police and Crime Commissioner (PCC)"
    assert runner.invoke(args=["rounds", "open", str(made.id)]).exit_code == 0
    refused = runner.invoke(args=["rounds", "open", str(made.id)])
    assert refused.exit_code != 0 and "cannot be opened" in refused.output
    assert runner.invoke(args=["rounds", "close", str(made.id)]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Round, made.id).status == "closed"


def test_rounds_create_refuses_unknown_versions_and_organisations(runner):
    create_questionnaire_version(sample="respond")
    result = runner.invoke(args=["rounds", "create", "--title", "X", "--questionnaire", "nope@1",
                                 "--meeting-date", "2016-09-22", "--org", "WMP"])
    assert result.exit_code != 0 and "no questionnaire version" in result.output
    result = runner.invoke(args=["rounds", "create", "--title", "X", "--questionnaire", "respond-test@1",
                                 "--meeting-date", "2016-09-22", "--org", "NOPE"])
    assert result.exit_code != 0 and "no organisation" in result.output
    assert db.session.scalar(db.select(Round.id)) is None
