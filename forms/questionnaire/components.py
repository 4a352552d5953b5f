"""GOV.UK components for the questionnaire, rendered at the cost of a string join.

A long section calls the govuk-frontend-jinja macros hundreds of times, and each call costs
Jinja far more than the markup it makes (about 0.5 ms: imports of the macros' own helpers,
the attributes macro, escaping). What a component's markup depends on the answer is small
and known: the ``value`` of an input, text area or character count, the ``value`` of each
part of a date, and whether each radio, checkbox or option is ``checked``/``selected``.

``ComponentRenderer.render(part)`` therefore works out, once per *shape* (the component's
parameters with those answers taken out), the macro's markup as literal pieces and slots,
and afterwards fills the slots with the escaped answers: the same markup, byte for byte, as
the macro would give (the tests compare the two for every question type). A shape is learnt
by calling the macro itself: with a placeholder in place of each answer and no flag set, and
with every flag set, to find where the macro writes each ``checked``; it is verified with
every other flag set before it is used, and a shape the renderer cannot verify is rendered
by the macro every time. Components with an error message are always rendered by the macro.

Shapes depend only on the question (its text, hint, options, ids), so they are shared by
every respondent of a questionnaire version; the cache is bounded.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

MACROS = {
    "input": ("input", "govukInput"),
    "character_count": ("character-count", "govukCharacterCount"),
    "textarea": ("textarea", "govukTextarea"),
    "date_input": ("date-input", "govukDateInput"),
    "radios": ("radios", "govukRadios"),
    "checkboxes": ("checkboxes", "govukCheckboxes"),
    "select": ("select", "govukSelect"),
}
# What each component's answer is: a top-level text value, per-item text values, or
# per-item flags (with the attribute the macro writes for a flag that is set).
TEXT_VALUE = {"input", "character_count", "textarea"}
ITEM_VALUES = {"date_input"}
ITEM_FLAGS = {"radios": "checked", "checkboxes": "checked", "select": "selected"}

_SLOT = re.compile("\ue000([0-9]+)\ue001|\ue002([0-9]+)\ue003")
MAX_SHAPES = 4096
UNUSABLE = object()  # a shape the macro must render every time


@dataclass(frozen=True)
class Shape:
    """A component's markup as literal pieces, each followed by a slot (or none):
    ("text", n) the n-th answer, escaped; ("flag", n) ``flag_texts[n]`` if flag n is set."""

    pieces: tuple[tuple[str, str | None, int], ...]
    flag_texts: tuple[str, ...]

    def fill(self, values: list[str], flags: list[bool]) -> Markup:
        out = []
        for literal, kind, n in self.pieces:
            out.append(literal)
            if kind == "text":
                out.append(escape(values[n]))
            elif kind == "flag" and flags[n]:
                out.append(self.flag_texts[n])
        return Markup("".join(out))


def _text(n: int) -> str:
    return f"\ue000{n}\ue001"


def _flag(n: int) -> str:
    return f"\ue002{n}\ue003"


def split_answers(component: str, params: dict) -> tuple[dict, list[str], list[bool], str]:
    """The shape's parameters (answers replaced by placeholders, flags cleared), the text
    answers and the flags, in the order of their slots, and the shape's cache key."""
    values: list[str] = []
    flags: list[bool] = []
    shape = dict(params)
    if component in TEXT_VALUE:
        shape["value"] = _placeholder(params.get("value"), values)
    elif component in ITEM_VALUES or component in ITEM_FLAGS:
        flag = ITEM_FLAGS.get(component)
        items = []
        for item in params.get("items") or ():
            item = dict(item)
            if flag is None:
                item["value"] = _placeholder(item.get("value"), values)
            elif flag in item:
                flags.append(bool(item[flag]))
                item[flag] = False
            items.append(item)
        shape["items"] = items
    # repr tells Markup from plain text (the macros escape only the latter) and is exact
    # for the dicts, lists, strings, numbers and booleans that parameters are made of
    return shape, values, flags, repr(shape)


def _placeholder(value: Any, values: list[str]) -> Any:
    """A non-empty text answer becomes its slot's placeholder; anything else stays."""
    if isinstance(value, str) and value and not isinstance(value, Markup):
        values.append(value)
        return _text(len(values) - 1)
    return value


