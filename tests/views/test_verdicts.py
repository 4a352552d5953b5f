"""Verdict pages: recording, the form's errors, sign-off, history, confidence beside the
verdict on the review page and the round page, and access (other office: 404)."""

from __future__ import annotations

from datetime import date

import pytest

from models import Verdict, db
from tests.db import (
    create_action,
    create_office,
    create_org,
    create_response,
    create_round,
    create_user,
)
from tests.helpers import sign_in
from workflows import verdicts

GOOD = {"level": "partly_assured", "rationale": "The plan is new.", "source": "opcc"}


@pytest.fixture
def judged(app, org, respondent):
    round_ = create_round(title="CSE assurance September 2016", meeting_date=date(2016, 9, 22),
                          status="closed")
    return create_response(round_=round_, org=org, status="submitted", by=respondent,
                           answers={"picture-now": "Profiles.", "picture-rating": 4})


def test_admin_records_a_verdict_and_sees_it_beside_the_confidence(
        judged, admin, client, client_request, page_text):
    sign_in(client, admin)
    page = client_request.get("verdicts.record", response_id=judged.id, section_id="picture")
    assert page.select_one("h1").get_text(strip=True).endswith("“The current picture”")
    client_request.post("verdicts.record", response_id=judged.id, section_id="picture",
                        _data=GOOD, _expected_redirect=(
                            "verdicts.response_page", {"response_id": judged.id}))
    page = client_request.get("verdicts.response_page", response_id=judged.id)
    text = page_text(page.select_one("#v-picture"))
    assert "The force is confident; the OPCC is partly assured." in text
    assert "They disagree" in text and "Awaiting sign-off" in text
    review = client_request.get("review.response", response_id=judged.id)
    pair = page_text(review.select_one("[data-verdict-pair]"))
    assert "The force's confidence 4 – Confident" in pair
    assert "The OPCC's verdict Partly assured" in pair
    rnd = client_request.get("verdicts.round_page", round_id=judged.round_id)
    assert "1 place where the force's confidence and the OPCC's verdict disagree" in page_text(rnd)


def test_bad_input_is_shown_with_errors_and_nothing_lost(judged, admin, client, client_request,
                                                         page_text):
    sign_in(client, admin)
    page = client_request.post("verdicts.record", response_id=judged.id, section_id="picture",
                               _data={"rationale": "Kept text", "source": "hmicfrs"},
                               _expected_status=200)
    summary = page_text(page.select_one(".govuk-error-summary"))
    assert "Select whether the OPCC is assured" in summary
    assert "Enter the reference of the independent source" in summary
    assert page.select_one("#rationale").get_text() == "Kept text"
    assert page.select_one("input[name=source][value=hmicfrs]").has_attr("checked")
    assert db.session.query(Verdict).count() == 0


def test_recording_before_the_meeting_is_refused(app, org, admin, client, client_request,
                                                 page_text):
    response = create_response(round_=create_round(status="open"), org=org, status="submitted")
    sign_in(client, admin)
    client_request.post("verdicts.record", response_id=response.id, section_id="picture",
                        _data=GOOD, _expected_redirect=(
                            "verdicts.response_page", {"response_id": response.id}))
    page = client_request.get("verdicts.response_page", response_id=response.id)
    assert "Verdicts are recorded after the meeting" in page_text(page)
    assert db.session.query(Verdict).count() == 0


def test_pcc_signs_off_and_a_later_change_is_a_new_version(judged, admin, pcc, client,
                                                          client_request, page_text):
    v = verdicts.record_verdict(judged, "picture", verdicts.VerdictInput(**GOOD), user=admin)
    sign_in(client, pcc)
    page = client_request.get("verdicts.sign_off", response_id=judged.id)
    assert "The current picture: Partly assured (version 1)" in page_text(page)
    seen = page.select_one("input[name=seen]")["value"]
    client_request.post("verdicts.sign_off", response_id=judged.id, _data={"seen": seen},
                        _expected_redirect=("verdicts.response_page", {"response_id": judged.id}))
    db.session.refresh(v)
    assert v.status == "signed_off"
    sign_in(client, admin)
    page = client_request.get("verdicts.record", response_id=judged.id, section_id="picture")
    assert "saving records version 2" in page_text(page)
    client_request.post("verdicts.record", response_id=judged.id, section_id="picture",
                        _data={**GOOD, "level": "assured", "edits": "0"},
                        _expected_redirect="verdicts.response_page")
    page = client_request.get("verdicts.record", response_id=judged.id, section_id="picture")
    history = page_text(page.select_one("#history").find_parent())
    assert "Version 2: Assured Awaiting sign-off" in history
    assert "Version 1: Partly assured Signed off" in history


