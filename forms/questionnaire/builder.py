"""Generated form classes for questionnaire definitions, and answer conversions.

``form_class_for(definition, section_id=None)`` returns a ``FlaskForm``
subclass (of ``base.QuestionnaireForm``) with one set of fields per question
(see ``naming`` for the field names). A class is built with ``type()`` from
fresh field objects and fresh mappings every time one is built, and cached per
(definition id, version, section id): versions are immutable, so nothing is
rebuilt per request. Should a different definition arrive under the same id
and version (a preview of an unsaved file, a test), the cached class is
replaced rather than reused.

Answers cross the form boundary as ``AnswerData`` (value, explanation, gaps):

- ``values_from_form(form, context=None)`` reads them from a bound form;
- ``form_data_from_answers(definition, answers, section_id=None)`` turns
  stored answers back into a ``MultiDict`` to bind as ``formdata=``; drafts
  and stored answers are re-bound the same way.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms.fields import TextAreaField

from forms.format.definition import Definition, Question
from forms.format.naming import QuestionFields
from models.text import normalise_text

from .base import QuestionnaireForm
from .fields import EXPLAIN_MAX, RequiredOnSubmit, SafeText, is_empty
from .gaps import gap_form_class, gap_formdata, gap_list_field, gaps_from_list
from .registry import get_type

CACHE_SIZE = 256

_cache: OrderedDict[tuple, tuple[Definition, type[QuestionnaireForm]]] = OrderedDict()
_lock = threading.Lock()


@dataclass
class AnswerData:
    """One question's answer as the form gives it (or takes it back).

    ``value`` has the shape documented on ``Question`` (None: unanswered);
    ``explanation`` is a rating's explanation; ``gaps`` are gap dicts with the
    keys of ``gaps.GAP_KEYS``. ``hidden`` is True when ``show_if`` hides the
    question: its value, explanation and gaps are then empty and should
    replace any earlier ones.
    """

    value: Any = None
    explanation: str | None = None
    gaps: list[dict[str, Any]] = field(default_factory=list)
    hidden: bool = False


# ------------------------------------------------------------------ the classes


def form_class_for(definition: Definition,
                   section_id: str | None = None) -> type[QuestionnaireForm]:
    """The form class for a whole definition, or for one of its sections."""
    key = (definition.id, definition.version, section_id)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and (hit[0] is definition or hit[0] == definition):
            _cache.move_to_end(key)
            return hit[1]
    cls = build_form_class(definition, section_id)
    with _lock:
        _cache[key] = (definition, cls)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return cls


def clear_form_cache() -> None:
    with _lock:
        _cache.clear()


def questions_in(definition: Definition, section_id: str | None) -> tuple[Question, ...]:
    if section_id is None:
        return tuple(definition.questions)
    section = definition.section(section_id)
    if section is None:
        raise KeyError(f"{definition.id} v{definition.version} has no section {section_id!r}")
    return section.questions


def build_form_class(definition: Definition,
                     section_id: str | None = None) -> type[QuestionnaireForm]:
    """Build a new form class (uncached). Prefer ``form_class_for``."""
    questions = questions_in(definition, section_id)
    gap_form = gap_form_class(definition) if any(q.has_gaps for q in questions) else None
    attrs: dict[str, Any] = {}
    field_map: dict[str, QuestionFields] = {}
    name_to_question: dict[str, str] = {}
    for q in questions:
        names = QuestionFields.for_question(q)
        field_map[q.id] = names
        if names.answer:
            attrs[names.answer] = get_type(q.type).field(q)
        if names.explain:
            attrs[names.explain] = explain_field(q, names.answer)
        if names.gaps:
            attrs[names.gaps] = gap_list_field(gap_form)
        for name in names.names:
            name_to_question[name] = q.id
    attrs.update(
        definition=definition,
        section_id=section_id,
        question_ids=tuple(q.id for q in questions),
        field_map=MappingProxyType(field_map),
        name_to_question=MappingProxyType(name_to_question),
    )
    return type(_class_name(definition, section_id), (QuestionnaireForm,), attrs)


def _class_name(definition: Definition, section_id: str | None) -> str:
    parts = ["Questionnaire", definition.id, f"v{definition.version}", section_id or "all"]
    return "_".join(p.replace("-", "_") for p in parts) + "_Form"


def explain_field(q: Question, rating_name: str) -> TextAreaField:
    """The explanation box of a rating; required on submit when the rating
    is answered and the question says ``explain: required``."""
    validators: list = [SafeText(EXPLAIN_MAX, "Your explanation")]
    if q.explain == "required":
        validators.append(RequiredOnSubmit(
            "Explain your rating",
            when=lambda form: not is_empty(form[rating_name].data),
        ))
    return TextAreaField("Explain your rating", validators=validators, filters=[normalise_text])


# ----------------------------------------------------------------- conversions


def values_from_form(form: QuestionnaireForm, context: Mapping[str, Any] | None = None
                     ) -> dict[str, AnswerData]:
    """{question id: AnswerData} for every question of the form."""
    visible = form.visible_ids(context)
    out: dict[str, AnswerData] = {}
    for q in form.questions:
        if q.id not in visible:
            out[q.id] = AnswerData(hidden=True)
            continue
        names = form.field_map[q.id]
        value = get_type(q.type).value(q, form[names.answer]) if names.answer else None
        explanation = (form[names.explain].data or None) if names.explain else None
        gaps = gaps_from_list(form[names.gaps]) if names.gaps else []
        out[q.id] = AnswerData(value=value, explanation=explanation, gaps=gaps)
    return out


def _unpack(answer: Any) -> tuple[Any, Any, list]:
    if isinstance(answer, AnswerData):
        return answer.value, answer.explanation, list(answer.gaps or [])
    if isinstance(answer, Mapping):
        return answer.get("value"), answer.get("explanation"), list(answer.get("gaps") or [])
    return answer, None, []


def form_data_from_answers(definition: Definition, answers: Mapping[str, Any],
                           section_id: str | None = None) -> MultiDict:
    """Form data that re-binds stored answers to a fresh form.

    ``answers`` maps question ids to ``AnswerData``, to mappings with the keys
    ``value``/``explanation``/``gaps``, or to bare values.
    """
    data = MultiDict()
    for q in questions_in(definition, section_id):
        if answers.get(q.id) is None:
            continue
        value, explanation, gaps = _unpack(answers[q.id])
        names = QuestionFields.for_question(q)
        pairs: list[tuple[str, str]] = []
        if names.answer:
            pairs += get_type(q.type).formdata(q, names.answer, value)
        if names.explain and explanation:
            pairs.append((names.explain, str(explanation)))
        if names.gaps:
            pairs += gap_formdata(names.gaps, gaps)
        for key, item in pairs:
            data.add(key, item)
    return data


def bind_answers(definition: Definition, answers: Mapping[str, Any],
                 section_id: str | None = None, *, csrf: bool = True,
                 extra: Iterable[tuple[str, str]] = ()) -> QuestionnaireForm:
    """A form of ``form_class_for(definition, section_id)`` bound to stored
    answers. Pass ``csrf=False`` to validate stored answers (they carry no
    token); keep it on for a form that will be rendered and posted."""
    formdata = form_data_from_answers(definition, answers, section_id)
    for key, item in extra:
        formdata.add(key, item)
    cls = form_class_for(definition, section_id)
    if csrf:
        return cls(formdata=formdata)
    return cls(formdata=formdata, meta={"csrf": False})
