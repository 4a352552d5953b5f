"""The abstract question type: what every type must say about its answers.

One subclass per type (``text``, ``number``, ...), one instance of each in
``forms.format.types.TYPES``. Everything here is pure: it reads a question's
definition and stored values, never WTForms, Flask or the database. The form
side (``forms.questionnaire.registry``) subclasses each type to add its field.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from ..values import Option, is_empty

if TYPE_CHECKING:  # the validator's working objects, read duck-typed here
    from ..check_questions import Context, QInfo
    from ..definition import Question
    from ..yamlsafe import YMap

# Keys only some types accept, in the order the validator lists them.
TYPE_SPECIFIC_KEYS = ("max_length", "min", "max", "integer", "options", "scale", "explain",
                      "gaps")

Accepts = tuple[Callable[[Any], bool], str]


@dataclass(frozen=True)
class NotesAnswer:
    """How an answer reads in the meeting notes.

    ``rating``: the scale point's label, shown apart; ``text``: the answer's text
    (None: nothing); ``paragraphs``: whether ``text`` is split into paragraphs.
    """

    rating: str | None = None
    text: str | None = None
    paragraphs: bool = False


class QuestionKind(ABC):
    """One question type's pure behaviour."""

    name: ClassVar[str]
    # type-specific YAML keys this type accepts (from TYPE_SPECIFIC_KEYS)
    keys: ClassVar[tuple[str, ...]] = ()
    has_answer: ClassVar[bool] = True  # False: the whole answer is the gap list
    is_rating: ClassVar[bool] = False  # counted in trends, latest ratings, changes
    is_figure: ClassVar[bool] = False  # a number followed in the trends beside the ratings
    compares_numbers: ClassVar[bool] = False  # show_if may use at_most / at_least
    multiple: ClassVar[bool] = False  # the stored value is a list
    # how review pages show a value: "rating", "paragraphs" or "label"
    display: ClassVar[str] = "label"

    # ---------------------------------------------------------------- YAML

    def check_keys(self, ck, mapping: YMap, info: QInfo) -> None:  # noqa: B027 (optional)
        """Report keys this type needs that the question lacks (none by default)."""

    @abstractmethod
    def read_fields(self, ctx: Context, mapping: YMap, info: QInfo) -> None:
        """Check this type's own keys, putting what they say in ``info.fields``."""

    def read_yaml(self, ctx: Context, mapping: YMap, info: QInfo) -> None:
        self.read_fields(ctx, mapping, info)
        if "gaps" in self.keys:
            info.fields["gaps"] = bool(ctx.ck.boolean(mapping, "gaps", info.where))
        elif not self.has_answer:
            info.fields["gaps"] = True

    @abstractmethod
    def condition_accepts(self, fields: dict) -> Accepts | None:
        """What a show_if value naming this question may be: (test, description);
        None when the question has no single value to compare with."""

    # ------------------------------------------------------------ the definition

    def choices(self, q: Question) -> tuple[Option, ...]:
        """The options a respondent picks from (none for free answers)."""
        return q.options

    def has_explanation(self, q: Question) -> bool:
        """Whether the question has an explanation box."""
        return False

    def example(self, kw: dict) -> dict:
        """Question keyword arguments with the defaults the validator fills in."""
        return kw

    # ------------------------------------------------------------------ values

    def is_value_empty(self, value: Any) -> bool:
        return is_empty(value)

    def label_for(self, q: Question, value: Any) -> str:
        """A stored value as a person reads it ("" when unanswered)."""
        if self.is_value_empty(value):
            return ""
        if isinstance(value, list):
            return ", ".join(self.label_for(q, v) for v in value)
        for o in self.choices(q):
            if o.value == str(value):
                return o.label
        return str(value)

    @abstractmethod
    def cell_value(self, q: Question, value: Any, rating: int | None = None) -> Any:
        """A non-empty stored value as a spreadsheet cell holds it."""

    def option_cells(self, q: Question, value: Any) -> tuple[int | None, ...]:
        """For a type whose answer picks several options, one cell per option of
        ``q.options`` (1 picked, 0 not; None each when unanswered), as survey tools'
        exports give them; () for every other type."""
        return ()

    @abstractmethod
    def notes_answer(self, q: Question, value: Any, explanation: str | None) -> NotesAnswer:
        """A stored answer as the meeting notes show it."""

    def fits(self, q: Question, value: Any, old_question: Question | None = None) -> bool:
        """Whether a stored value is one ``q`` can take (empty values never fit).

        With ``old_question`` (of an earlier version): whether its answer carries
        into ``q``."""
        return not self.is_value_empty(value) and self.value_fits(q, value, old_question)

    @abstractmethod
    def value_fits(self, q: Question, value: Any, old_question: Question | None) -> bool:
        """``fits`` for a value that is not empty."""

    def stored_rating(self, value: Any) -> int | None:
        """The rating kept beside a saved answer (None unless a rating)."""
        return None

    def carried_rating(self, value: Any) -> Any:
        """The rating kept beside an answer carried from the last round."""
        return None
