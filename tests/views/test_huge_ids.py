"""Ids beyond the database's integer range: a 404 in the path, a 400 in the query string,
never a 500 (the driver's overflow). One bounded converter replaces `int` app-wide."""

from __future__ import annotations

import pytest
from flask import url_for
from werkzeug.routing.converters import NumberConverter

from tests.helpers import release_db, sign_in
from tests.views.test_routes import ENDPOINT_VALUES, URL_VALUES, endpoints, world

MAX_ID = 2**31 - 1

HUGE = "99999999999999999999"
MARK = 123454321


def _huge_urls(app, w) -> list[str]:
    """Every GET route with an integer in its path, once for each integer, made huge."""
    urls = []
    for endpoint in endpoints(app, "GET"):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        ints = [n for n, c in rule._converters.items() if isinstance(c, NumberConverter)]
        values = {n: URL_VALUES[n](w) if n in URL_VALUES else 1 for n in rule.arguments}
        values.update(ENDPOINT_VALUES.get(endpoint, dict)(w) if endpoint in ENDPOINT_VALUES
                      else {})
        with app.test_request_context():
            urls += [url_for(endpoint, **dict(values, **{n: MARK})).replace(str(MARK), HUGE)
                     for n in ints]
    return urls


def test_the_bound_is_the_postgresql_integer_range():
    assert MAX_ID == 2**31 - 1


@pytest.mark.parametrize("role", ["admin", "pcc", "respondent"])
def test_every_route_with_a_huge_path_id_is_a_404(app, client, role):
    w = world()
    urls = _huge_urls(app, w)
    assert len(urls) > 15
    release_db()
    sign_in(client, getattr(w, role))
    wrong = []
    for url in urls:
        response = client.get(url)
        response.close()
        if response.status_code not in (403, 404):
            wrong.append(f"{url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_an_id_just_past_the_bound_is_a_404(app, client):
    w = world()
    sign_in(client, w.admin)
    assert client.get(f"/responses/{MAX_ID + 1}").status_code == 404
    assert client.get(f"/responses/{MAX_ID}").status_code == 404  # in range, unknown


@pytest.mark.parametrize("path", [
    f"/gaps?organisation={HUGE}",
    f"/admin/questionnaires/small-assurance/v1/compare?with={HUGE}",
    f"/exports/questionnaires/small-assurance/trends.xlsx?org={HUGE}",
])
def test_a_huge_query_string_id_is_a_400(app, client, path):
    w = world()
    sign_in(client, w.admin)
    assert client.get(path).status_code == 400


def test_unknown_in_range_query_ids_keep_todays_answers(app, client):
    w = world()
    sign_in(client, w.admin)
    assert client.get("/gaps?organisation=abc").status_code == 200
    assert client.get(f"/gaps?organisation={MAX_ID}").status_code == 200
    assert client.get("/exports/questionnaires/small-assurance/trends.xlsx?org=abc").status_code == 404
