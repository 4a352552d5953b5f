"""The ``survey`` sheet: groups become sections, rows become questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import relevant as rel
from .names import Problems, is_id, to_id, words, yes_or_no
from .sheets import Row, Sheet

# Columns of the survey sheet this reader knows, and those XLSForm has that the format
# has no place for (reported when a row uses them).
KNOWN = ("type", "name", "label", "hint", "required", "relevant", "appearance", "explain",
         "gaps", "publish", "themes", "replaces", "max_length", "min", "max")
NO_PLACE = {
    "constraint": "constraints", "constraint_message": "constraints",
    "calculation": "calculations", "default": "default answers",
    "read_only": "read-only questions", "choice_filter": "choice filters",
    "repeat_count": "repeats", "required_message": "custom required messages",
    "trigger": "triggers", "parameters": "parameters", "image": "media",
    "audio": "media", "video": "media", "big-image": "media", "guidance_hint": "guidance hints",
}
SIMPLE_TYPES = {"text": "text", "long_text": "long_text", "integer": "number",
                "decimal": "number", "date": "date", "gaps": "gaps"}
NOT_QUESTIONS = {
    "note": "a note has no place in the format: put its text in a section's intro "
            "(the group's hint) or a question's hint",
    "calculate": "calculations are not supported",
    "begin repeat": "repeats are not supported", "end repeat": "repeats are not supported",
}
NUMBER_KEYS = ("max_length", "min", "max")


@dataclass
class Survey:
    """What the survey sheet gave: sections (dicts in the format's key order) and the
    comments the YAML should carry, by (section index, question index)."""

    sections: list[dict] = field(default_factory=list)
    comments: dict[tuple, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # XLSForm name -> question id
    kinds: dict[str, str] = field(default_factory=dict)  # question id -> type
    options: dict[str, list[str]] = field(default_factory=dict)  # question id -> values
    section_ids: set[str] = field(default_factory=set)


def read_survey(sheet: Sheet, lists: dict[str, list[dict]], problems: Problems,
                form_title: str) -> Survey:
    out = Survey()
    group: dict | None = None
    group_row: Row | None = None
    loose: dict | None = None  # the section for questions outside any group
    for row in sheet.rows:
        kind = _kind(row.get("type"))
        if kind == "begin group":
            if group is not None:
                problems.add(row.ref("type"), "a group inside a group: sections cannot "
                             "be nested; end the first group before beginning another")
                continue
            group, group_row, loose = _section(row, out, problems), row, None
        elif kind == "end group":
            if group is None:
                problems.add(row.ref("type"), "\"end group\" without a \"begin group\"")
            group = None
        elif kind:
            if group is None and loose is None:
                loose = _loose_section(out, form_title)
            question = _question(row, kind, lists, out, problems)
            if question is not None:
                target = group if group is not None else loose
                target["questions"].append(question)
        elif row.get("name") or row.get("label"):
            problems.add(row.ref("type"), "this row has no type")
    if group is not None and group_row is not None:
        problems.add(group_row.ref("type"), "this group is never ended (\"end group\")")
    _drop_empty(out, problems, sheet)
    return out


def _kind(text: str) -> str:
    """The type cell in lower case, with "begin_group" read as "begin group"."""
    kind = " ".join(text.lower().split())
    spaced = kind.replace("_", " ")
    return spaced if spaced.split(" ")[0] in ("begin", "end") else kind


def _section(row: Row, out: Survey, problems: Problems) -> dict:
    name = row.get("name")
    section_id = to_id(name)
    if not name:
        problems.add(row.ref("name"), "a group needs a name (it becomes the section's id)")
    elif not is_id(section_id):
        problems.add(row.ref("name"), f"the name \"{name}\" cannot become a section id")
    elif section_id in out.section_ids:
        problems.add(row.ref("name"), f"a second group named \"{name}\" (section id "
                     f"\"{section_id}\")")
    out.section_ids.add(section_id)
    section: dict[str, Any] = {"id": section_id, "title": row.get("label") or name}
    if not row.get("label"):
        problems.add(row.ref("label"), "a group needs a label (it becomes the section's title)")
    if row.get("hint"):
        section["intro"] = row.get("hint")
    section["questions"] = []
    if name and section_id != name:
        out.comments[(len(out.sections), None)] = f"from XLSForm name {name}"
    out.sections.append(section)
    return section


def _loose_section(out: Survey, title: str) -> dict:
    number = sum(1 for s in out.sections if s["id"].startswith("questions")) + 1
    section_id = "questions" if number == 1 else f"questions-{number}"
    section = {"id": section_id, "title": title or "Questions", "questions": []}
    out.comments[(len(out.sections), None)] = ("assumed: questions outside any group "
                                               "make a section of their own")
    out.sections.append(section)
    out.section_ids.add(section_id)
    return section


def _drop_empty(out: Survey, problems: Problems, sheet: Sheet) -> None:
    if not any(s["questions"] for s in out.sections) and not problems.found:
        problems.add(f"{sheet.name}!A2", "the survey sheet has no questions")


def _question(row: Row, kind: str, lists, out: Survey, problems: Problems) -> dict | None:
    for column, feature in NO_PLACE.items():
        if row.get(column):
            problems.add(row.ref(column), f"{feature} are not supported by the format")
    if kind in NOT_QUESTIONS:
        problems.add(row.ref("type"), NOT_QUESTIONS[kind])
        return None
    question_id = _question_id(row, out, problems)
    qtype, extra = _type(row, kind, lists, problems)
    out.kinds[question_id] = qtype or "unknown"  # later conditions can still name it
    if qtype is None:
        return None
    if not row.get("label"):
        problems.add(row.ref("label"), "a question needs a label (the question put)")
    q: dict[str, Any] = {"id": question_id, "question": row.get("label"), "type": qtype}
    _add_common(q, row, out, problems)
    q.update(extra)
    _add_keys(q, row, problems)
    out.options[question_id] = _option_values(qtype, extra, lists)
    return q


def _type(row: Row, kind: str, lists, problems: Problems) -> tuple[str | None, dict]:
    head, _, rest = kind.partition(" ")
    appearance = row.get("appearance").lower()
    if appearance and not (appearance == "multiline" and kind == "text"):
        problems.add(row.ref("appearance"), f"the appearance \"{row.get('appearance')}\" "
                     "has no place in the format")
    if kind == "text" and appearance == "multiline":
        return "long_text", {}
    if kind in SIMPLE_TYPES:
        return SIMPLE_TYPES[kind], {"integer": True} if kind == "integer" else {}
    if head == "rating":
        return "rating", {"scale": rest.replace(" ", "_")} if rest else {}
    if head.startswith("select"):
        return _select(row, kind, lists, problems)
    problems.add(row.ref("type"), f"the type \"{row.get('type')}\" is not supported; the "
                 "types are text, integer, decimal, date, select_one LIST, select_multiple "
                 "LIST, rating [SCALE], gaps and long_text")
    return None, {}


def _select(row: Row, kind: str, lists, problems: Problems) -> tuple[str | None, dict]:
    parts = row.get("type").split()
    head = parts[0].lower().replace("-", "_")
    if head not in ("select_one", "select_multiple") or len(parts) != 2:
        problems.add(row.ref("type"), f"the type \"{row.get('type')}\" is not supported; "
                     "write select_one LIST or select_multiple LIST")
        return None, {}
    name = parts[1]
    if name not in lists:
        problems.add(row.ref("type"), f"there is no list \"{name}\" on the choices sheet")
        return None, {}
    values = {str(o["value"]).lower() for o in lists[name]}
    if head == "select_one" and values == {"yes", "no"}:
        return "yes_no", {}
    return ("choice" if head == "select_one" else "multi_choice"), {"options": name}


def _question_id(row: Row, out: Survey, problems: Problems) -> str:
    name = row.get("name")
    question_id = to_id(name)
    if not name:
        problems.add(row.ref("name"), "a question needs a name (it becomes the question's id)")
    elif not is_id(question_id):
        problems.add(row.ref("name"), f"the name \"{name}\" cannot become a question id: "
                     "use letters, digits and underscores, starting with a letter")
    elif question_id in out.kinds:
        problems.add(row.ref("name"), f"\"{name}\" gives the question id \"{question_id}\", "
                     "which an earlier question already has")
    if name and question_id != name:
        out.comments[("q", question_id)] = f"from XLSForm name {name}"
    out.ids[name] = question_id
    return question_id


def _add_common(q: dict, row: Row, out: Survey, problems: Problems) -> None:
    if row.get("hint"):
        q["hint"] = row.get("hint")
    for column in ("required", "publish"):
        if row.get(column):
            flag = yes_or_no(row.get(column))
            if flag is None:
                problems.add(row.ref(column), f"{column} must be yes or no")
            elif flag != (column == "publish"):
                q[column] = flag
    if row.get("relevant"):
        _add_condition(q, row, out, problems)
    for column in ("themes", "replaces"):
        if row.get(column):
            items = words(row.get(column))
            q[column] = [to_id(w) for w in items] if column == "replaces" else items


def _add_condition(q: dict, row: Row, out: Survey, problems: Problems) -> None:
    parsed = rel.parse(row.get("relevant"))
    if parsed is None:
        problems.add(row.ref("relevant"), rel.UNSUPPORTED)
        return
    target = out.ids.get(parsed.name)
    if target is None:
        problems.add(row.ref("relevant"), f"${{{parsed.name}}} is not an earlier question")
        return
    show_if, comment, problem = rel.condition(parsed, target, out.kinds[target],
                                              out.options.get(target, []))
    if problem:
        problems.add(row.ref("relevant"), problem)
        return
    q["show_if"] = show_if
    if comment:
        out.comments[("show_if", q["id"])] = comment


def _add_keys(q: dict, row: Row, problems: Problems) -> None:
    explain = row.get("explain").lower()
    if explain:
        q["explain"] = explain
    if row.get("gaps"):
        flag = yes_or_no(row.get("gaps"))
        if flag is None:
            problems.add(row.ref("gaps"), "gaps must be yes or no")
        elif flag and q["type"] != "gaps":
            q["gaps"] = True
    for column in NUMBER_KEYS:
        text = row.get(column)
        if not text:
            continue
        try:
            number = float(text)
        except ValueError:
            problems.add(row.ref(column), f"{column} must be a number")
            continue
        q[column] = int(number) if number.is_integer() else number


def _option_values(qtype: str, extra: dict, lists) -> list[str]:
    if qtype == "yes_no":
        return ["yes", "no"]
    if qtype in ("choice", "multi_choice"):
        return [str(o["value"]) for o in lists.get(extra["options"], [])]
    return []
