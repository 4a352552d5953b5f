"""Loading questionnaire versions into the database, and reading them back.

    result = load_questionnaire(data, path="cse-assurance.yaml", by=user)
    if result.refused:
        print(result.report())

A file is validated (``forms.format.validate``), then checked against
what is already loaded (rule 9 of the format: the same id and version with
different content is refused; a question id an earlier version used with
another type is refused; identical content changes nothing), then stored as
one ``QuestionnaireVersion`` with a ``VersionQuestion`` row per question, in
one transaction: any problem stores nothing.

Line endings are normalised to ``\\n`` before anything else, so a file saved
on Windows, the same text pasted into a browser (which sends CRLF) and the
YAML downloaded back from the app all count as the same content. Line
numbers are unchanged by this. The content hash is the SHA-256 of the
normalised bytes.

Versions are never edited or deleted: this module has no function to do so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from forms.format.definition import Definition
from forms.format.validate import (
    Problem,
    ValidationResult,
    check_history,
    is_reload,
    validate,
)
from models import Office, Questionnaire, QuestionnaireVersion, Round, User, VersionQuestion, db
from models.permissions import require
from models.text import normalise_newlines

from . import audit
from .database import transaction
from .offices import office_for, scope_id

LOADED = "loaded"  # stored as a new version
UNCHANGED = "unchanged"  # identical content already loaded: nothing changed
REFUSED = "refused"  # problems: nothing stored
NEW = "new"  # check_questionnaire only: would be stored



@dataclass
class LoadResult:
    path: str
    status: str
    validation: ValidationResult
    problems: list[Problem] = field(default_factory=list)
    version: QuestionnaireVersion | None = None  # the stored (or already loaded) version
    text: str | None = None  # the normalised text, when it is valid UTF-8

    @property
    def ok(self) -> bool:
        return self.status != REFUSED

    @property
    def refused(self) -> bool:
        return self.status == REFUSED

    @property
    def definition(self) -> Definition | None:
        return self.validation.definition

    def report(self) -> str:
        """Every problem, one a line, as ``PATH:LINE:COLUMN: error: MESSAGE``."""
        return "\n".join(str(p) for p in self.problems)

    def message(self) -> str:
        """One line saying what happened (or would happen, for a check)."""
        d = self.definition
        if self.status == REFUSED:
            count = len(self.problems)
            return f"{self.path}: not loaded: {count} problem{'s' if count != 1 else ''}"
        name = f'"{d.id}" version {d.version}'
        questions = _count(d)
        if self.status == UNCHANGED:
            return (f"{self.path}: {name} is already loaded with identical content; "
                    "nothing changed")
        if self.status == NEW:
            return f"{self.path}: {name} is valid and can be stored ({questions})"
        return f"{self.path}: loaded {name} ({questions})"


def _count(d: Definition) -> str:
    n = sum(1 for _ in d.questions)
    return f"{n} question{'s' if n != 1 else ''}"


def normalise_source(data: bytes | str) -> bytes:
    """The bytes as stored: ``\\r\\n`` and lone ``\\r`` become ``\\n``.

    Safe on any bytes: in UTF-8 a CR or LF byte is never part of a longer
    character, and text that is not UTF-8 is refused by the validator anyway.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return normalise_newlines(data)


# ------------------------------------------------------------------- checking


