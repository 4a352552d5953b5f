"""The national library of questionnaires: an office publishes one of its own, every
office's admins read it, and an office adopts a published questionnaire as its own.

Adopting makes a questionnaire of the adopting office with the same key, each version
loaded from the same YAML text through the normal loading path (so question ids are kept
and answers can be compared), ``adopted_from_id`` naming the source's lineage. Adopting
again, once the source has newer versions, loads those ("brings it up to date").

What another office sees of a published questionnaire is only what ``LibraryEntry`` holds:
its key, titles, summary, versions and their YAML, and its office's name; never who loaded
it, which rounds use it, or anything else of the publishing office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from forms.format.definition import Definition
from models import Office, Questionnaire, QuestionnaireVersion, User, db, utcnow
from models.permissions import require

from . import audit
from .database import transaction
from .offices import office_for
from .questionnaires import NEW, check_questionnaire, get_questionnaire, store_checked

# An entry's standing for the office that reads the library.
OWN = "own"  # the office's own questionnaire
ADOPTED = "adopted"  # adopted, every version of the source loaded
UPDATE = "update"  # adopted, and the source has newer versions
CLASH = "clash"  # the office has another questionnaire with the same key
AVAILABLE = "available"  # can be adopted


class LibraryError(ValueError):
    """A refused publish, withdrawal or adoption; the message says why."""


@dataclass(frozen=True)
class LibraryVersion:
    number: int
    title: str
    question_count: int
    yaml_text: str
    definition: Definition
    version_id: int = 0  # the publishing office's QuestionnaireVersion (for the audit trail)


@dataclass(frozen=True)
class LibraryEntry:
    """A published questionnaire as any office may see it."""

    id: int
    key: str
    title: str
    office_name: str
    published_at: datetime
    versions: tuple[LibraryVersion, ...]  # oldest first
    standing: str  # for the reading office: OWN, ADOPTED, UPDATE, CLASH or AVAILABLE

    @property
    def latest(self) -> LibraryVersion:
        return self.versions[-1]

    @property
    def summary(self) -> str | None:
        return self.latest.definition.summary

    def version(self, number: int) -> LibraryVersion | None:
        return next((v for v in self.versions if v.number == number), None)


@dataclass(frozen=True)
class AdoptResult:
    questionnaire: Questionnaire
    loaded: tuple[int, ...]  # the version numbers loaded now
    updated: bool  # it had been adopted before: newer versions were loaded

    def message(self) -> str:
        title = self.questionnaire.title
        if not self.loaded:
            return f"“{title}” is already up to date with the national library."
        numbers = ", ".join(str(n) for n in self.loaded)
        plural = "s" if len(self.loaded) != 1 else ""
        if self.updated:
            return f"Brought “{title}” up to date: loaded version{plural} {numbers}."
        return f"Adopted “{title}” from the national library: loaded version{plural} {numbers}."


# --------------------------------------------------------------------- reading


def _published():
    return (select(Questionnaire).where(Questionnaire.library_at.is_not(None))
            .options(selectinload(Questionnaire.versions), selectinload(Questionnaire.office)))


def library_entries(*, office_id: int) -> list[LibraryEntry]:
    """Every published questionnaire, by title, as office ``office_id`` sees it."""
    sources = list(db.session.scalars(_published()))
    own = _own_by_key(office_id, {q.key for q in sources})
    entries = [_entry(q, own.get(q.key), office_id) for q in sources]
    return sorted(entries, key=lambda e: (e.title.lower(), e.office_name.lower(), e.id))


def library_entry(questionnaire_id: int, *, office_id: int) -> LibraryEntry | None:
    """One published questionnaire (None: there is none with that id in the library,
    whichever office has it)."""
    source = db.session.scalar(_published().where(Questionnaire.id == questionnaire_id))
    if source is None:
        return None
    return _entry(source, _own_by_key(office_id, {source.key}).get(source.key), office_id)


def _own_by_key(office_id: int, keys: set[str]) -> dict[str, Questionnaire]:
    if not keys:
        return {}
    return {q.key: q for q in db.session.scalars(
        select(Questionnaire).where(Questionnaire.office_id == office_id,
                                    Questionnaire.key.in_(keys))
        .options(selectinload(Questionnaire.versions)))}


def _entry(source: Questionnaire, own: Questionnaire | None, office_id: int) -> LibraryEntry:
    versions = tuple(LibraryVersion(v.version, v.title, v.question_count, v.yaml_text,
                                    v.definition, v.id) for v in source.versions)
    return LibraryEntry(source.id, source.key, source.title, source.office.name,
                        source.library_at, versions, _standing(source, own, office_id))


def _standing(source: Questionnaire, own: Questionnaire | None, office_id: int) -> str:
    if source.office_id == office_id:
        return OWN
    if own is None:
        return AVAILABLE
    if own.adopted_from_id != source.lineage_id:
        return CLASH
    have = {v.version for v in own.versions}
    return ADOPTED if all(v.version in have for v in source.versions) else UPDATE


# --------------------------------------------------------------------- publishing


def publish(questionnaire: Questionnaire, *, by: User | None) -> bool:
    """Put the office's own questionnaire in the national library (False: it was there
    already; nothing changed)."""
    require(by, "library.publish", questionnaire)
    if questionnaire.adopted_from_id is not None:
        raise LibraryError("This questionnaire was adopted from the national library: only "
                           "the office that wrote it can publish it.")
    if questionnaire.library_at is not None:
        return False
    with transaction():
        questionnaire.library_at = utcnow()
        audit.record("library.publish", user=by, obj=questionnaire, questionnaire=questionnaire.key,
                     versions=len(questionnaire.versions))
    return True


def withdraw(questionnaire: Questionnaire, *, by: User | None) -> bool:
    """Take the questionnaire out of the national library (False: it was not in it).
    Offices that adopted it keep their copies."""
    require(by, "library.publish", questionnaire)
    if questionnaire.library_at is None:
        return False
    with transaction():
        questionnaire.library_at = None
        audit.record("library.withdraw", user=by, obj=questionnaire,
                     questionnaire=questionnaire.key)
    return True


# --------------------------------------------------------------------- adopting


def adopt(entry: LibraryEntry, *, by: User | None, office: Office | None = None
          ) -> AdoptResult:
    """Adopt a published questionnaire into ``by``'s office (else ``office``), or bring an
    adopted copy up to date: every version it lacks is loaded, as one unit."""
    require(by, "library.adopt")
    target = office_for(by=by, office=office)
    source = db.session.get(Questionnaire, entry.id)
    if source is None or source.library_at is None:
        raise LibraryError("This questionnaire is no longer in the national library.")
    if source.office_id == target.id:
        raise LibraryError("This questionnaire is your office's own: there is nothing to adopt.")
    existing = get_questionnaire(source.key, office_id=target.id)
    if existing is not None and existing.adopted_from_id != source.lineage_id:
        raise LibraryError(
            f"Your office already has a questionnaire with the id “{source.key}” "
            f"(“{existing.title}”), so this one cannot be adopted. Nothing was changed.")
    todo = _versions_to_load(source, existing)
    if not todo:
        return AdoptResult(existing, (), True)
    try:
        with transaction():
            adopted = _load_versions(source, todo, by, target.id)
            audit.record("library.adopt", user=by, obj=adopted, questionnaire=source.key,
                         from_office=source.office.name, versions=[v.version for v in todo],
                         updated=existing is not None)
    except IntegrityError:
        raise LibraryError("Another change to this questionnaire was made at the same "
                           "time. Nothing was changed: try again.") from None
    return AdoptResult(adopted, tuple(v.version for v in todo), existing is not None)


def _versions_to_load(source: Questionnaire, existing: Questionnaire | None
                      ) -> list[QuestionnaireVersion]:
    have = {v.version: v.content_hash for v in existing.versions} if existing else {}
    differ = [v.version for v in source.versions
              if v.version in have and have[v.version] != v.content_hash]
    if differ:
        numbers = ", ".join(str(n) for n in differ)
        raise LibraryError(
            f"Your office's version {numbers} of “{source.key}” differs from the national "
            "library's, so it cannot be brought up to date. Nothing was changed.")
    return [v for v in source.versions if v.version not in have]


def _load_versions(source: Questionnaire, todo: list[QuestionnaireVersion], by: User | None,
                   office_id: int) -> Questionnaire:
    adopted = None
    for v in todo:
        checked = check_questionnaire(v.yaml_text, path=f"library:{source.key}.v{v.version}",
                                      office_id=office_id)
        if checked.status != NEW:
            problems = "; ".join(p.message for p in checked.problems) or "already loaded"
            raise LibraryError(f"Version {v.version} could not be loaded ({problems}). "
                               "Nothing was changed.")
        adopted = store_checked(checked, by=by, office_id=office_id).questionnaire
        adopted.adopted_from_id = source.lineage_id
    db.session.flush()
    return adopted
