"""views/markdown.py: the part of Markdown the project's docs use, escaped."""

from __future__ import annotations

from bs4 import BeautifulSoup

from views.markdown import slug, to_html


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(str(to_html(text)), "html.parser")


def test_headings_get_github_ids_and_govuk_classes():
    page = soup("# Title\n\n## Lists and `options`\n")
    assert page.h1["class"] == ["govuk-heading-l"] and page.h1.text == "Title"
    assert page.h2["id"] == "lists-and-options" and page.h2.code.text == "options"
    assert slug("Problems the validator reports") == "problems-the-validator-reports"


def test_paragraphs_join_their_lines_and_inline_marks():
    page = soup("One **two** `three`\nand [four](#four).\n\nNext.")
    first, second = page.find_all("p")
    assert first.get_text() == "One two three and four."
    assert first.strong.text == "two" and first.code.text == "three"
    assert first.a["href"] == "#four" and second.text == "Next."


def test_lists_with_continuation_lines():
    page = soup("- a\n  continued\n- b\n\n1. one\n2. two\n")
    assert [li.text for li in page.ul.find_all("li")] == ["a continued", "b"]
    assert [li.text for li in page.ol.find_all("li")] == ["one", "two"]


def test_tables_and_code():
    page = soup("| key | what |\n|---|---|\n| `id` | a slug |\n\n```yaml\nid: x\n```\n\n"
                "    PATH:LINE\n")
    assert [th.text for th in page.select("th")] == ["key", "what"]
    assert [td.text for td in page.select("td")] == ["id", "a slug"]
    assert [pre.text for pre in page.select("pre")] == ["id: x", "PATH:LINE"]


def test_everything_is_escaped():
    html = str(to_html("<script>x</script> `<b>` [<i>](javascript&)\n\n```\n<b>\n```"))
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_emphasis_but_not_a_lone_star_or_a_product():
    page = soup("In *Questionnaires* → *Upload a question set*; 2 * 3 and a*b stay.")
    assert [em.text for em in page.find_all("em")] == ["Questionnaires", "Upload a question set"]
    assert page.p.get_text().endswith("; 2 * 3 and a*b stay.")


def test_each_scrolling_region_has_a_name_of_its_own():
    page = soup("```\na\n```\n\n| k | v |\n|---|---|\n| 1 | 2 |\n\n```\nb\n```\n")
    labels = [r["aria-label"] for r in page.select("[role=region]")]
    assert labels == ["Example 1", "Table 1", "Example 2"]
