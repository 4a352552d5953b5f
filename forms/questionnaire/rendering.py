"""What the ``templates/questionnaire/_fields.html`` macros render.

``question_spec(form, question)`` returns a plain dict: the question's
container (id, ``data-show-if`` JSON, a no-JavaScript note on when to answer),
whether its parts are grouped in one fieldset, and the govuk-frontend-jinja
component name and parameters of each part. ``error_summary_items(form)``
returns the ``errorList`` for ``govukErrorSummary``. All user-supplied text
goes into ``text`` parameters (escaped by the macros), never ``html``.
"""

from __future__ import annotations

import json
from typing import Any

from forms.format.definition import Definition, Question
from forms.format.naming import ADD_GAP, REMOVE_GAP, answer_name

from .fields import EXPLAIN_MAX, GovDateField, format_number, quoted
from .gaps import GAP_STATUSES
from .registry import date_error_href, error_message, get_type


def question_spec(form, q: Question) -> dict[str, Any]:
    names = form.field_map[q.id]
    answer = form[names.answer] if names.answer else None
    explain = form[names.explain] if names.explain else None
    gaps = form[names.gaps] if names.gaps else None
    grouped = explain is not None or gaps is not None
    answer_spec = get_type(q.type).render(q, answer, grouped=grouped) if answer else None
    hint_id = f"question-{q.id}-hint"
    described = [hint_id] if grouped and q.hint else []
    choices = answer_spec is not None and answer_spec["component"] in ("radios", "checkboxes")
    if grouped and choices and answer.errors:
        described.append(f"{answer.id}-error")
    return {
        "question_id": q.id,
        "container_id": f"question-{q.id}",
        "show_if": show_if_json(q),
        "condition_text": condition_text(form.definition, q),
        "grouped": grouped,
        "legend": q.question,
        "hint": q.hint if grouped else None,
        "hint_id": hint_id,
        "described_by": " ".join(described) or None,
        "answer": answer_spec,
        "explain": explain_spec(q, explain) if explain is not None else None,
        "gaps": gaps_spec(form, q, gaps) if gaps is not None else None,
    }


def show_if_json(q: Question) -> str | None:
    """The ``data-show-if`` value: the condition plus the controlling field's name."""
    if q.show_if is None:
        return None
    data = q.show_if.to_dict()
    data["field"] = answer_name(q.show_if.question)
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


def condition_text(definition: Definition, q: Question) -> str | None:
    """When to answer a conditional question, for pages without JavaScript."""
    cond = q.show_if
    target = definition.question(cond.question) if cond else None
    if cond is None or target is None:
        return None
    about = f"your answer to {quoted(target.question)}"
    op = cond.operator
    if op == "answered":
        verb = "have answered" if cond.answered else "have not answered"
        return f"Answer this if you {verb} {quoted(target.question)}."
    if op in ("equals", "in"):
        values = [cond.equals] if op == "equals" else list(cond.in_)
        labels = ", ".join(f"“{target.label_for(v)}”" for v in values)
        if target.kind.multiple:
            verb = "includes" if op == "equals" else "includes any of"
        else:
            verb = "is" if op == "equals" else "is one of"
        return f"Answer this if {about} {verb} {labels}."
    bound = cond.at_most if op == "at_most" else cond.at_least
    if target.kind.is_rating:
        whole = float(bound).is_integer()
        shown = f"“{target.label_for(int(bound))}”" if whole else format_number(bound)
        direction = "or lower" if op == "at_most" else "or higher"
    else:
        shown, direction = format_number(bound), ("or less" if op == "at_most" else "or more")
    return f"Answer this if {about} is {shown} {direction}."


def explain_spec(q: Question, field) -> dict[str, Any]:
    label = "Explain your rating" + (" (optional)" if q.explain == "optional" else "")
    return {"component": "character_count", "params": _drop_none({
        "id": field.id, "name": field.name, "value": field.data or "",
        "maxlength": EXPLAIN_MAX, "rows": 4,
        "label": {"text": label, "classes": "govuk-label--s"},
        "errorMessage": error_message(field),
    })}


# --------------------------------------------------------------------------- gaps


def gaps_spec(form, q: Question, gap_list) -> dict[str, Any]:
    count = len(gap_list.entries)
    items = [_gap_item(form, gap_list, entry, n, count) for n, entry in enumerate(gap_list.entries)]
    return {
        "id": gap_list.id,
        "name": gap_list.name,
        "heading": "Identified gaps",
        "hint": "Add each gap you have identified. Leave a gap's fields empty to leave it out.",
        "items": items,
        "error": list_error(gap_list),
        "add_button": {"name": ADD_GAP, "value": gap_list.name, "text": "Add another gap"}
        if gap_list.can_add() else None,
    }


def _gap_item(form, gap_list, entry, index: int, count: int) -> dict[str, Any]:
    item = entry.form
    carried = form.gap_is_carried(item)
    saved_new = bool(item.gap_id.data) and not carried
    base = f"{gap_list.name}-%index%-"
    fields = [
        _gap_input(item.title, base, "Title", "govuk-!-width-full"),
        _gap_textarea(item.detail, base, "Detail (optional)"),
        _gap_area(form.definition, item.area, base),
        _gap_input(item.owner, base, "Owner (optional)", "govuk-!-width-two-thirds"),
        _gap_date(item.target_date, base),
    ]
    if carried:
        fields += [{**part, "carried_only": True} for part in (
            _gap_status(item.status, base),
            _gap_textarea(item.update, base, "Progress update (optional)"),
            _gap_textarea(item.closing_note, base, "Closing note (optional)"))]
    remove = None
    if not carried and (count > 1 or saved_new):  # a saved new gap may be the only one
        remove = {"name": REMOVE_GAP, "value": entry.name, "text": f"Remove gap {index + 1}"}
    return {
        "legend": f"Gap {index + 1}",
        "id": entry.id,
        "carried": carried,
        "saved_new": saved_new,
        "gap_id": {"name": item.gap_id.name, "id": item.gap_id.id, "value": item.gap_id.data or "",
                   "data_name": base + "gap_id", "data_id": base + "gap_id"},
        "fields": fields,
        "remove": remove,
    }