def check_questionnaire(data: bytes | str, *, path: str = "<upload>",
                        office_id: int | None = None) -> LoadResult:
    """Everything ``load_questionnaire`` checks, storing nothing.

    Status ``NEW`` (would be stored), ``UNCHANGED`` (identical content is
    already loaded; ``version`` is it) or ``REFUSED`` (see ``problems``).
    """
    data = normalise_source(data)
    result = validate(data, path)
    text = _text(data)
    if result.errors:
        return LoadResult(path, REFUSED, result, list(result.errors), text=text)
    d = result.definition
    questionnaire = get_questionnaire(d.id, office_id=office_id)
    loaded = {v.version: v.content_hash for v in questionnaire.versions} if questionnaire else {}
    if is_reload(result, loaded):
        existing = get_version(d.id, d.version, office_id=office_id)
        return LoadResult(path, UNCHANGED, result, version=existing, text=text)
    earlier = _earlier_types(questionnaire, d.version) if questionnaire else {}
    problems = check_history(result, earlier, loaded)
    if problems:
        return LoadResult(path, REFUSED, result, problems, text=text)
    return LoadResult(path, NEW, result, text=text)


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _earlier_types(questionnaire: Questionnaire, version: int) -> dict[str, tuple[str, int]]:
    """question id -> (type, version) in the other loaded versions (the latest wins)."""
    rows = db.session.execute(
        select(VersionQuestion.question_id, VersionQuestion.type, QuestionnaireVersion.version)
        .join(QuestionnaireVersion, VersionQuestion.version_id == QuestionnaireVersion.id)
        .where(QuestionnaireVersion.questionnaire_id == questionnaire.id,
               QuestionnaireVersion.version != version)
        .order_by(QuestionnaireVersion.version)
    )
    return {qid: (qtype, n) for qid, qtype, n in rows}


# -------------------------------------------------------------------- loading


def load_questionnaire(data: bytes | str, *, path: str = "<upload>",
                       by: User | None = None, office: Office | None = None) -> LoadResult:
    """Validate a questionnaire file and store it as a new version.

    Returns a ``LoadResult`` with status ``LOADED``, ``UNCHANGED`` or
    ``REFUSED``; a refused file stores nothing. Two loads racing for the same
    version: the loser sees the winner's version and is told it is unchanged
    (same content) or refused (different content). ``by`` (None: the system) must
    hold ``questionnaire.load`` (NotPermitted otherwise). It is stored in ``by``'s
    office, else in ``office``, else in the service's only office.
    """
    require(by, "questionnaire.load")
    office_id = office_for(by=by, office=office).id
    for attempt in (1, 2):
        checked = check_questionnaire(data, path=path, office_id=office_id)
        if checked.status != NEW:
            db.session.rollback()  # end the read transaction; nothing was written
            return checked
        try:
            with transaction():
                checked.version = _store(checked, by, office_id)
        except IntegrityError:
            if attempt == 2:
                raise
            continue
        checked.status = LOADED
        return checked
    raise AssertionError("unreachable")


def store_checked(checked: LoadResult, *, by: User | None, office_id: int
                  ) -> QuestionnaireVersion:
    """Store a version that ``check_questionnaire`` found ``NEW``, in the caller's
    transaction (adopting from the national library loads several versions as one unit).
    The caller holds the right to load it."""
    version = _store(checked, by, office_id)
    checked.version, checked.status = version, LOADED
    return version


def _store(checked: LoadResult, by: User | None, office_id: int) -> QuestionnaireVersion:
    d = checked.definition
    questionnaire = get_questionnaire(d.id, office_id=office_id)
    if questionnaire is None:
        questionnaire = Questionnaire(office_id=office_id, key=d.id, title=d.title)
        db.session.add(questionnaire)
        db.session.flush()
    latest = max((v.version for v in questionnaire.versions), default=0)
    if d.version > latest:
        questionnaire.title = d.title
    questions = list(d.questions)
    version = QuestionnaireVersion(
        questionnaire=questionnaire, version=d.version, title=d.title,
        yaml_text=checked.text, content_hash=checked.validation.content_hash,
        definition_json=d.to_dict(), question_count=len(questions), loaded_by=by,
    )
    db.session.add(version)
    for position, q in enumerate(questions, start=1):
        db.session.add(VersionQuestion(
            version=version, question_id=q.id, position=position, section_id=q.section_id,
            type=q.type, wording=q.question, replaces=list(q.replaces),
        ))
    db.session.flush()
    audit.record(
        "questionnaire.load", user=by, actor=None if by else "cli", obj=version,
        questionnaire=d.id, version=d.version, content_hash=version.content_hash,
        question_count=len(questions), path=checked.path,
    )
    return version


