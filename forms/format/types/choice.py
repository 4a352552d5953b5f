"""``yes_no``, ``choice`` and ``multi_choice``: answers picked from options."""

from __future__ import annotations

from ..check_common import and_list, describe, or_list, quote, suggest
from ..check_scales import check_options
from ..values import Option
from ..yamlsafe import YScalar, YSeq
from .base import NotesAnswer, QuestionKind

YES_NO_OPTIONS = (Option("yes", "Yes"), Option("no", "No"))


class _Picked(QuestionKind):
    """What the option types share: labels, cells and notes are option labels."""

    def cell_value(self, q, value, rating=None):
        return self.label_for(q, value)

    def notes_answer(self, q, value, explanation):
        if self.is_value_empty(value):
            return NotesAnswer()
        return NotesAnswer(text=self.label_for(q, value))

    def value_fits(self, q, value, old_question=None):
        return str(value) in {o.value for o in self.choices(q)}


class YesNo(_Picked):
    name = "yes_no"
    keys = ("gaps",)

    def read_fields(self, ctx, mapping, info):
        pass

    def condition_accepts(self, fields):
        return (lambda v: v in ("yes", "no")), "yes or no"

    def choices(self, q):
        return YES_NO_OPTIONS


class Choice(_Picked):
    name = "choice"
    keys = ("options", "gaps")

    def check_keys(self, ck, mapping, info):
        if "options" not in mapping:
            ck.error(mapping, f'missing required key "options" {info.where}: a {self.name} '
                     "question needs a list of options or the name of one")

    def read_fields(self, ctx, mapping, info):
        options = _read_options(ctx, mapping, info)
        info.fields["options"] = options or ()
        if options is None:
            info.complete = False

    def condition_accepts(self, fields):
        values = [o.value for o in fields["options"]]
        return (lambda v: isinstance(v, str) and v in values), \
            f"one of its options: {or_list([quote(v) for v in values])}"


class MultiChoice(Choice):
    name = "multi_choice"
    keys = ("options",)
    multiple = True

    def value_fits(self, q, value, old_question=None):
        allowed = {o.value for o in self.choices(q)}
        return isinstance(value, list) and all(str(v) in allowed for v in value)

    def option_cells(self, q, value):
        if self.is_value_empty(value) or not isinstance(value, list):
            return (None,) * len(q.options)
        picked = {str(v) for v in value}
        return tuple(1 if o.value in picked else 0 for o in q.options)


def _read_options(ctx, mapping, info):
    ck, where = ctx.ck, info.where
    node = mapping.get("options")
    if node is None:
        return None
    if isinstance(node, YSeq):
        if not node.items:
            ck.error(node, f'"options" {where} must not be an empty list')
            return None
        return check_options(ck, node, f"question {quote(info.id)}" if info.id else where[3:])
    if isinstance(node, YScalar) and isinstance(node.value, str) and node.value:
        return _named_list(ctx, node, info)
    ck.error(ck.value_at(mapping, "options"), f'"options" {where} must be a list of '
             f"options or the name of a list; got {describe(node)}")
    return None


def _named_list(ctx, node: YScalar, info):
    name = node.value
    if name in ctx.lists:
        info.fields["options_list"] = name
        return ctx.lists[name]
    close = suggest(name, ctx.lists)
    if close:
        advice = f"did you mean {quote(close)}?"
    elif ctx.lists:
        advice = f'the lists defined under "lists" are {and_list(sorted(ctx.lists))}'
    else:
        advice = 'define it under "lists" or give the options here as a list'
    ctx.ck.error(node, f'"options" {info.where} names the list {quote(name)}, which is not '
                 f"defined; {advice}")
    return None