class ComponentRenderer:
    """Renders ``{"component": name, "params": {...}}`` parts for one Jinja environment."""

    def __init__(self, env, *, enabled: bool = True, max_shapes: int = MAX_SHAPES) -> None:
        self.env = env
        self.enabled = enabled
        self.max_shapes = max_shapes
        self._shapes: dict[str, Shape | object] = {}
        self._macros: dict[str, Any] = {}
        self._lock = threading.Lock()

    def macro(self, component: str):
        found = self._macros.get(component)
        if found is None:
            folder, name = MACROS[component]
            template = self.env.get_template(
                f"govuk_frontend_jinja/components/{folder}/macro.html")
            found = self._macros[component] = getattr(template.module, name)
        return found

    def render(self, part: dict) -> Markup:
        component, params = part["component"], part["params"]
        if not self.enabled or params.get("errorMessage"):
            return self.macro(component)(params)
        shape_params, values, flags, key = split_answers(component, params)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._learn(component, shape_params, len(values), len(flags), key)
        if shape is UNUSABLE:
            return self.macro(component)(params)
        return shape.fill(values, flags)

    def clear(self) -> None:
        with self._lock:
            self._shapes.clear()

    def _learn(self, component: str, shape_params: dict, texts: int, flags: int, key: str):
        shape = _learn_shape(self.macro(component), component, shape_params, texts, flags)
        with self._lock:
            if len(self._shapes) >= self.max_shapes:
                self._shapes.clear()
            self._shapes[key] = shape
        return shape


def _learn_shape(macro, component: str, params: dict, texts: int, flags: int):
    """The shape of ``params`` (placeholders in, flags cleared), or UNUSABLE."""
    plain = str(macro(params))
    found = sorted(int(m.group(1)) for m in _SLOT.finditer(plain) if m.group(1) is not None)
    if found != list(range(texts)) or "\ue002" in plain:  # a placeholder lost or doubled,
        return UNUSABLE  # or the question's own text holds a placeholder character
    if not flags:
        return _pieces(plain, ())
    every = str(macro(_with_flags(component, params, set(range(flags)))))
    inserted = _insertions(plain, every, flags, ITEM_FLAGS[component])
    if inserted is None:
        return UNUSABLE
    marked = plain
    for n, (at, _) in reversed(list(enumerate(inserted))):
        marked = marked[:at] + _flag(n) + marked[at:]
    shape = _pieces(marked, tuple(text for _, text in inserted))
    # each insertion must be its own item's: check with every other flag set
    placeholders = [_text(n) for n in range(texts)]
    if flags > 1:
        even = {n for n in range(flags) if n % 2 == 0}
        alternate = str(macro(_with_flags(component, params, even)))
        if str(shape.fill(placeholders, [n in even for n in range(flags)])) != alternate:
            return UNUSABLE
    return shape


def _insertions(plain: str, every: str, count: int, attribute: str
                ) -> list[tuple[int, str]] | None:
    """Where, in ``plain``, the macro wrote each of the ``count`` flags it wrote in
    ``every`` (the same markup with every flag set), and what it wrote: [(position, text)]
    in order, or None if ``every`` is not ``plain`` with ``count`` such insertions."""
    extra = len(every) - len(plain)
    if extra <= 0 or extra % count:
        return None
    size, found, i, j = extra // count, [], 0, 0
    while j < len(every):
        if i < len(plain) and plain[i] == every[j]:
            i, j = i + 1, j + 1
            continue
        text = every[j:j + size]
        if len(found) == count or text.strip() != attribute:
            return None
        found.append((i, text))
        j += size
    return found if i == len(plain) and len(found) == count else None


def _with_flags(component: str, params: dict, on: set[int]) -> dict:
    flag = ITEM_FLAGS[component]
    items, n = [], 0
    for item in params.get("items") or ():
        if flag in item:
            item = dict(item, **{flag: n in on})
            n += 1
        items.append(item)
    return dict(params, items=items)


def _pieces(marked: str, flag_texts: tuple[str, ...]) -> Shape:
    pieces = []
    last = 0
    for match in _SLOT.finditer(marked):
        literal = marked[last:match.start()]
        if match.group(1) is not None:
            pieces.append((literal, "text", int(match.group(1))))
        else:
            pieces.append((literal, "flag", int(match.group(2))))
        last = match.end()
    pieces.append((marked[last:], None, 0))
    return Shape(tuple(pieces), flag_texts)
