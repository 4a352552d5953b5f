"""Validate a questionnaire YAML file (``QUESTIONNAIRE_FORMAT.md``).

    result = validate(data, "cse-assurance.yaml")
    if result.errors:
        print("\\n".join(str(p) for p in result.errors))
    else:
        definition = result.definition

Every problem in the file is reported in one run, sorted by line and column,
each printing as ``PATH:LINE:COLUMN: error: MESSAGE``. The checks themselves
live in ``check_common`` (single values), ``check_scales`` (scales, lists,
options), ``check_questions`` (sections, questions) and ``check_conditions``
(``show_if``); reading the YAML safely is ``yamlsafe``.

Nothing here touches the database. ``check_history`` applies the rules that
need what is already loaded (rule 9); the database layer supplies those facts.

Decisions where the format page leaves room:

- ``show_if: {question: ID, answered: true}`` accepts only ``true``;
  ``answered: false`` is an error.
- ``at_most``/``at_least`` on a rating question must be one of its scale
  values; on a number question a number within its ``min``/``max``.
- Option values must be text: ``options: [1, 2]`` is an error (quote them),
  as is an option given as ``{value: ...}`` without a ``label``.
- Optional text keys (``summary``, ``intro``, ``hint``, ``description``) may
  be left empty; ``scales:`` or ``lists:`` left empty mean none; ``themes``
  and ``replaces`` may be empty lists (but must be lists).
- Scale and list names may also use underscores (the format's own example
  names its list ``gap_areas``); ids and themes are strict slugs.
- Text values are stripped of surrounding white space (so a folded ``>``
  question does not end in a line break).
- Problems about a value left empty point at its key.

Run ``python -m forms.format.validate FILE...`` to check files by hand.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from . import yamlsafe
from .check_common import Checker, Problem, describe
from .check_questions import Context, check_sections
from .check_scales import check_lists, check_scales
from .definition import Definition

__all__ = [
    "Problem", "ValidationResult", "validate", "validate_file", "content_hash",
    "check_history", "is_reload",
]

TOP_KEYS = ("id", "version", "title", "summary", "scales", "lists", "sections")
TOP_REQUIRED = ("id", "version", "title", "sections")
TITLE_MAX = 200
TOP = "at the top level"


@dataclass
class ValidationResult:
    path: str
    content_hash: str  # sha256 hex of the exact bytes validated
    definition: Definition | None = None  # None whenever there is any error
    errors: list[Problem] = field(default_factory=list)
    # positions kept for check_history: the `version` value, and each
    # question's `type` value by question id (1-based line, column)
    version_position: tuple[int, int] | None = None
    type_positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> str:
        return "\n".join(str(p) for p in self.errors)


def content_hash(data: bytes | str) -> str:
    """sha256 hex digest of the exact bytes (a str is hashed as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def validate(data: bytes | str, path: str = "<upload>") -> ValidationResult:
    """Validate one questionnaire file; never raises for bad input."""
    result = ValidationResult(path, content_hash(data))
    ck = Checker(path)
    loaded = yamlsafe.load(data)
    for problem in loaded.problems:
        ck.error((problem.line, problem.column), problem.message)
    root = loaded.root
    definition = None
    if root is None and not loaded.problems or _null(root):
        ck.error((1, 1), "the file is empty; a questionnaire needs at least "
                 '"id", "version", "title" and "sections"')
    elif root is not None:
        definition = _check_file(ck, root, result)
    result.errors = sorted(ck.problems, key=lambda p: (p.line, p.column))
    if not result.errors:
        result.definition = definition
    return result


def validate_file(path: str | Path) -> ValidationResult:
    """Validate a file on disk, reporting it under its own path."""
    return validate(Path(path).read_bytes(), str(path))


def _null(node: yamlsafe.Node | None) -> bool:
    return isinstance(node, yamlsafe.YScalar) and node.value is None


def _check_file(ck: Checker, root: yamlsafe.Node, result: ValidationResult
                ) -> Definition | None:
    if not isinstance(root, yamlsafe.YMap):
        ck.error(root, 'the file must be a set of keys such as "id", "version", "title" and '
                 f'"sections"; got {describe(root)}')
        return None
    top = root
    ck.keys(top, TOP_KEYS, TOP, required=TOP_REQUIRED)
    qid = ck.slug(top, "id", TOP)
    version = ck.integer(top, "version", TOP, low=1)
    if "version" in top:
        result.version_position = ck.value_at(top, "version").pos
    title = ck.text(top, "title", TOP, limit=TITLE_MAX)
    summary = ck.text(top, "summary", TOP, optional=True)
    lists = check_lists(ck, top)
    ctx = Context(ck, check_scales(ck, top), lists)
    sections = check_sections(ctx, top)
    result.type_positions = dict(ctx.type_positions)
    if ck.problems:
        return None
    return Definition(
        id=qid, version=version, title=title, summary=summary, sections=tuple(sections),
        gap_areas=lists.get("gap_areas") or (),
    )


def is_reload(result: ValidationResult, loaded: Mapping[int, str]) -> bool:
    """True when this exact content is already loaded as this version
    (loading it again changes nothing)."""
    d = result.definition
    return d is not None and loaded.get(d.version) == result.content_hash


def check_history(
    result: ValidationResult,
    earlier_types: Mapping[str, "str | tuple[str, int]"],
    loaded: Mapping[int, str],
    digest: str | None = None,
) -> list[Problem]:
    """Rule 9 of the format: the checks that need what is already loaded.

    ``earlier_types`` maps question id -> its type in earlier versions of the
    same questionnaire, either a plain type or ``(type, version)`` (the
    version is named in the message); ``loaded`` maps each version number
    already loaded for this questionnaire id -> that version's content hash.
    ``digest`` defaults to ``result.content_hash``. Returns problems, sorted;
    an empty list means the file may be loaded (see ``is_reload`` for the
    "identical content, nothing to do" case). ``result`` must have no errors.
    """
    d = result.definition
    if d is None:
        raise ValueError("check_history needs a validation result without errors")
    digest = digest or result.content_hash
    problems: list[Problem] = []
    known = loaded.get(d.version)
    if known is not None and known != digest:
        line, col = result.version_position or (1, 1)
        problems.append(Problem(result.path, line, col, (
            f'version {d.version} of questionnaire "{d.id}" is already loaded with different '
            f'content, and a loaded version never changes; raise "version" to '
            f"{max(loaded) + 1} to load these changes")))
    for question in d.questions:
        earlier = earlier_types.get(question.id)
        if earlier is None:
            continue
        old_type, old_version = (earlier, None) if isinstance(earlier, str) else earlier
        if old_type == question.type:
            continue
        when = f"in version {old_version}" if old_version is not None else "in an earlier version"
        line, col = result.type_positions.get(question.id, (1, 1))
        problems.append(Problem(result.path, line, col, (
            f'question "{question.id}" was a {old_type} question {when}; a question id cannot '
            'change type — use a new id and "replaces"')))
    return sorted(problems, key=lambda p: (p.line, p.column))


def main(argv: list[str] | None = None) -> int:
    """Check files from the command line; exit status 1 when any has errors."""
    paths = sys.argv[1:] if argv is None else argv
    failed = False
    for path in paths:
        result = validate_file(path)
        if result.errors:
            failed = True
            print(result.report())
        else:
            d = result.definition
            count = sum(1 for _ in d.questions)
            print(f"{path}: ok ({d.id} version {d.version}, {count} questions)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
