"""An XLSForm-style workbook to questionnaire YAML (see the package's docstring).

Every problem is reported in one run, each naming its sheet and cell
(``survey!F12``); the YAML is produced only when there is none, and is then
checked by the YAML validator like any uploaded file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .emit import emit
from .names import Problems, XlsxProblem, is_id, to_id
from .sheets import Sheet, WorkbookError, open_workbook
from .survey import KNOWN, NO_PLACE, read_survey

_ENGLISH = re.compile(r"^english\b|\(en\)$|^en$", re.IGNORECASE)
TRANSLATED = ("label", "hint")
SHEET_COLUMNS = {
    "survey": set(KNOWN) | set(NO_PLACE),
    "choices": {"list_name", "list name", "name", "label"},
    "settings": {"form_id", "form_title", "version", "summary", "default_language",
                 "style", "instance_name", "public_key", "submission_url"},
    "scales": {"scale", "value", "label", "rag", "description"},
}
SETTINGS_UNUSED = ("style", "instance_name", "public_key", "submission_url")


@dataclass
class XlsxResult:
    path: str
    yaml: str | None = None
    problems: list[XlsxProblem] = field(default_factory=list)

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def from_xlsx(data: bytes, path: str = "<upload>") -> XlsxResult:
    """The workbook as questionnaire YAML, or every problem found in it."""
    problems = Problems(path)
    try:
        sheets = open_workbook(data)
    except WorkbookError as exc:
        problems.add("A1", str(exc))
        return XlsxResult(path, problems=problems.found)
    for sheet in sheets.values():
        _columns(sheet, problems)
    if "survey" not in sheets:
        problems.add("survey!A1", "the workbook has no sheet named \"survey\"")
        return XlsxResult(path, problems=problems.found)
    settings = _settings(sheets.get("settings"), problems)
    scales = _scales(sheets.get("scales"), problems)
    lists = _lists(sheets.get("choices"), problems)
    survey = read_survey(sheets["survey"], lists, problems, settings.get("title", ""))
    if problems.found:
        return XlsxResult(path, problems=problems.found)
    document = {**settings, "scales": scales, "lists": _kept_lists(lists, survey),
                "sections": survey.sections}
    _inline_options(document, lists)
    return XlsxResult(path, yaml=emit(document, survey.comments))


def _columns(sheet: Sheet, problems: Problems) -> None:
    """Language columns: English ones read as the plain column; others reported."""
    for title, ref in list(sheet.columns.items()):
        base, sep, language = title.partition("::")
        if not sep:
            known = SHEET_COLUMNS.get(sheet.name)
            if known is not None and title not in known:
                problems.add(ref, f"the column \"{title}\" has no place in the format")
            continue
        if base in TRANSLATED and _ENGLISH.search(language.strip()):
            if base not in sheet.columns:
                sheet.columns[base] = ref
                for row in sheet.rows:
                    row.letters[base] = row.letters.get(title, "A")
                    if title in row.cells:
                        row.cells[base] = row.cells.pop(title)
            continue
        problems.add(ref, f"the column \"{title}\": other languages than English are not "
                     "supported yet" if base in TRANSLATED
                     else f"the column \"{title}\" has no place in the format")


def _settings(sheet: Sheet | None, problems: Problems) -> dict:
    if sheet is None or not sheet.rows:
        problems.add("settings!A1", "the workbook needs a \"settings\" sheet with form_id, "
                     "form_title and version in its first row below the headings")
        return {}
    row = sheet.rows[0]
    out: dict = {}
    form_id = row.get("form_id")
    if not form_id or not is_id(to_id(form_id)):
        problems.add(row.ref("form_id"), "form_id must be the questionnaire's id: letters, "
                     "digits, hyphens and underscores, starting with a letter")
    out["id"] = to_id(form_id)
    out["version"] = _version(row, problems)
    out["title"] = row.get("form_title")
    if not out["title"]:
        problems.add(row.ref("form_title"), "form_title must give the questionnaire's title")
    if row.get("summary"):
        out["summary"] = row.get("summary")
    for column in SETTINGS_UNUSED:
        if row.get(column):
            problems.add(row.ref(column), f"{column} has no place in the format")
    return out


def _version(row, problems: Problems) -> int:
    text = row.get("version")
    try:
        number = float(text)
    except ValueError:
        number = 0.0
    if not number.is_integer() or number < 1:
        problems.add(row.ref("version"), "version must be a whole number, 1 or more")
        return 1
    return int(number)


def _lists(sheet: Sheet | None, problems: Problems) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    for row in sheet.rows if sheet else ():
        list_name = row.get("list_name") or row.get("list name")
        name, label = row.get("name"), row.get("label")
        if not list_name or not name:
            problems.add(row.ref("name" if list_name else "list_name"),
                         "a choice needs a list_name and a name")
            continue
        if any(o["value"] == name for o in lists.get(list_name, ())):
            problems.add(row.ref("name"), f"\"{name}\" is twice in the list \"{list_name}\"")
        lists.setdefault(list_name, []).append({"value": name, "label": label or name})
    return lists


def _kept_lists(lists: dict[str, list[dict]], survey) -> dict:
    """Lists written under ``lists:``: those not turned into a yes/no type or inline
    options (see ``_inline_options``)."""
    return {name: [_option(o) for o in options] for name, options in lists.items()
            if name == "gap_areas" or _used_as_list(name, survey, options)}


def _used_as_list(name: str, survey, options: list[dict]) -> bool:
    users = [q for s in survey.sections for q in s["questions"] if q.get("options") == name]
    if not users:  # kept, unless it is a yes/no list (those become the yes_no type)
        return {str(o["value"]).lower() for o in options} != {"yes", "no"}
    return len(users) > 1 or to_id(name) != users[0]["id"]


def _inline_options(document: dict, lists: dict[str, list[dict]]) -> None:
    """A list used by one question only and named after it becomes inline options."""
    for section in document["sections"]:
        for q in section["questions"]:
            name = q.get("options")
            if name is not None and name not in document["lists"]:
                q["options"] = [_option(o) for o in lists[name]]


def _option(option: dict):
    value, label = str(option["value"]), str(option["label"])
    return value if value == label else {"value": value, "label": label}


def _scales(sheet: Sheet | None, problems: Problems) -> dict:
    scales: dict[str, list[dict]] = {}
    for row in sheet.rows if sheet else ():
        name = row.get("scale")
        if not name:
            problems.add(row.ref("scale"), "a scale point needs the scale's name")
            continue
        point: dict = {}
        try:
            point["value"] = int(float(row.get("value")))
        except ValueError:
            problems.add(row.ref("value"), "a scale point's value must be a whole number")
            continue
        point["label"] = row.get("label")
        for key in ("rag", "description"):
            if row.get(key):
                point[key] = row.get(key).lower() if key == "rag" else row.get(key)
        scales.setdefault(name, []).append(point)
    return scales
