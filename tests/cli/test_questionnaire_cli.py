"""`flask questionnaire validate|load|list`: output format and exit codes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models import QuestionnaireVersion, db
from tests.workflows.questionnaire_samples import BAD_YAML, sample_yaml

LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")


@pytest.fixture
def files(tmp_path):
    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def stored_versions() -> int:
    return db.session.scalar(select(func.count()).select_from(QuestionnaireVersion))


def test_validate_clean_files_print_one_line_each(runner, files):
    a = files("a.yaml", sample_yaml())
    b = files("b.yaml", sample_yaml(qid="other-set"))
    result = runner.invoke(args=["questionnaire", "validate", a, b])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{a}: ok") and "test-set" in lines[0]
    assert lines[1].startswith(f"{b}: ok") and "other-set" in lines[1]


def test_validate_prints_every_problem_of_every_file(runner, files):
    good = files("good.yaml", sample_yaml())
    bad = files("bad.yaml", BAD_YAML)
    worse = files("worse.yaml", "id: x\n")
    missing = good.replace("good.yaml", "missing.yaml")
    result = runner.invoke(args=["questionnaire", "validate", bad, good, worse, missing])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    problems = [LINE.match(line) for line in lines if LINE.match(line)]
    by_file = {}
    for m in problems:
        by_file.setdefault(m["path"], []).append((int(m["line"]), int(m["col"])))
    assert by_file[bad] == [(10, 15), (14, 9)]
    assert len(by_file[worse]) >= 2  # a bad slug and the missing keys, all reported
    assert by_file[missing] == [(1, 1)]
    assert any(line.startswith(f"{good}: ok") for line in lines)
    assert len(lines) == len(problems) + 1  # nothing else printed


def test_validate_directory_is_an_error_line(runner, tmp_path):
    result = runner.invoke(args=["questionnaire", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert LINE.match(result.output.strip())


def test_load_stores_in_version_order_and_reload_changes_nothing(runner, files):
    v2 = files("v2.yaml", sample_yaml(version=2))
    v1 = files("v1.yaml", sample_yaml(version=1))
    first = runner.invoke(args=["questionnaire", "load", v2, v1])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        f'{v1}: loaded "test-set" version 1 (2 questions)',
        f'{v2}: loaded "test-set" version 2 (2 questions)',
    ]
    again = runner.invoke(args=["questionnaire", "load", v1, v2])
    assert again.exit_code == 0
    assert all("nothing changed" in line for line in again.output.splitlines())
    assert stored_versions() == 2


def test_load_with_a_bad_file_stores_the_good_ones_and_exits_1(runner, files):
    good = files("good.yaml", sample_yaml())
    bad = files("bad.yaml", BAD_YAML)
    result = runner.invoke(args=["questionnaire", "load", bad, good])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [m["line"] for m in map(LINE.match, lines) if m] == ["10", "14"]
    assert any(line.startswith(f"{good}: loaded") for line in lines)
    assert stored_versions() == 1


def test_load_refuses_conflicting_version_and_type_change(runner, files):
    runner.invoke(args=["questionnaire", "load", files("v1.yaml", sample_yaml())])
    changed = files("v1b.yaml", sample_yaml(first="Reworded without a new version?"))
    retyped = files("v2.yaml", sample_yaml(version=2, second_type="text"))
    result = runner.invoke(args=["questionnaire", "load", changed, retyped])
    assert result.exit_code == 1
    problems = [m for m in map(LINE.match, result.output.splitlines()) if m]
    assert [(m["path"], m["line"], m["col"]) for m in problems] == [
        (changed, "2", "10"), (retyped, "13", "15")]
    assert "already loaded with different content" in problems[0]["msg"]
    assert "cannot change type" in problems[1]["msg"]
    assert stored_versions() == 1


def test_list_shows_each_version_tab_separated(runner, files):
    empty = runner.invoke(args=["questionnaire", "list"])
    assert empty.exit_code == 0 and "\t" not in empty.output
    runner.invoke(args=["questionnaire", "load", files("a.yaml", sample_yaml()),
                        files("b.yaml", sample_yaml(version=2, title="Test set, revised")),
                        files("c.yaml", sample_yaml(qid="another-set", title="Another"))])
    result = runner.invoke(args=["questionnaire", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "another-set\t1\tAnother\t2",
        "test-set\t1\tTest set\t2",
        "test-set\t2\tTest set, revised\t2",
    ]


# ------------------------------------------------------- workbooks (XLSForm)


def test_from_xlsx_writes_yaml_that_validates(runner, tmp_path):
    from tests.forms.xlsform_books import book, grouped

    source = tmp_path / "set.xlsx"
    source.write_bytes(book(grouped(("integer", "arrest_rate", "How many arrests?"))))
    output = tmp_path / "set.yaml"
    result = runner.invoke(args=["questionnaire", "from-xlsx", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (f'{output}: written from {source}: "cse-test" '
                                     "version 1, 1 question")
    check = runner.invoke(args=["questionnaire", "validate", str(output)])
    assert check.exit_code == 0, check.output


def test_from_xlsx_prints_every_problem_by_cell_and_writes_nothing(runner, tmp_path):
    from tests.forms.xlsform_books import book, grouped

    source = tmp_path / "bad.xlsx"
    source.write_bytes(book(grouped(("text", "who", "Who?", None, "maybe"),
                                    ("note", "info", "Read me"))))
    output = tmp_path / "bad.yaml"
    result = runner.invoke(args=["questionnaire", "from-xlsx", str(source), "-o", str(output)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{source}:survey!E3: error: required must be yes or no"
    assert lines[1].startswith(f"{source}:survey!A4: error: a note has no place")
    assert lines[2] == f"{source}: 2 problems; nothing was written"
    assert not output.exists()


def test_to_xlsx_writes_a_stored_version_and_refuses_unknown_ones(runner, files, tmp_path):
    from forms.format.validate import validate
    from forms.format.xlsform import from_xlsx

    path = files("a.yaml", sample_yaml())
    assert runner.invoke(args=["questionnaire", "load", path]).exit_code == 0
    output = tmp_path / "set.xlsx"
    result = runner.invoke(args=["questionnaire", "to-xlsx", "test-set@1", "-o", str(output)])
    assert result.exit_code == 0, result.output
    again = validate(from_xlsx(output.read_bytes()).yaml)
    assert again.definition.to_dict() == validate(sample_yaml()).definition.to_dict()
    missing = runner.invoke(args=["questionnaire", "to-xlsx", "test-set@9", "-o", str(output)])
    assert missing.exit_code == 1 and 'no version 9 of "test-set"' in missing.output
    bad = runner.invoke(args=["questionnaire", "to-xlsx", "test-set", "-o", str(output)])
    assert bad.exit_code == 2 and "KEY@VERSION" in bad.output