def _moj(base: str, sub: str) -> dict[str, str]:
    return {"data-name": base + sub, "data-id": base + sub}


def _gap_input(field, base: str, label: str, classes: str) -> dict:
    return {"component": "input", "params": _drop_none({
        "id": field.id, "name": field.name, "value": field.data or "", "classes": classes,
        "label": {"text": label, "classes": "govuk-label--s"},
        "errorMessage": error_message(field), "attributes": _moj(base, field.short_name),
    })}


def _gap_textarea(field, base: str, label: str) -> dict:
    return {"component": "textarea", "params": _drop_none({
        "id": field.id, "name": field.name, "value": field.data or "", "rows": 3,
        "label": {"text": label, "classes": "govuk-label--s"},
        "errorMessage": error_message(field), "attributes": _moj(base, field.short_name),
    })}


def _gap_area(definition: Definition, field, base: str) -> dict:
    if not definition.gap_areas:
        return _gap_input(field, base, "Area (optional)", "govuk-!-width-two-thirds")
    items = [{"value": "", "text": "Choose an area"}]
    items += [{"value": o.value, "text": o.label, "selected": o.value == field.data}
              for o in definition.gap_areas]
    return {"component": "select", "params": _drop_none({
        "id": field.id, "name": field.name, "items": items,
        "label": {"text": "Area (optional)", "classes": "govuk-label--s"},
        "errorMessage": error_message(field), "attributes": _moj(base, field.short_name),
    })}


def _gap_date(field: GovDateField, base: str) -> dict:
    items = []
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        error = field.errors and (part in field.error_parts or not field.error_parts)
        items.append({
            "name": part, "value": field.parts[part],
            "classes": f"govuk-input--width-{width}" + (" govuk-input--error" if error else ""),
            "attributes": _moj(base, f"{field.short_name}-{part}"),
        })
    return {"component": "date_input", "params": _drop_none({
        "id": field.id, "namePrefix": field.name, "items": items,
        "fieldset": {"legend": {"text": "Target date (optional)",
                                "classes": "govuk-fieldset__legend--s"}},
        "hint": {"text": "For example, 31 3 2026"},
        "errorMessage": error_message(field),
    })}


def _gap_status(field, base: str) -> dict:
    items = []
    for n, option in enumerate(GAP_STATUSES, start=1):
        suffix = "" if n == 1 else f"-{n}"
        items.append({"value": option.value, "text": option.label,
                      "checked": option.value == (field.data or "open"),
                      "attributes": {"data-name": base + field.short_name,
                                     "data-id": base + field.short_name + suffix}})
    return {"component": "radios", "params": _drop_none({
        "name": field.name, "idPrefix": field.id, "items": items,
        "classes": "govuk-radios--inline govuk-radios--small",
        "fieldset": {"legend": {"text": "Status", "classes": "govuk-fieldset__legend--s"}},
        "errorMessage": error_message(field),
    })}


def _drop_none(params: dict) -> dict:
    return {k: v for k, v in params.items() if v is not None}


# ------------------------------------------------------------------ error summary


def error_summary_items(form) -> list[dict[str, str]]:
    """``errorList`` items for govukErrorSummary, in question order."""
    return [item for _, item in question_error_items(form)]


def question_error_items(form) -> list[tuple[str | None, dict[str, str]]]:
    """(question id, error summary item) pairs in question order; errors that belong
    to no question (the CSRF token) come last, with None."""
    items: list[tuple[str | None, dict[str, str]]] = []
    question_names: set[str] = set()
    for qid in form.question_ids:
        names = form.field_map[qid]
        question_names.update(names.names)
        label = form.definition.question(qid).question
        for name in names.names:
            field = form[name]
            if name == names.gaps:
                found = _gap_errors(field)
            elif field.errors:
                found = [{"text": _first(field.errors), "href": _href(field)}]
            else:
                found = []
            items.extend((qid, {**item, "text": summary_text(label, item["text"])})
                         for item in found)
    for name, field in form._fields.items():
        if name not in question_names and field.errors:
            items.append((None, {"text": _first(field.errors)}))
    return items


def summary_text(label: str, message: str) -> str:
    """An error summary entry: the question's own label, then the field's short message
    (the message beside the field needs no label: it sits under the question)."""
    return f"{label} – {message}"


def list_error(gap_list) -> str | None:
    """The error of the list as a whole (too many gaps), not of one of its items."""
    return next((e for e in gap_list.errors if isinstance(e, str)), None)


def _gap_errors(gap_list) -> list[dict[str, str]]:
    items = []
    if list_error(gap_list) and gap_list.entries:
        items.append({"text": list_error(gap_list), "href": f"#{gap_list.id}-error"})
    for entry in gap_list.entries:
        item = entry.form
        for field in item:
            if field.errors:
                target = item.title if field is item.gap_id else field
                items.append({"text": _first(field.errors), "href": _href(target)})
    return items


def _href(field) -> str:
    if isinstance(field, GovDateField):
        return date_error_href(field)
    return f"#{field.id}"


def _first(errors) -> str:
    return next(e for e in errors if isinstance(e, str))
