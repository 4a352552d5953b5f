"""Which questions are "the same question" across versions of a questionnaire.

Trends and comparisons join answers by question id and follow ``replaces``:
a question that lists ``replaces: [old-id]`` continues the answers of
``old-id`` from earlier versions. Every question id maps to a *trend key*:
the id of the newest question that continues it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forms.format.definition import Definition, Question


@dataclass
class Lineage:
    """Built from every version of one questionnaire, oldest first."""

    definitions: list[Definition]
    _successor: dict[str, str] = field(default_factory=dict, repr=False)
    _order: list[str] = field(default_factory=list, repr=False)
    _latest: dict[str, tuple[Question, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for d in self.definitions:
            for q in d.questions:
                for old in q.replaces:
                    if old != q.id:
                        self._successor[old] = q.id
        seen: set[str] = set()
        for d in reversed(self.definitions):  # newest version first
            for q in d.questions:
                key = self.key(q.id)
                self._latest.setdefault(key, (q, d.version))
                if key not in seen:
                    seen.add(key)
                    self._order.append(key)

    def key(self, question_id: str) -> str:
        """The trend key of a question id (itself unless a later question replaces it)."""
        seen = {question_id}
        while question_id in self._successor:
            question_id = self._successor[question_id]
            if question_id in seen:
                break
            seen.add(question_id)
        return question_id

    def position(self, key: str) -> int:
        """Sort position of a trend key: newest version's order, then older ones."""
        try:
            return self._order.index(key)
        except ValueError:
            return len(self._order)

    def ordered(self, keys) -> list[str]:
        index = {k: i for i, k in enumerate(self._order)}
        return sorted(set(keys), key=lambda k: (index.get(k, len(index)), k))

    def latest_question(self, key: str) -> Question | None:
        """The newest question of a trend (its wording heads a trend)."""
        found = self._latest.get(key)
        return found[0] if found else None
