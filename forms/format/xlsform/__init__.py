"""Questionnaires as XLSForm-style workbooks, both ways.

    result = from_xlsx(data, "cse.xlsx")     # workbook bytes -> YAML text + problems
    if result.problems: print(result.report())
    else: open("cse.yaml", "w").write(result.yaml)

    data = to_xlsx(definition)               # a validated Definition -> workbook bytes

The workbook follows XLSForm (the survey format of ODK and KoBoToolbox):
sheets ``survey``, ``choices`` and ``settings``, with the service's own types
and keys added as types (``rating``, ``gaps``, ``long_text``), columns
(``explain``, ``gaps``, ``publish``, ``themes``, ``replaces``, ``max_length``,
``min``, ``max``) and a ``scales`` sheet. ``docs/xlsform.md`` is the reference.
Nothing here touches the database.
"""

from .reader import XlsxProblem, XlsxResult, from_xlsx
from .writer import to_xlsx

__all__ = ["XlsxProblem", "XlsxResult", "from_xlsx", "to_xlsx"]
