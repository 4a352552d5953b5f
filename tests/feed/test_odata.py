"""The OData feed read as a client would: service document, $metadata as CSDL,
every set paged to its end, filters and counts against SQL, scoping by role."""

from __future__ import annotations

from lxml import etree
from sqlalchemy import func, select

from exports.odata import ENTITY_SETS
from models import Answer, Gap, Organisation, Response, Round, db
from tests.feed.conftest import Statements, basic, bearer, build_world

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"


def get(client, path: str, secret: str, **headers):
    return client.get(path, headers={**bearer(secret), **headers})


def every_row(client, set_name: str, secret: str, page_size: int = 2, query: str = "") -> list:
    """Follow @odata.nextLink to the end, as Power BI does."""
    rows, link, pages = [], f"/odata/{set_name}{query}", 0
    while link:
        response = get(client, link, secret, Prefer=f"odata.maxpagesize={page_size}")
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert len(body["value"]) <= page_size
        rows.extend(body["value"])
        link = body.get("@odata.nextLink", "").replace("http://localhost", "")
        pages += 1
        assert pages < 100
    return rows


def test_service_document_lists_every_set(client, feed):
    response = get(client, "/odata/", feed.tokens["pcc"])
    assert response.headers["OData-Version"] == "4.0"
    body = response.get_json()
    assert body["@odata.context"].endswith("/odata/$metadata")
    assert [s["name"] for s in body["value"]] == [
        "Organisations", "Questionnaires", "Questions", "Rounds", "Responses", "Answers",
        "Gaps", "GapEntries", "RatingsOverTime"]


def test_metadata_is_csdl_with_every_set_property_and_type(client, feed):
    response = get(client, "/odata/$metadata", feed.tokens["admin"])
    assert response.mimetype == "application/xml"
    root = etree.fromstring(response.data)
    types = {t.get("Name"): t for t in root.iter(f"{EDM}EntityType")}
    sets = {s.get("Name"): s.get("EntityType") for s in root.iter(f"{EDM}EntitySet")}
    for entity in ENTITY_SETS:
        assert sets[entity.name] == f"Assurance.{entity.type_name}"
        props = {p.get("Name"): p.get("Type") for p in types[entity.type_name].iter(
            f"{EDM}Property")}
        assert props == {p.name: p.edm for p in entity.props}
        assert types[entity.type_name].find(f"{EDM}Key/{EDM}PropertyRef").get(
            "Name") == entity.key
    assert {p.get("Type") for t in types.values() for p in t.iter(f"{EDM}Property")} >= {
        "Edm.Date", "Edm.Int32", "Edm.String", "Edm.Boolean", "Edm.DateTimeOffset"}


def test_each_set_pages_to_its_end_with_every_row(client, feed):
    sql = {
        "Organisations": select(func.count()).select_from(Organisation).where(
            Organisation.office_id == feed.office.id),
        "Rounds": select(func.count()).select_from(Round).where(
            Round.office_id == feed.office.id),
        "Responses": select(func.count()).select_from(Response),
        # answers of responses submitted at least once: the draft's are not read
        "Answers": select(func.count()).select_from(Answer).join(Response).where(
            Response.submitted_at.is_not(None)),
        "Gaps": select(func.count()).select_from(Gap),
    }
    for name, query in sql.items():
        rows = every_row(client, name, feed.tokens["admin"])
        assert len(rows) == db.session.scalar(query), name
        assert len({r["Id"] for r in rows}) == len(rows), name
    for entity in ENTITY_SETS:  # and every other set reads to its end too
        assert every_row(client, entity.name, feed.tokens["admin"], page_size=3) is not None


def test_values_are_typed(client, feed):
    [row] = get(client, f"/odata/Rounds?$filter=Id eq {feed.rounds[0].id}",
                feed.tokens["pcc"]).get_json()["value"]
    assert row["MeetingDate"] == feed.rounds[0].meeting_date.isoformat()
    assert isinstance(row["Id"], int) and row["Invented"] is False
    answers = get(client, "/odata/Answers?$filter=QuestionId eq 'picture-rating'",
                  feed.tokens["pcc"]).get_json()["value"]
    assert all(isinstance(a["Rating"], int) for a in answers)
    labels = {a["Rating"]: (a["RatingLabel"], a["Rag"]) for a in answers}
    assert labels[1] == ("Not confident", "red") and labels[2] == ("Slightly confident", "red")
    [yes] = get(client, "/odata/Answers?$filter=QuestionId eq 'partners-engaging'&$top=1",
                feed.tokens["pcc"]).get_json()["value"]
    assert yes["Value"] == "Yes"


