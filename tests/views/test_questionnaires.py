"""Questionnaire admin screens: list, upload with errors, preview, store,
version page, YAML download, comparison, escaping and access."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from models import QuestionnaireVersion, db
from tests.helpers import check_html, url
from tests.workflows.questionnaire_samples import BAD_YAML, sample_yaml
from workflows import questionnaires as wf

SCRIPT = "<script>alert(1)</script>"
SUMMARY = ".govuk-error-summary"
SUMMARY_LINKS = ".govuk-error-summary__list a"


def stored_versions() -> int:
    return db.session.scalar(select(func.count()).select_from(QuestionnaireVersion))


def post_upload(client, *, text: str = "", file: tuple[bytes, str] | None = None):
    data = {"text": text}
    if file is not None:
        data["file"] = (io.BytesIO(file[0]), file[1])
    response = client.post(url(client, "questionnaires.upload"), data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return check_html(response.get_data(as_text=True))


@pytest.fixture
def as_admin(signed_in, admin):
    return signed_in(admin)


# ---------------------------------------------------------------- list and nav


def test_list_shows_versions_with_counts_and_who_loaded(as_admin, client_request, admin):
    wf.load_questionnaire(sample_yaml(), path="a.yaml", by=admin)
    wf.load_questionnaire(sample_yaml(version=2, extra="""\
      - id: third
        question: A third question?
        type: text
