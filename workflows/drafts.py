"""Which answers of a section posted as a draft are saved (never writes or commits).

A draft is checked for types and lengths only (``validate_draft``: nothing is
required yet). A section that is partly invalid is still saved in part: the
answers of the questions with an error are held back, as they were stored, and
every other answer of the section is saved, so nothing valid that was typed is
lost. A question's error anywhere (its answer, its explanation, one of its gaps)
holds back the whole question. Errors that belong to no question (the CSRF
token) hold back nothing.

"Save and continue" asks for more (``check=True``): once the draft is valid, the
section is also checked as submit would check it (required answers, a gap's
title), so a problem shows on the section rather than only at submit. Those
problems hold back nothing: the draft is saved as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from forms.questionnaire.builder import AnswerData, values_from_form


@dataclass(frozen=True)
class DraftAnswers:
    answers: dict[str, AnswerData]  # {question id: what to save}
    errors: list[dict[str, str]]  # the error summary's items (empty: all valid)
    held_back: frozenset[str]  # the questions not saved because of an error
    problems: list[dict[str, str]] = field(default_factory=list)  # what submit would refuse

    @property
    def complete(self) -> bool:
        """Valid as a draft and, when checked, as submit would check it."""
        return not self.errors and not self.problems


def draft_answers(form, context: Mapping[str, Any] | None = None, *,
                  check: bool = False) -> DraftAnswers:
    """Validate the posted section ``form`` as a draft and split it: what may be saved
    and what is held back. ``context`` is the other sections' answer values. With
    ``check``, a valid draft is then checked as submit would (``problems``); the form
    is left holding those errors, for the page."""
    form.validate_draft(context)
    held_back = frozenset(form.errors_by_question())
    answers = {qid: data for qid, data in values_from_form(form, context).items()
               if qid not in held_back}
    errors = form.error_summary_items()
    problems = []
    if check and not errors and not form.validate_submit(context):
        problems = form.error_summary_items()
    return DraftAnswers(answers, errors, held_back, problems)