def test_filter_orderby_select_and_count_agree_with_sql(client, feed):
    first, second = feed.forces
    body = get(client, f"/odata/Answers?$filter=OrganisationId eq {first.id} and "
               "(Rating ge 2 or Rating eq null)&$orderby=Rating desc&$count=true"
               "&$select=Id,Rating", feed.tokens["admin"]).get_json()
    expected = db.session.scalar(
        select(func.count()).select_from(Answer).join(Response).where(
            Response.organisation_id == first.id, Response.submitted_at.is_not(None),
            (Answer.rating >= 2) | Answer.rating.is_(None)))
    assert body["@odata.count"] == expected == len(body["value"])
    assert all(set(r) == {"Id", "Rating"} for r in body["value"])
    ratings = [r["Rating"] for r in body["value"] if r["Rating"] is not None]
    assert ratings == sorted(ratings, reverse=True)
    count = get(client, f"/odata/Responses/$count?$filter=OrganisationId ne {second.id}",
                feed.tokens["admin"])
    assert count.get_data(as_text=True) == "2"
    dated = get(client, f"/odata/Rounds?$filter=MeetingDate gt "
                f"{feed.rounds[0].meeting_date.isoformat()}", feed.tokens["admin"])
    assert [r["Id"] for r in dated.get_json()["value"]] == [feed.rounds[1].id]


def test_top_and_skip_page_within_their_window(client, feed):
    ids = [r["Id"] for r in every_row(client, "Answers", feed.tokens["admin"], 100)]
    window = every_row(client, "Answers", feed.tokens["admin"], 2, "?$skip=1&$top=3")
    assert [r["Id"] for r in window] == ids[1:4]


def test_bad_query_options_get_a_clear_400(client, feed):
    for query, words in (("$filter=Nope eq 1", "no property Nope"),
                         ("$filter=Rating eq 'x'", "is not a value"),
                         ("$filter=Value eq 'x'", "cannot be used in $filter"),
                         ("$filter=Rating eq", "ends too soon"),
                         ("$orderby=Rating sideways", "asc or desc"),
                         ("$top=-1", "whole number"),
                         ("$expand=Gaps", "not supported"),
                         ("$filter=" + "not " * 30 + "Rating eq 1", "deep")):
        response = get(client, f"/odata/Answers?{query}", feed.tokens["admin"])
        assert response.status_code == 400, query
        assert words in response.get_json()["error"]["message"], query
    assert get(client, "/odata/Nothing", feed.tokens["admin"]).status_code == 404


def test_a_respondents_token_sees_only_their_organisation(client, feed):
    own, other = feed.forces
    token = feed.tokens["respondent"]
    orgs = every_row(client, "Organisations", token)
    assert [o["Id"] for o in orgs] == [own.id]
    for name in ("Responses", "Answers", "Gaps", "GapEntries", "RatingsOverTime"):
        rows = every_row(client, name, token)
        assert rows and {r["OrganisationId"] for r in rows} == {own.id}, name
    filtered = get(client, f"/odata/Answers?$filter=OrganisationId eq {other.id}&$count=true",
                   token).get_json()
    assert filtered["@odata.count"] == 0 and filtered["value"] == []


def test_a_draft_is_read_only_by_its_own_organisation(client, feed):
    draft = db.session.scalar(select(Response).where(Response.status == "draft"))
    admin = get(client, f"/odata/Answers?$filter=ResponseId eq {draft.id}", feed.tokens["admin"])
    assert admin.get_json()["value"] == []
    # the draft is the second force's; a respondent of that force reads its answers
    from tests.db import create_user
    from workflows.access_tokens import create_token

    theirs = create_user(role="respondent", org=feed.forces[1])
    secret = create_token(theirs, name="mine", days=5, by=theirs)[1]
    own = get(client, f"/odata/Answers?$filter=ResponseId eq {draft.id}", secret)
    assert len(own.get_json()["value"]) == 3


def test_another_offices_token_sees_nothing_of_this_office(client, feed):
    elsewhere = build_world(forces=1, rounds=1)
    rows = every_row(client, "Organisations", elsewhere.tokens["admin"])
    assert {r["Id"] for r in rows} == {elsewhere.forces[0].id} | {
        o.id for o in db.session.scalars(select(Organisation).where(
            Organisation.office_id == elsewhere.office.id))}
    assert not {r["Id"] for r in rows} & {f.id for f in feed.forces}


def test_basic_authentication_with_the_token_as_password(client, feed):
    response = client.get("/odata/Rounds", headers=basic(feed.tokens["pcc"]))
    assert response.status_code == 200 and len(response.get_json()["value"]) == 2


def test_a_page_costs_the_same_statements_at_any_scale(client, app):
    def statements(world) -> int:
        get(client, "/odata/", world.tokens["pcc"])  # the token's first use is audited
        with Statements() as counted:
            response = get(client, "/odata/RatingsOverTime?$count=true", world.tokens["pcc"],
                           Prefer="odata.maxpagesize=3")
            assert response.status_code == 200
            assert len(response.get_json()["value"]) == 3
        return counted.count

    small, large = build_world(forces=2, rounds=2), build_world(forces=6, rounds=4)
    assert statements(small) == statements(large)


def test_csv_download_has_the_same_rows(client, feed):
    response = get(client, "/data/Answers.csv?$select=Id,Rating", feed.tokens["admin"])
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "Id,Rating"
    assert len(lines) - 1 == len(every_row(client, "Answers", feed.tokens["admin"], 100))