"""), path="b.yaml")
    page = client_request.get("questionnaires.index")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all(["th", "td"])]
            for tr in page.select("tbody tr")]
    assert [r[0] for r in rows] == ["Version 2", "Version 1"]
    assert rows[0][2] == "3" and rows[1][2] == "2"
    assert rows[0][3] == "Command line" and rows[1][3] == admin.name
    assert rows[0][5] == "None"


def test_admin_nav_and_home_panel_link_to_questionnaires(as_admin, client_request):
    wf.load_questionnaire(sample_yaml(title="Panel set"), path="a.yaml")
    page = client_request.get("main.home")
    nav = [a.get_text(strip=True) for a in page.select(".govuk-service-navigation a")]
    assert "Questionnaires" in nav
    assert page.find("a", string="Panel set")["href"] == "/admin/questionnaires/test-set/v1"
    assert page.find("a", string="Upload a questionnaire")


# ------------------------------------------------------------- upload problems


def test_upload_with_errors_lists_them_by_line_and_keeps_the_text(as_admin, client):
    page = post_upload(client, text=BAD_YAML.replace("\n", "\r\n"))
    assert page.title.string.startswith("Error: ")
    links = [(a.get_text(strip=True), a["href"], a["data-line"])
             for a in page.select(SUMMARY_LINKS)]
    assert [(href, line) for _, href, line in links] == [("#text", "10"), ("#text", "14")]
    assert links[0][0].startswith('Line 10, column 15: unknown type "long_txt"')
    highlighted = [li["id"] for li in page.select("li.app-yaml-error-line")]
    assert highlighted == ["line-10", "line-14"]
    assert page.find(id="line-10").get_text() .endswith("type: long_txt")
    assert len(page.select(".app-yaml-source li")) == 14
    assert page.find("textarea", id="text").get_text() == BAD_YAML
    assert "Store this version" not in page.get_text()
    assert stored_versions() == 0


def test_uploaded_file_with_errors_is_shown_and_put_in_the_text_box(as_admin, client):
    page = post_upload(client, file=(BAD_YAML.encode(), "../../etc/my-set.yaml"))
    summary = page.select_one(".govuk-error-summary__title").get_text(strip=True)
    assert summary == "2 problems in my-set.yaml"
    assert page.find("textarea", id="text").get_text() == BAD_YAML


def test_file_that_is_not_utf8_is_reported_not_crashed(as_admin, client):
    page = post_upload(client, file=(b"id: caf\xe9\n", "latin1.yaml"))
    assert page.select(".govuk-error-summary__list a")[0]["data-line"] == "1"
    assert "caf\ufffd" in page.find(id="line-1").get_text()


def test_upload_nothing_asks_for_a_file_or_text(as_admin, client):
    page = post_upload(client, text="   ")
    assert page.title.string.startswith("Error: ")
    assert "Choose a YAML file to upload, or paste its text" in page.select_one(
        ".govuk-error-summary").get_text()


def test_oversized_file_is_refused_before_reading(as_admin, client):
    page = post_upload(client, file=(b"#" * (256 * 1024 + 1), "big.yaml"))
    assert "The file must be 256 KB or smaller" in page.select_one(SUMMARY).get_text()


# --------------------------------------------------------- preview and storing


def test_preview_shows_read_only_form_and_carries_text_to_store(as_admin, client):
    text = sample_yaml()
    page = post_upload(client, text=text.replace("\n", "\r\n"))
    assert page.h1.get_text(strip=True) == "Test set"
    preview = page.select_one(".app-form-preview fieldset")
    assert preview.has_attr("disabled")
    assert preview.find("textarea") is not None  # the long_text question
    assert len(preview.select("input[type=radio]")) == 5  # the confidence scale
    store = page.find("form", action="/admin/questionnaires/store")
    assert store.find("input", attrs={"name": "source"})["value"] == text
    assert stored_versions() == 0


def test_store_revalidates_and_confirms(as_admin, client, admin):
    response = client.post(url(client, "questionnaires.store"),
                           data={"source": sample_yaml().replace("\n", "\r\n"),
                                 "filename": "a.yaml"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/questionnaires/test-set/v1"
    page = check_html(client.get(response.headers["Location"]).get_data(as_text=True))
    assert 'Stored "Test set" (test-set) version 1, with 2 questions.' in page.get_text()
    version = wf.get_version("test-set", 1)
    assert version.loaded_by.id == admin.id
    assert version.yaml_text == sample_yaml()


def test_store_never_trusts_the_hidden_text(as_admin, client):
    response = client.post(url(client, "questionnaires.store"),
                           data={"source": BAD_YAML, "filename": "a.yaml"})
    assert response.status_code == 200
    page = check_html(response.get_data(as_text=True))
    assert [a["data-line"] for a in page.select(SUMMARY_LINKS)] == ["10", "14"]
    assert stored_versions() == 0


def test_storing_the_same_text_twice_changes_nothing(as_admin, client):
    for _ in range(2):
        response = client.post(url(client, "questionnaires.store"),
                               data={"source": sample_yaml(), "filename": "a.yaml"},
                               follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "already stored with identical content; nothing changed" in html
    assert stored_versions() == 1


def test_preview_of_already_loaded_file_offers_no_store(as_admin, client):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    page = post_upload(client, text=sample_yaml())
    assert "This exact file is already stored as version 1" in page.get_text()
    assert page.find("form", action="/admin/questionnaires/store") is None


def test_preview_refuses_conflicting_version_with_line(as_admin, client):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    page = post_upload(client, text=sample_yaml(first="Changed without a new version?"))
    assert [a["data-line"] for a in page.select(".govuk-error-summary__list a")] == ["2"]


def test_preview_of_a_new_version_shows_changes(as_admin, client):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    page = post_upload(client, text=sample_yaml(version=2, first="What is the position now?"))
    assert "Changes from version 1" in page.get_text()
    cells = [td.get_text(strip=True) for td in page.select("table tbody td")]
    assert "What is the current position?" in cells and "What is the position now?" in cells


# ------------------------------------------------------------ version pages


def test_version_page_shows_read_only_form_and_download_link(as_admin, client_request):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    page = client_request.get("questionnaires.version", key="test-set", number=1)
    assert page.select_one(".app-form-preview fieldset").has_attr("disabled")
    link = page.find("a", href="/admin/questionnaires/test-set/v1.yaml")
    assert link is not None and link.has_attr("download")
    assert page.find("form", action="/admin/questionnaires/store") is None


def test_download_is_an_attachment_that_is_not_cached(as_admin, client):
    wf.load_questionnaire(sample_yaml().replace("\n", "\r\n"), path="a.yaml")
    response = client.get("/admin/questionnaires/test-set/v1.yaml")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="test-set-v1.yaml"'
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/yaml"
    assert response.get_data(as_text=True) == sample_yaml()
    # the download loads again as identical content
    assert wf.load_questionnaire(response.get_data(), path="x.yaml").status == wf.UNCHANGED


def test_unknown_version_is_404(as_admin, client_request):
    client_request.get("questionnaires.version", key="nope", number=1, _expected_status=404)
    client_request.get("questionnaires.download", key="nope", number=1, _expected_status=404)


def test_compare_lists_added_removed_reworded_and_retyped(as_admin, client_request):
    wf.load_questionnaire(sample_yaml(extra="""\
      - id: dropped
        question: Dropped question?
        type: text
"""), path="a.yaml")
    wf.load_questionnaire(sample_yaml(version=2, first="Reworded position?", extra="""\
      - id: fresh
        question: Fresh question?
        type: yes_no
        replaces: [dropped]
