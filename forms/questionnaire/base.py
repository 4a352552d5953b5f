"""The base class of every generated questionnaire form.

``builder.form_class_for`` makes subclasses with ``type()``; each subclass has
the class attributes ``definition``, ``section_id``, ``question_ids``,
``field_map`` (question id -> ``QuestionFields``) and ``name_to_question``
(field name -> question id).

``context`` arguments are answer values ({question id: value}) from outside
this form (other sections of the response); they are consulted for ``show_if``
conditions on questions this form does not contain. The form's own values
always win.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from flask import has_request_context, request
from flask_wtf import FlaskForm

from forms.format.definition import Definition, Question
from forms.format.naming import ADD_GAP, REMOVE_GAP, QuestionFields

from .fields import DRAFT, SUBMIT, GapList
from .gaps import prepare_gap_entries
from .registry import get_type
from .rendering import error_summary_items, question_error_items, question_spec


class QuestionnaireForm(FlaskForm):
    definition: ClassVar[Definition]
    section_id: ClassVar[str | None] = None
    question_ids: ClassVar[tuple[str, ...]] = ()
    field_map: ClassVar[Mapping[str, QuestionFields]] = MappingProxyType({})
    name_to_question: ClassVar[Mapping[str, str]] = MappingProxyType({})

    _mode = SUBMIT  # read by validators; set while validating
    # The ids (strings) of gaps first identified in the response being edited: they keep
    # their Remove button and have no status. Any other ``gap_id`` is a gap carried from an
    # earlier round, which can only be closed. The view sets them (``mark_new_gaps``).
    new_gap_ids: frozenset[str] = frozenset()

    # ------------------------------------------------------------- questions

    @property
    def questions(self) -> list[Question]:
        return [self.definition.question(qid) for qid in self.question_ids]

    def fields_for(self, question_id: str) -> QuestionFields:
        return self.field_map[question_id]

    def answer_field(self, question_id: str):
        name = self.field_map[question_id].answer
        return self[name] if name else None

    def raw_values(self) -> dict[str, Any]:
        """Every question's parsed value, ignoring ``show_if`` (None if invalid)."""
        values = {}
        for q in self.questions:
            field = self.answer_field(q.id)
            values[q.id] = get_type(q.type).value(q, field) if field is not None else None
        return values

    def visible_ids(self, context: Mapping[str, Any] | None = None) -> set[str]:
        values = {**(context or {}), **self.raw_values()}
        return {q.id for q in self.questions if self.definition.visible(q, values)}

    def is_visible(self, question_id: str, context: Mapping[str, Any] | None = None) -> bool:
        return question_id in self.visible_ids(context)

    def answer_values(self, context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """{question id: stored value}; hidden questions (show_if) are None."""
        values = self.raw_values()
        visible = self.visible_ids(context)
        return {qid: (value if qid in visible else None) for qid, value in values.items()}

    # ------------------------------------------------------------ validation

    def validate_draft(self, context: Mapping[str, Any] | None = None) -> bool:
        """Types and lengths only (and CSRF); nothing is required."""
        return self._validate_mode(DRAFT, context)

    def validate_submit(self, context: Mapping[str, Any] | None = None) -> bool:
        """Everything, including ``required`` and ``explain: required``."""
        return self._validate_mode(SUBMIT, context)

    def validate(self, extra_validators=None) -> bool:
        """Plain ``validate()`` (and ``validate_on_submit()``) mean submit."""
        return self.validate_submit()

    def _validate_mode(self, mode: str, context: Mapping[str, Any] | None) -> bool:
        visible = self.visible_ids(context)
        self._mode = mode
        try:
            ok = True
            for name, field in self._fields.items():
                qid = self.name_to_question.get(name)
                if qid is not None and qid not in visible:
                    field.errors = []
                    continue
                if isinstance(field, GapList):
                    prepare_gap_entries(field, self.definition.question(qid).question)
                if not field.validate(self):
                    ok = False
            if mode == SUBMIT:
                ok = self._check_required_gap_lists(visible) and ok
            return ok
        finally:
            self._mode = SUBMIT

    def _check_required_gap_lists(self, visible: set[str]) -> bool:
        ok = True
        for q in self.questions:
            if q.kind.has_answer or not q.required or q.id not in visible:
                continue
            gap_list = self[self.field_map[q.id].gaps]
            if all(entry.form.is_blank() for entry in gap_list.entries):
                first = gap_list.entries[0].form
                message = get_type(q.type).required_message
                first.title.errors.append(message)
                gap_list.errors = [entry.errors for entry in gap_list.entries]
                ok = False
        return ok

    # ----------------------------------------------------------- gap items

    def mark_new_gaps(self, gap_ids) -> None:
        """Name the gaps first identified in this response (so still removable)."""
        self.new_gap_ids = frozenset(str(i) for i in gap_ids)

    def gap_is_carried(self, item) -> bool:
        """Whether a gap item form holds a gap carried from an earlier round."""
        gap_id = item.gap_id.data
        return bool(gap_id) and str(gap_id) not in self.new_gap_ids

    # ----------------------------------------------- add another, without JS

    def requested_list_action(self, formdata=None) -> tuple[str, str, int | None] | None:
        """("add", list name, None) or ("remove", list name, index) when an
        "Add another gap" / "Remove" button was pressed, else None."""
        if formdata is None:
            formdata = request.form if has_request_context() else {}
        gap_names = {names.gaps for names in self.field_map.values() if names.gaps}
        target = formdata.get(ADD_GAP)
        if target in gap_names:
            return ("add", target, None)
        name, _, index = str(formdata.get(REMOVE_GAP) or "").rpartition("-")
        if name in gap_names and index.isdigit():
            return ("remove", name, int(index))
        return None

    def apply_list_action(self, formdata=None) -> bool:
        """Carry out a pressed add/remove button; True if one was pressed.

        The view then re-renders the form (after saving a draft if it likes)
        instead of validating it for submission.
        """
        action = self.requested_list_action(formdata)
        if action is None:
            return False
        verb, name, index = action
        gap_list = self[name]
        if verb == "add":
            if gap_list.can_add():
                gap_list.append_entry()
            return True
        for position, entry in enumerate(gap_list.entries):
            if entry.name == f"{name}-{index}" and not self.gap_is_carried(entry.form):
                del gap_list.entries[position]
                break
        if hasattr(gap_list, "_compact_indices"):
            gap_list._compact_indices()
        if not gap_list.entries:
            gap_list.append_entry()
        return True

    # ------------------------------------------------------------- rendering

    def render_spec(self, question_id: str) -> dict[str, Any]:
        """What ``_fields.html`` renders for one question (see ``rendering``)."""
        return question_spec(self, self.definition.question(question_id))

    def error_summary_items(self) -> list[dict[str, str]]:
        return error_summary_items(self)

    def question_error_items(self) -> list[tuple[str | None, dict[str, str]]]:
        """(question id or None, error summary item) pairs, in the summary's order."""
        return question_error_items(self)

    def errors_by_question(self) -> dict[str, list[str]]:
        """{question id: its error messages, as the error summary words them}, for the
        questions with an error, in question order (errors of no question are left out)."""
        out: dict[str, list[str]] = {}
        for qid, item in question_error_items(self):
            if qid is not None:
                out.setdefault(qid, []).append(item["text"])
        return out

    def questions_with_errors(self) -> set[str]:
        """Ids of the questions that have an error on any of their fields."""
        return {qid for name, qid in self.name_to_question.items() if self[name].errors}
