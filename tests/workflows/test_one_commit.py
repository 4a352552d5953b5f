"""One way to write: only workflows/database.py commits (through ``transaction()``).

Views, exports, forms, models and the other workflows never call ``.commit()``;
tests, benchmarks and migrations are not app code and may.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_CODE = ("app.py", "models", "forms", "workflows", "exports", "views")
THE_ONE_PLACE = Path("workflows/database.py")


def _app_modules() -> list[Path]:
    paths: list[Path] = []
    for name in APP_CODE:
        top = ROOT / name
        paths.extend([top] if top.is_file() else sorted(top.rglob("*.py")))
    return [p.relative_to(ROOT) for p in paths]


def _commit_calls(path: Path, root: Path = ROOT) -> list[int]:
    tree = ast.parse((root / path).read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "commit"]


def test_the_app_code_is_found():
    modules = _app_modules()
    assert THE_ONE_PLACE in modules and Path("views/review.py") in modules
    assert len(modules) > 50


def test_nothing_outside_workflows_database_calls_commit():
    found = {str(p): lines for p in _app_modules() if p != THE_ONE_PLACE
             for lines in [_commit_calls(p)] if lines}
    assert found == {}, "commit through workflows.database.transaction() instead"


def test_the_checker_sees_a_commit(tmp_path):
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "bad.py").write_text("from models import db\n\n\ndef f():\n"
                                               "    db.session.commit()\n")
    assert _commit_calls(Path("views/bad.py"), tmp_path) == [5]


def test_workflows_database_commits_only_in_transaction_and_start_writing():
    tree = ast.parse((ROOT / THE_ONE_PLACE).read_text(encoding="utf-8"))
    committing = {fn.name for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)
                  for node in ast.walk(fn) if isinstance(node, ast.Call)
                  and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"}
    assert committing == {"transaction", "start_writing"}