# -------------------------------------------------------------------- reading


def get_questionnaire(key: str, *, office_id: int | None = None) -> Questionnaire | None:
    """The office's questionnaire with this key (office None: the only office's)."""
    return db.session.scalar(
        select(Questionnaire).where(Questionnaire.key == key,
                                    Questionnaire.office_id == scope_id(office_id))
        .options(selectinload(Questionnaire.versions))
    )


def get_version(key: str, version: int, *,
                office_id: int | None = None) -> QuestionnaireVersion | None:
    return db.session.scalar(
        select(QuestionnaireVersion)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(Questionnaire.key == key, QuestionnaireVersion.version == version,
               Questionnaire.office_id == scope_id(office_id))
    )


def list_questionnaires(*, office_id: int | None = None) -> list[Questionnaire]:
    """The office's questionnaires, by id, with their versions loaded (oldest first)."""
    return list(db.session.scalars(
        select(Questionnaire).where(Questionnaire.office_id == scope_id(office_id))
        .order_by(Questionnaire.key)
        .options(selectinload(Questionnaire.versions).selectinload(QuestionnaireVersion.loaded_by))
    ))


def list_versions(*, office_id: int | None = None) -> list[QuestionnaireVersion]:
    """The office's loaded versions, by questionnaire id then version number."""
    return list(db.session.scalars(
        select(QuestionnaireVersion)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(Questionnaire.office_id == scope_id(office_id))
        .order_by(Questionnaire.key, QuestionnaireVersion.version)
    ))


def round_counts(*, office_id: int | None = None) -> dict[int, int]:
    """version id -> how many of the office's rounds use it (versions no round uses are
    absent)."""
    rows = db.session.execute(
        select(Round.questionnaire_version_id, func.count(Round.id))
        .where(Round.office_id == scope_id(office_id))
        .group_by(Round.questionnaire_version_id)
    )
    return {version_id: count for version_id, count in rows}


def rounds_using(version: QuestionnaireVersion) -> list[Round]:
    return list(db.session.scalars(
        select(Round).where(Round.questionnaire_version_id == version.id)
        .order_by(Round.meeting_date, Round.id)
    ))


# ----------------------------------------------------------------------- demo


def shipped_files() -> list[Path]:
    """The question sets that ship with the app (``questionnaires/*.yaml``)."""
    folder = Path(current_app.root_path) / "questionnaires"
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))


def load_sources_in_version_order(sources: list[tuple[str, bytes]], *, by: User | None = None,
                                  office: Office | None = None) -> list[LoadResult]:
    """Load (path, bytes) pairs ordered by (questionnaire id, version), so
    that v1 goes in before v2 whatever order the files came in. Invalid files
    are reported first, in the order given; each file stands alone."""
    staged: list[tuple[tuple[str, int], str, bytes]] = []
    results: list[LoadResult] = []
    for path, data in sources:
        data = normalise_source(data)
        checked = validate(data, path)
        if checked.errors:
            results.append(LoadResult(path, REFUSED, checked, list(checked.errors)))
            continue
        staged.append(((checked.definition.id, checked.definition.version), path, data))
    for _key, path, data in sorted(staged, key=lambda item: item[0]):
        results.append(load_questionnaire(data, path=path, by=by, office=office))
    return results


def demo_load_shipped(report) -> None:
    """Demo step: load every shipped question set, in version order (idempotent)."""
    sources = [(f"questionnaires/{p.name}", p.read_bytes()) for p in shipped_files()]
    for result in load_sources_in_version_order(sources):
        report.lines.append(result.message())
        report.lines.extend("  " + str(p) for p in result.problems)