"""), path="b.yaml")
    page = client_request.get("questionnaires.compare", key="test-set", number=2, **{"with": 1})
    tables = {t.caption.get_text(strip=True): [[c.get_text(strip=True) for c in tr.find_all("td")]
                                               for tr in t.select("tbody tr")]
              for t in page.select("table")}
    assert tables["1 added"] == [["fresh", "Fresh question?", "yes_no", "Main section", "dropped"]]
    assert tables["1 removed"] == [["dropped", "Dropped question?", "text", "fresh"]]
    assert tables["1 reworded"] == [
        ["position", "What is the current position?", "Reworded position?"]]


def test_version_page_offers_comparison_with_the_other_versions(as_admin, client_request):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    wf.load_questionnaire(sample_yaml(version=2, title="Two"), path="b.yaml")
    page = client_request.get("questionnaires.version", key="test-set", number=2)
    assert [o["value"] for o in page.select("select#with option")] == ["1"]


# ---------------------------------------------------------------- escaping


def test_question_text_from_yaml_is_always_escaped(as_admin, client, client_request):
    hostile = sample_yaml(title=f'"Title {SCRIPT}"', first=f'"Question {SCRIPT}"')
    page_html = client.post(url(client, "questionnaires.upload"), data={"text": hostile},
                            content_type="multipart/form-data").get_data(as_text=True)
    assert SCRIPT not in page_html and "&lt;script&gt;" in page_html
    check_html(page_html)
    wf.load_questionnaire(hostile, path="a.yaml")
    wf.load_questionnaire(sample_yaml(version=2, title=f'"Title {SCRIPT}"'), path="b.yaml")
    for endpoint, values in (("questionnaires.index", {}), ("main.home", {}),
                             ("questionnaires.version", {"key": "test-set", "number": 1}),
                             ("questionnaires.compare",
                              {"key": "test-set", "number": 1, "with": 2})):
        response = client.get(url(client, endpoint, **values))
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and SCRIPT not in html, endpoint
    errors = client.post(url(client, "questionnaires.upload"), content_type="multipart/form-data",
                         data={"text": BAD_YAML + f"# {SCRIPT}\n"}).get_data(as_text=True)
    assert SCRIPT not in errors


# ------------------------------------------------------------------- access


def test_pcc_may_look_but_not_upload(signed_in, pcc, client_request):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    signed_in(pcc)
    client_request.get("questionnaires.index")
    client_request.get("questionnaires.version", key="test-set", number=1)
    client_request.get("questionnaires.upload", _expected_status=403)
    client_request.post("questionnaires.store", _data={"source": sample_yaml()},
                        _expected_status=403)


def test_respondents_never_see_questionnaire_admin(signed_in, respondent, client_request):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    signed_in(respondent)
    for endpoint, values in (("questionnaires.index", {}), ("questionnaires.upload", {}),
                             ("questionnaires.version", {"key": "test-set", "number": 1}),
                             ("questionnaires.download", {"key": "test-set", "number": 1}),
                             ("questionnaires.compare", {"key": "test-set", "number": 1})):
        client_request.get(endpoint, _expected_status=403, **values)


def test_control_characters_show_as_symbols_in_the_source(as_admin, client):
    from bs4 import BeautifulSoup

    response = client.post(url(client, "questionnaires.upload"), content_type="multipart/form-data",
                           data={"text": "id: a\x01b\nversion: 1\n"})
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.find(id="line-1").get_text().endswith("id: a\u2401b")
    assert page.select(".govuk-error-summary__list a")[0]["data-line"] == "1"


def test_store_without_text_asks_to_upload_again(as_admin, client):
    response = client.post("/admin/questionnaires/store", data={"source": "  "})
    assert response.status_code == 200
    page = check_html(response.get_data(as_text=True))
    assert "There is no questionnaire to store; upload it again" in page.select_one(
        ".govuk-error-summary").get_text()
    assert stored_versions() == 0


def test_oversized_store_text_is_refused_and_kept(as_admin, client):
    text = sample_yaml() + "#" * (256 * 1024)
    response = client.post("/admin/questionnaires/store", data={"source": text},
                           content_type="multipart/form-data")
    page = check_html(response.get_data(as_text=True))
    assert "The file must be 256 KB or smaller" in page.select_one(SUMMARY).get_text()
    assert page.find("textarea", id="text").get_text() == text
    assert stored_versions() == 0
