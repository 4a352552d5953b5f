"""The in-memory shape of a validated questionnaire (format version 1).

The validator (``forms.format.validate``) builds these objects from a
YAML file; the database keeps them as JSON (``Definition.to_dict`` /
``Definition.from_dict``); the form builder and the roll-ups read them.
Nothing here parses YAML or touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from .types import QuestionKind, kind_of
from .values import Option, ScalePoint

GAP_TITLE_MAX = 200


@dataclass(frozen=True)
class Condition:
    """A ``show_if``: exactly one of the operator fields is set."""

    question: str
    equals: Any = None
    in_: tuple | None = None
    answered: bool | None = None
    at_most: float | None = None
    at_least: float | None = None

    @property
    def operator(self) -> str:
        for name in ("equals", "in_", "answered", "at_most", "at_least"):
            if getattr(self, name) is not None:
                return name.rstrip("_")
        raise ValueError("condition without an operator")

    def holds(self, value: Any) -> bool:
        """Whether the condition holds for the named question's answer value.

        ``value`` is the stored answer value (see ``Question`` below); None or
        an empty string/list means unanswered.
        """
        answered = value not in (None, "", [], ())
        op = self.operator
        if op == "answered":
            return answered == bool(self.answered)
        if not answered:
            return False
        if op == "equals":
            if isinstance(value, list):
                return _same(self.equals, value) or any(_same(self.equals, v) for v in value)
            return _same(self.equals, value)
        if op == "in":
            values = value if isinstance(value, list) else [value]
            return any(_same(c, v) for c in self.in_ for v in values)
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        if op == "at_most":
            return number <= self.at_most
        return number >= self.at_least

    def to_dict(self) -> dict:
        attribute = self.operator if self.operator != "in" else "in_"
        return {"question": self.question, self.operator: _jsonable(getattr(self, attribute))}

    @classmethod
    def from_dict(cls, data: Mapping) -> "Condition":
        kwargs = {"question": data["question"]}
        for key in ("equals", "answered", "at_most", "at_least"):
            if key in data:
                kwargs[key] = data[key]
        if "in" in data:
            kwargs["in_"] = tuple(data["in"])
        return cls(**kwargs)


def _same(expected: Any, actual: Any) -> bool:
    """Compare a condition value with an answer value (numbers by value)."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, (int, float)) and not isinstance(actual, str):
        try:
            return float(expected) == float(actual)
        except (TypeError, ValueError):
            return False
    return str(expected) == str(actual)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True)