def test_a_question_verdict(judged, admin, client, client_request, page_text):
    sign_in(client, admin)
    client_request.post("verdicts.record", response_id=judged.id, section_id="picture",
                        question="picture-rating", _data={
                            **GOOD, "source": "internal_audit", "reference": "IA 2016/3"},
                        _expected_redirect="verdicts.response_page")
    page = client_request.get("verdicts.response_page", response_id=judged.id)
    text = page_text(page.select_one("#v-picture-picture-rating"))
    assert "Independent: internal audit: IA 2016/3" in text
    client_request.get("verdicts.record", response_id=judged.id, section_id="picture",
                       question="no-such", _expected_status=404)
    review = client_request.get("review.response", response_id=judged.id)
    pairs = review.select("#q-picture-rating [data-verdict-pair]")
    assert len(pairs) == 1 and "Partly assured" in page_text(pairs[0])


def test_respondents_have_no_verdict_pages(judged, respondent, client, client_request):
    sign_in(client, respondent)
    for endpoint in ("verdicts.response_page", "verdicts.sign_off"):
        client_request.get(endpoint, response_id=judged.id, _expected_status=403)
    client_request.get("verdicts.record", response_id=judged.id, section_id="picture",
                       _expected_status=403)
    client_request.get("verdicts.map_page", _expected_status=403)
    review = client_request.get("review.response", response_id=judged.id)
    assert review.select_one("[data-verdict-pair]") is None


def test_pcc_cannot_record_and_admin_cannot_sign_off(judged, admin, pcc, client, client_request):
    sign_in(client, pcc)
    client_request.post("verdicts.record", response_id=judged.id, section_id="picture",
                        _data=GOOD, _expected_status=403)
    sign_in(client, admin)
    client_request.post("verdicts.sign_off", response_id=judged.id, _data={"seen": "1:0"},
                        _expected_status=403)
    assert db.session.query(Verdict).count() == 0


@pytest.mark.parametrize("role", ["admin", "pcc"])
def test_another_offices_verdicts_are_404(judged, admin, client, client_request, role):
    verdicts.record_verdict(judged, "picture", verdicts.VerdictInput(**GOOD), user=admin)
    elsewhere = create_office(name="Elsewhere OPCC", code="ELSE")
    sign_in(client, create_user(role=role, office=elsewhere))
    client_request.get("verdicts.response_page", response_id=judged.id, _expected_status=404)
    client_request.get("verdicts.round_page", round_id=judged.round_id, _expected_status=404)
    if role == "admin":
        client_request.get("verdicts.record", response_id=judged.id, section_id="picture",
                           _expected_status=404)
    else:
        client_request.get("verdicts.sign_off", response_id=judged.id, _expected_status=404)
    page = client_request.get("verdicts.map_page")
    assert "CSE assurance" not in page.get_text() and judged.organisation.name not in \
        page.get_text()


def test_the_map_shows_cells_with_words_and_filters(judged, admin, pcc, client, client_request,
                                                    page_text):
    verdicts.record_verdict(judged, "picture", verdicts.VerdictInput(**GOOD), user=admin)
    other = create_org(name="Another Force")
    create_response(round_=judged.round, org=other, status="accepted",
                    answers={"picture-now": "x", "picture-rating": 1})
    sign_in(client, pcc)
    page = client_request.get("verdicts.map_page")
    tables = page.select("table[data-map]")
    assert [t.caption.get_text(strip=True) for t in tables] == [
        "Another Force", judged.organisation.name]
    cell = tables[1].select("tbody tr")[0].select("td")[0]
    assert "Partly assured" in page_text(cell) and "Force: 4 – Confident" in page_text(cell)
    assert "They disagree" in page_text(cell)
    assert cell.a["href"].endswith(f"/responses/{judged.id}#s-picture")
    figures = page.select("table[data-figures] tbody tr")
    assert len(figures) == 4  # two organisations, two sections, one meeting
    page = client_request.get("verdicts.map_page", verdict="partly_assured")
    assert [t.caption.get_text(strip=True) for t in page.select("table[data-map]")] == [
        judged.organisation.name]
    assert len(page.select("table[data-map] tbody tr")) == 1
    page = client_request.get("verdicts.map_page", organisation=str(other.id))
    assert [t.caption.get_text(strip=True) for t in page.select("table[data-map]")] == [
        "Another Force"]


