"""The publication page (PUBLIC_NOTES=1): without signing in, every office's published
notes, labelled by office, each as HTML with downloads, and a valid Atom feed; drafts
never, ``publish: false`` answers never, invented demo data marked; all a 404 when
the setting is off."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
import pytest

from models import db
from tests.db import (
    create_office,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from tests.exports.notes_seed import build_seed_round
from tests.helpers import check_html, sign_in, text_of
from workflows.notes import correct_notes, publish_notes
from workflows.questionnaires import get_version

CSE = Path(__file__).resolve().parents[2] / "questionnaires" / "cse-assurance.yaml"
SECRET = "Only for the OPCC: a named suspect under investigation"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def public(app):
    app.config["PUBLIC_NOTES"] = True
    yield app
    app.config["PUBLIC_NOTES"] = False


@pytest.fixture
def world(app):
    """The seed round (published), a draft of the same office, and a published round of
    a second office whose answers include one not for publication."""
    seed = build_seed_round()
    version = get_version("cse-assurance", 1)
    draft = create_round(version=version, status="closed", title="A meeting still in draft",
                         orgs=[], meeting_date=date(2017, 1, 12))
    create_response(round_=draft, org=seed.responses[0].organisation, status="accepted",
                    answers={"pcc-support": "A draft answer nobody may read yet."})
    dorset = create_office(name="Office of the PCC for Dorset", code="DOPCC")
    force = create_org(name="Dorset Police", office=dorset)
    theirs = create_questionnaire_version(yaml_text=CSE.read_text(encoding="utf-8"),
                                          office=dorset)
    other = create_round(version=theirs, status="closed", title="Dorset CSE meeting",
                         meeting_date=date(2017, 2, 2))
    create_response(round_=other, org=force, status="accepted", answers={
        "pcc-support": "Keep talking to partners.", "internal-note": SECRET})
    publish_notes(other, None)
    return {"seed": seed, "draft": draft, "other": other}


def test_off_unless_public_notes_is_set(app, client, world):
    for path in ("/published-notes", "/published-notes/feed.atom",
                 f"/published-notes/{world['seed'].id}",
                 f"/published-notes/{world['seed'].id}/download/docx"):
        assert client.get(path).status_code == 404, path


def test_anonymous_reader_sees_every_offices_published_notes(public, client, world):
    page = client.get("/published-notes")
    assert page.status_code == 200
    html = check_html(page.get_data(as_text=True))
    headings = [h.get_text(strip=True) for h in html.select("main h2")]
    assert headings == ["Office of the PCC for Dorset",
                        "Office of the Police and Crime Commissioner"]
    links = [a.get_text(strip=True) for a in html.select("main li a")]
    assert links == ["Dorset CSE meeting", "Child Sexual Exploitation (CSE)"]
    assert "A meeting still in draft" not in html.text
    assert client.get(f"/published-notes/{world['draft'].id}").status_code == 404


def test_a_published_page_and_its_downloads_hold_only_what_is_published(
        public, client, world):
    other = world["other"]
    page = client.get(f"/published-notes/{other.id}").get_data(as_text=True)
    assert "Keep talking to partners." in page and SECRET not in page
    word = client.get(f"/published-notes/{other.id}/download/docx")
    assert word.headers["Content-Disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in docx.Document(BytesIO(word.data)).paragraphs)
    assert "Keep talking to partners." in text and SECRET not in text
    html = client.get(f"/published-notes/{other.id}/download/html").get_data(as_text=True)
    assert "Keep talking to partners." in html and SECRET not in html


def test_the_page_gives_the_latest_version_with_its_correction(public, client, world):
    seed = world["seed"]
    correct_notes(seed, "the venue was wrong", None)
    page = check_html(client.get(f"/published-notes/{seed.id}").get_data(as_text=True))
    assert "Corrected on " in text_of(page.find("article"))
    assert ": the venue was wrong." in page.text


def test_invented_demo_rounds_are_marked(public, client, world):
    invented = world["draft"]
    invented.invented = True
    db.session.commit()
    publish_notes(invented, None)
    listing = check_html(client.get("/published-notes").get_data(as_text=True))
    [item] = [li for li in listing.select("main li") if "Invented demo data" in li.text]
    assert "A meeting still in draft" in item.text
    page = client.get(f"/published-notes/{invented.id}").get_data(as_text=True)
    assert "Invented demo data: this is not the record of a real meeting." in page


def test_the_atom_feed_is_valid_and_lists_only_publications(public, client, world):
    response = client.get("/published-notes/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/published-notes/feed.atom")
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert len(entries) == 2 and not any("draft" in t for t in titles)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
        href = entry.find(f"{ATOM}link").get("href")
        assert client.get(href.replace("http://localhost", "")).status_code == 200
        assert entry.findtext(f"{ATOM}updated").endswith("Z")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2


def test_signed_in_users_read_it_too(public, client, world):
    sign_in(client, create_user(role="pcc", email="pcc@example.org"))
    assert "Dorset CSE meeting" in client.get("/published-notes").get_data(as_text=True)