class Question:
    """One question.

    Stored answer values by type: ``text``/``long_text`` str; ``number`` int
    or float; ``date`` ISO date string; ``yes_no`` "yes"/"no"; ``choice`` one
    option value; ``multi_choice`` list of option values; ``rating`` the
    point's int value; ``gaps`` no value (the answer is its gap list).
    """

    id: str
    question: str
    type: str
    section_id: str
    hint: str | None = None
    required: bool = False
    show_if: Condition | None = None
    publish: bool = True
    themes: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    max_length: int | None = None  # text/long_text; filled with the default
    min: float | None = None
    max: float | None = None
    integer: bool = False
    options: tuple[Option, ...] = ()  # choice/multi_choice, resolved from lists
    options_list: str | None = None  # the list name, when options named one
    scale: tuple[ScalePoint, ...] = ()  # rating, resolved
    scale_name: str | None = None  # rating: the scale's name ("confidence" by default)
    explain: str = "none"  # rating: none | optional | required
    gaps: bool = False  # True for type "gaps" too

    @property
    def kind(self) -> QuestionKind:
        """The question's type, which knows everything that differs by type."""
        return kind_of(self.type)

    @property
    def has_gaps(self) -> bool:
        return self.gaps or not self.kind.has_answer

    def choices(self) -> tuple[Option, ...]:
        """The options a respondent picks from (yes/no, choice, rating)."""
        return self.kind.choices(self)

    def point(self, value: Any) -> ScalePoint | None:
        for p in self.scale:
            if str(p.value) == str(value):
                return p
        return None

    def label_for(self, value: Any) -> str:
        """A human label for a stored value."""
        return self.kind.label_for(self, value)

    def to_dict(self) -> dict:
        d: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "type": self.type,
            "section_id": self.section_id,
            "hint": self.hint,
            "required": self.required,
            "show_if": self.show_if.to_dict() if self.show_if else None,
            "publish": self.publish,
            "themes": list(self.themes),
            "replaces": list(self.replaces),
            "max_length": self.max_length,
            "min": self.min,
            "max": self.max,
            "integer": self.integer,
            "options": [{"value": o.value, "label": o.label} for o in self.options],
            "options_list": self.options_list,
            "scale": [
                {"value": p.value, "label": p.label, "rag": p.rag, "description": p.description}
                for p in self.scale
            ],
            "scale_name": self.scale_name,
            "explain": self.explain,
            "gaps": self.gaps,
        }
        return d

    @classmethod
    def from_dict(cls, d: Mapping) -> "Question":
        return cls(
            id=d["id"],
            question=d["question"],
            type=d["type"],
            section_id=d["section_id"],
            hint=d.get("hint"),
            required=bool(d.get("required", False)),
            show_if=Condition.from_dict(d["show_if"]) if d.get("show_if") else None,
            publish=bool(d.get("publish", True)),
            themes=tuple(d.get("themes") or ()),
            replaces=tuple(d.get("replaces") or ()),
            max_length=d.get("max_length"),
            min=d.get("min"),
            max=d.get("max"),
            integer=bool(d.get("integer", False)),
            options=tuple(Option(o["value"], o["label"]) for o in d.get("options") or ()),
            options_list=d.get("options_list"),
            scale=tuple(
                ScalePoint(p["value"], p["label"], p.get("rag"), p.get("description"))
                for p in d.get("scale") or ()
            ),
            scale_name=d.get("scale_name"),
            explain=d.get("explain", "none"),
            gaps=bool(d.get("gaps", False)),
        )


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str | None
    questions: tuple[Question, ...]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "intro": self.intro,
            "questions": [q.to_dict() for q in self.questions],
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> "Section":
        return cls(
            id=d["id"],
            title=d["title"],
            intro=d.get("intro"),
            questions=tuple(Question.from_dict(q) for q in d["questions"]),
        )


@dataclass(frozen=True)
class Definition:
    id: str
    version: int
    title: str
    summary: str | None
    sections: tuple[Section, ...]
    gap_areas: tuple[Option, ...] = ()  # from the list ``gap_areas`` when declared
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for s in self.sections:
            for q in s.questions:
                self._index[q.id] = q

    @property
    def questions(self) -> Iterator[Question]:
        for s in self.sections:
            yield from s.questions

    def question(self, question_id: str) -> Question | None:
        return self._index.get(question_id)

    def section(self, section_id: str) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    def visible(self, question: Question, values: Mapping[str, Any]) -> bool:
        """Whether a question is shown, given answer values by question id.

        A question whose condition names a hidden question is hidden too.
        """
        cond = question.show_if
        if cond is None:
            return True
        target = self.question(cond.question)
        if target is None or not self.visible(target, values):
            return False
        return cond.holds(values.get(cond.question))

    def to_dict(self) -> dict:
        return {
            "format": 1,
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "summary": self.summary,
            "gap_areas": [{"value": o.value, "label": o.label} for o in self.gap_areas],
            "sections": [s.to_dict() for s in self.sections],
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> "Definition":
        return cls(
            id=d["id"],
            version=int(d["version"]),
            title=d["title"],
            summary=d.get("summary"),
            sections=tuple(Section.from_dict(s) for s in d["sections"]),
            gap_areas=tuple(Option(o["value"], o["label"]) for o in d.get("gap_areas") or ()),
        )
