"""Static files: fingerprinted, cached for a year and compressed in production
(WhiteNoise), served as they are in development."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup

from models import db
from tests.test_production import HOST, production_app
from views.static_files import MANIFEST, build

STATIC = Path(__file__).resolve().parents[2] / "static"
YEAR = "max-age=31536000"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    target = tmp_path_factory.mktemp("dist") / "static"
    build(STATIC, target)
    return target


@pytest.fixture
def prod(app, built, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("STATIC_DIST_DIR", str(built))
    made = production_app(database_url, tmp_path, monkeypatch)
    db.session.commit()
    return made.test_client()


def _get(client, url, **headers):
    return client.get(url, base_url=f"https://{HOST}", headers=headers)


def _assets(client) -> list[str]:
    page = BeautifulSoup(_get(client, "/sign-in").data, "html.parser")
    return ([link["href"] for link in page.select("link[rel=stylesheet]")]
            + [script["src"] for script in page.select("script[src]")])


def test_the_build_writes_hashed_copies_a_manifest_and_compressed_files(built):
    manifest = json.loads((built / MANIFEST).read_text())
    hashed = manifest["js/app.mjs"]
    assert re.fullmatch(r"js/app\.[0-9a-f]{12}\.mjs", hashed)
    assert (built / hashed).read_bytes() == (built / "js/app.mjs").read_bytes()
    assert (built / (hashed + ".gz")).exists() and (built / (hashed + ".br")).exists()
    assert not any(name.startswith("scss/") for name in manifest)


def test_references_inside_css_and_javascript_use_the_hashed_names(built):
    manifest = json.loads((built / MANIFEST).read_text())
    app_js = (built / manifest["js/app.mjs"]).read_text()
    govuk = manifest.get("build/govuk/govuk-frontend.min.js")
    if govuk is None:
        pytest.skip("the front-end packages are not built (make assets)")
    assert f"/static/{govuk}" in app_js and "/static/build/govuk/govuk-frontend.min.js" not in app_js


def test_production_pages_link_fingerprinted_files_cached_for_a_year(prod):
    assets = _assets(prod)
    assert assets and all(re.search(r"\.[0-9a-f]{12}\.(css|m?js)$", url) for url in assets)
    response = _get(prod, assets[0])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == f"{YEAR}, public, immutable"


def test_production_static_files_are_compressed_on_request(prod):
    url = next(u for u in _assets(prod) if u.endswith(".mjs"))
    plain = _get(prod, url).data
    gzipped = _get(prod, url, **{"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.data) == plain
    brotlied = _get(prod, url, **{"Accept-Encoding": "br, gzip"})
    assert brotlied.headers["Content-Encoding"] == "br"
    assert brotli.decompress(brotlied.data) == plain
    assert "Accept-Encoding" in brotlied.headers["Vary"]


def test_production_answers_404_for_names_it_does_not_have(prod):
    assert _get(prod, "/static/js/app.000000000000.mjs").status_code == 404
    assert _get(prod, "/static/scss/app.scss").status_code == 404
    assert _get(prod, "/static/nothing.css").status_code == 404


def test_unhashed_names_still_work_with_a_short_cache(prod):
    response = _get(prod, "/static/js/app.mjs")
    assert response.status_code == 200 and "immutable" not in response.headers["Cache-Control"]


def test_development_serves_static_as_it_is(client):
    page = BeautifulSoup(client.get("/sign-in").data, "html.parser")
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "/static/js/app.mjs" in scripts
    response = client.get("/static/js/app.mjs")
    assert response.status_code == 200 and b"import" in response.data


def test_production_without_a_build_says_so_and_still_serves(app, database_url, tmp_path,
                                                             monkeypatch, caplog):
    monkeypatch.setenv("STATIC_DIST_DIR", str(tmp_path / "missing"))
    made = production_app(database_url, tmp_path, monkeypatch)
    assert "No static files built" in caplog.text
    db.session.commit()
    assert _get(made.test_client(), "/static/js/app.mjs").status_code == 200