def test_a_stale_token_keeps_the_verdict_as_typed(judged, admin, csrf_client):
    from tests.helpers import check_html, release_db, sign_in_with_csrf

    def count():
        found = db.session.query(Verdict).count()
        release_db()
        return found

    response_id = judged.id
    release_db()
    sign_in_with_csrf(csrf_client, admin)
    res = csrf_client.post(f"/responses/{response_id}/sections/picture/verdict", data={
        **GOOD, "rationale": "Typed before the token expired", "csrf_token": "stale"})
    assert res.status_code == 400
    page = check_html(res.get_data(as_text=True))
    assert "Your session security token expired" in page.select_one(
        ".govuk-error-summary").get_text()
    assert page.select_one("#rationale").get_text() == "Typed before the token expired"
    assert page.select_one("input[name=level][value=partly_assured]").has_attr("checked")
    token = page.select_one("input[name=csrf_token]")["value"]
    assert count() == 0
    res = csrf_client.post(f"/responses/{response_id}/sections/picture/verdict",
                           data={**GOOD, "csrf_token": token})
    assert res.status_code == 302 and count() == 1


def test_the_round_pages_link_to_the_verdicts(judged, pcc, client, client_request):
    sign_in(client, pcc)
    href = f"/rounds/{judged.round_id}/verdicts"
    for endpoint in ("pcc.changes", "review.round_responses"):
        page = client_request.get(endpoint, round_id=judged.round_id)
        assert page.select_one(f"a[href='{href}']") is not None, endpoint


def test_the_pccs_home_lists_verdicts_awaiting_sign_off(judged, admin, pcc, client,
                                                       client_request, page_text):
    sign_in(client, pcc)
    home = client_request.get("main.home")
    assert "No verdicts are waiting for your sign-off." in page_text(home)
    v = verdicts.record_verdict(judged, "picture", verdicts.VerdictInput(**GOOD), user=admin)
    verdicts.record_verdict(judged, "partners", verdicts.VerdictInput(**GOOD), user=admin)
    home = client_request.get("main.home")
    [item] = home.select("[data-sign-off] li")
    assert item.a.get_text() == f"{judged.organisation.name} – CSE assurance September 2016"
    assert page_text(item).endswith("meeting on 22 September 2016: 2 verdicts")
    verdicts.sign_off(judged, [(v.id, 0)], user=pcc)
    home = client_request.get("main.home")
    assert page_text(home.select_one("[data-sign-off] li")).endswith(": 1 verdict")


def test_the_map_counts_the_registers_actions(judged, pcc, client, client_request, page_text):
    key = "small-assurance"
    create_action(org=judged.organisation, round_=judged.round, questionnaire_key=key,
                  questions=("picture-rating",), due_date=date(2017, 1, 1))
    create_action(org=judged.organisation, round_=judged.round, questionnaire_key=key)
    elsewhere = create_org(name="Elsewhere Force", office=create_office(name="E", code="E"))
    create_action(org=elsewhere, questionnaire_key=key, questions=("picture-rating",))
    sign_in(client, pcc)
    page = client_request.get("verdicts.map_page")
    cell = page.select_one("table[data-map] tbody tr td")
    assert "1 open action, 1 overdue" in page_text(cell)
    other = page.select_one("[data-other-actions]")
    assert "linked to no section shown: 1 open action" in page_text(other)
    assert other.a["href"].endswith(f"organisation={judged.organisation_id}")
    figures = [page_text(td) for td in page.select("table[data-figures] tbody tr")[0]("td")]
    assert figures[-3:-1] == ["1", "1"]
