"""What changed between two questionnaire definitions (pure; no database).

    changes = diff_versions(old_definition, new_definition)
    changes.added, changes.removed, changes.reworded, changes.retyped, ...

Questions are matched by id, which is how trends and carry-forward join
answers across versions. ``replaces`` links are reported both ways: an added
question names the old questions it continues, a removed question names the
new questions that continue it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .definition import Definition, Question

# Settings compared for "other changes" (wording, type and section have their own lists).
SETTINGS = (
    ("hint", "hint"), ("required", "required"), ("show_if", "condition (show_if)"),
    ("publish", "publish"), ("themes", "themes"), ("replaces", "replaces"),
    ("max_length", "maximum length"), ("min", "minimum"), ("max", "maximum"),
    ("integer", "whole numbers only"), ("options", "options"), ("scale", "scale"),
    ("explain", "explanation box"), ("gaps", "identified gaps"),
)


@dataclass(frozen=True)
class QuestionRef:
    id: str
    wording: str
    type: str
    section_id: str
    section_title: str
    links: tuple[str, ...] = ()  # replaces (added) or replaced by (removed)


@dataclass(frozen=True)
class Reworded:
    id: str
    old: str
    new: str


@dataclass(frozen=True)
class Retyped:
    id: str
    wording: str
    old_type: str
    new_type: str


@dataclass(frozen=True)
class Moved:
    id: str
    wording: str
    old_section: str  # titles
    new_section: str


@dataclass(frozen=True)
class Changed:
    id: str
    wording: str
    settings: tuple[str, ...]  # human names from SETTINGS


@dataclass
class VersionDiff:
    old_version: int
    new_version: int
    added: list[QuestionRef] = field(default_factory=list)
    removed: list[QuestionRef] = field(default_factory=list)
    reworded: list[Reworded] = field(default_factory=list)
    retyped: list[Retyped] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    title_changed: tuple[str, str] | None = None

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.reworded or self.retyped
                    or self.moved or self.changed or self.title_changed)


def diff_versions(old: Definition, new: Definition) -> VersionDiff:
    """The changes from ``old`` to ``new`` (usually two versions of one questionnaire)."""
    out = VersionDiff(old.version, new.version)
    if old.title != new.title:
        out.title_changed = (old.title, new.title)
    old_ids = {q.id for q in old.questions}
    new_ids = {q.id for q in new.questions}
    replaced_by: dict[str, list[str]] = {}
    for q in new.questions:
        for gone in q.replaces:
            replaced_by.setdefault(gone, []).append(q.id)
    for q in new.questions:
        if q.id not in old_ids:
            out.added.append(_ref(new, q, q.replaces))
    for q in old.questions:
        if q.id not in new_ids:
            out.removed.append(_ref(old, q, tuple(replaced_by.get(q.id, ()))))
    for q in new.questions:
        before = old.question(q.id)
        if before is not None:
            _compare(out, old, new, before, q)
    return out


def _ref(d: Definition, q: Question, links: tuple[str, ...]) -> QuestionRef:
    return QuestionRef(q.id, q.question, q.type, q.section_id, _section_title(d, q), links)


def _section_title(d: Definition, q: Question) -> str:
    section = d.section(q.section_id)
    return section.title if section else q.section_id


def _compare(out: VersionDiff, old: Definition, new: Definition, a: Question, b: Question) -> None:
    if a.question != b.question:
        out.reworded.append(Reworded(b.id, a.question, b.question))
    if a.type != b.type:
        out.retyped.append(Retyped(b.id, b.question, a.type, b.type))
    if a.section_id != b.section_id:
        out.moved.append(Moved(b.id, b.question, _section_title(old, a), _section_title(new, b)))
    if a.type == b.type:
        settings = tuple(label for name, label in SETTINGS if getattr(a, name) != getattr(b, name))
        if settings:
            out.changed.append(Changed(b.id, b.question, settings))
