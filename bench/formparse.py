"""Reading a page's form as a browser would, and filling it in.

``SectionForm.parse(html)`` finds the section form (the POST form whose action
contains ``/sections/``) and keeps what a browser would send: text inputs and
text areas with their text, the checked radios and boxes, hidden fields (the
CSRF token and the revision), and the options each radio group or box group
offers. ``answer(...)`` changes answers; ``data(action)`` is what to post.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import lxml.html

ANSWER = ("q_", "explain_")  # answers and rating explanations


@dataclass
class SectionForm:
    action: str
    values: dict[str, list[str]]  # name -> values a browser would send now
    radios: dict[str, list[str]] = field(default_factory=dict)  # name -> options
    checkboxes: dict[str, list[str]] = field(default_factory=dict)
    textareas: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, html: str | bytes) -> "SectionForm | None":
        doc = lxml.html.fromstring(html)
        form = next((f for f in doc.forms if (f.method or "").upper() == "POST"
                     and "/sections/" in (f.action or "")), None)
        if form is None:
            return None
        found = cls(form.action, {})
        for name, value in form.form_values():
            found.values.setdefault(name, []).append(value)
        for el in form.inputs:
            name = el.get("name")
            if not name:
                continue
            kind = (el.get("type") or "text").lower() if el.tag == "input" else el.tag
            if kind == "radio":
                found.radios.setdefault(name, []).append(el.get("value"))
            elif kind == "checkbox":
                found.checkboxes.setdefault(name, []).append(el.get("value"))
            elif kind == "textarea":
                found.textareas.append(name)
            elif kind == "text":
                found.texts.append(name)
        return found

    @property
    def revision(self) -> str:
        return (self.values.get("revision") or [""])[0]

    @property
    def csrf_token(self) -> str:
        return (self.values.get("csrf_token") or [""])[0]

    def answer_names(self) -> list[str]:
        names = self.textareas + self.texts + list(self.radios) + list(self.checkboxes)
        return [n for n in dict.fromkeys(names) if n.startswith(ANSWER)]

    def set(self, name: str, value: str | list[str]) -> None:
        self.values[name] = list(value) if isinstance(value, list) else [value]

    def fill(self, rng: random.Random, text: str) -> dict[str, list[str]]:
        """Answer every answer field of the section; returns what was set."""
        for name in self.answer_names():
            if name in self.radios:
                self.set(name, rng.choice(self.radios[name]))
            elif name in self.checkboxes:
                options = self.checkboxes[name]  # sent in page order, as a browser does
                picked = set(rng.sample(options, rng.randint(1, len(options))))
                self.set(name, [o for o in options if o in picked])
            elif name in self.textareas:
                self.set(name, f"{text} ({name})")
            elif name.endswith(("-day", "-month", "-year")):
                continue
            else:
                self.set(name, _short(name, text))
        return {n: list(self.values.get(n, [])) for n in self.answer_names()}

    def data(self, action: str = "save") -> list[tuple[str, str]]:
        pairs = [(name, v) for name, values in self.values.items() for v in values
                 if name != "action"]
        pairs.append(("action", action))
        return pairs


def _short(name: str, text: str) -> str:
    if "referrals" in name:
        return str(sum(map(ord, text)) % 1000)
    return text[:150]
