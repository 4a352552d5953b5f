"""Rights are decided in one place: no app code or template compares a role with a role's
name (``role == "admin"``, ``role in ("admin", "pcc")``, ``"pcc" != user.role``), apart from
the permissions table and the models that define the roles. Ask ``can(user, permission)``
(models/permissions.py) instead."""

from __future__ import annotations

import re
from pathlib import Path

from models import ROLES

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("app.py", "models", "forms", "views", "workflows", "exports", "templates")
ALLOWED = {
    "models/permissions.py",  # the table
    "models/people.py",  # where roles are defined, labelled and constrained
}

_NAME = "|".join(ROLES)
_LITERAL = rf"""["'](?:{_NAME})["']"""
COMPARISONS = [
    re.compile(rf"(?:==|!=|<>)\s*{_LITERAL}"),  # x == "admin"
    re.compile(rf"{_LITERAL}\s*(?:==|!=|<>)"),  # "admin" == x
    re.compile(rf"\bin\s*[(\[{{][^)\]}}]*{_LITERAL}"),  # x in ("admin", ...)
    re.compile(rf"{_LITERAL}\s+(?:not\s+)?in\b"),  # "admin" in x
]


def role_comparisons(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)
            if any(p.search(line) for p in COMPARISONS)]


def _files():
    for name in SCANNED:
        path = ROOT / name
        candidates = [path] if path.is_file() else [*path.rglob("*.py"), *path.rglob("*.html")]
        for file in candidates:
            if str(file.relative_to(ROOT)) not in ALLOWED:
                yield file


def test_no_role_literal_is_compared_outside_the_permissions_table():
    found = [f"{file.relative_to(ROOT)}:{n}: {line}"
             for file in _files() for n, line in role_comparisons(file.read_text(encoding="utf-8"))]
    assert not found, "compare permissions, not roles (use can()):\n" + "\n".join(found)


def test_the_check_catches_each_way_of_comparing_a_role():
    for line in ('if user.role == "admin":', "if 'pcc' != user.role:",
                 'if current_user.role in ("admin", "pcc") %}', '{% if "respondent" in roles %}',
                 'select(User).where(User.role == "respondent")'):
        assert role_comparisons(line), line
    for line in ('create_user(role="respondent", org=org)', 'ROLES = ("admin", "pcc")',
                 'if kind == "force":', 'add_nav("admin", "Rounds", "rounds.index")'):
        assert not role_comparisons(line), line
