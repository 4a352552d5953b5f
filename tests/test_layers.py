"""The one-way flow of imports between the app's packages (read with ``ast``).

- ``models/`` imports nothing of the app but the pure format, ``forms.format``;
- ``forms/format/`` imports nothing of the app outside itself, and neither
  WTForms, Flask nor SQLAlchemy;
- ``forms/`` and ``exports/`` never import ``workflows`` or ``views``;
- ``forms/__init__.py`` imports nothing, so ``import forms.format`` is light.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGES = {"app", "models", "forms", "workflows", "exports", "views", "bench", "tests"}
WEB_LIBRARIES = {"wtforms", "flask", "flask_wtf", "flask_login", "flask_sqlalchemy",
                 "flask_migrate", "sqlalchemy", "werkzeug", "jinja2"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a file, nested ones too."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            found.append((node.lineno, name))
    return found


def _sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _violations(folder: str, allowed) -> list[str]:
    bad = []
    for path in _sources(folder):
        for line, name in imports_of(path):
            if not allowed(name):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return bad


def _top(name: str) -> str:
    return name.split(".")[0]


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_models_import_only_the_pure_format():
    def allowed(name):
        return _top(name) not in APP_PACKAGES or _within(name, "models") \
            or _within(name, "forms.format")
    assert _violations("models", allowed) == []


def test_the_pure_format_imports_nothing_of_the_app_or_the_web():
    def allowed(name):
        if _top(name) in WEB_LIBRARIES:
            return False
        return _top(name) not in APP_PACKAGES or _within(name, "forms.format")
    assert _violations("forms/format", allowed) == []


@pytest.mark.parametrize("folder", ["forms", "exports"])
def test_forms_and_exports_never_import_workflows_or_views(folder):
    def allowed(name):
        return _top(name) not in ("workflows", "views")
    assert _violations(folder, allowed) == []


def test_workflows_never_import_views():
    assert _violations("workflows", lambda name: _top(name) != "views") == []


def test_forms_package_itself_imports_nothing():
    assert imports_of(ROOT / "forms" / "__init__.py") == []


def test_importing_the_pure_format_loads_no_web_library():
    code = ("import sys, forms.format.validate, forms.format.diff, forms.format.examples; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(WEB_LIBRARIES)!r}"
            f" or m.split('.')[0] in ('models', 'workflows', 'views', 'exports')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_the_checker_sees_relative_and_nested_imports():
    package = ROOT / "forms" / "format"
    names = {name for _, name in imports_of(package / "definition.py")}
    assert {"forms.format.types", "forms.format.values"} <= names
    names = {name for _, name in imports_of(package / "check_questions.py")}
    assert "forms.format.check_conditions" in names  # imported inside a function
