"""Ids in URLs, bounded to the database's integer range (PostgreSQL's `integer`, the
narrowest of the databases the app runs on), so an id no row can have never reaches the
driver: in the path it is a 404 (the converter does not match), in the query string a 400.
"""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` in every route: 0 to MAX_ID (beyond it the rule does not match: a 404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = None, signed: bool = False) -> None:
        bound = MAX_ID if max is None or max > MAX_ID else max
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bound, signed=signed)


def install(app) -> None:
    """Make `int` in every route the bounded converter (before any route is added)."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def id_arg(name: str) -> int | None:
    """The query-string id `name`: None when absent or not a number (as `type=int` gives),
    a 400 when it is a number beyond what any row's id can be."""
    value = request.args.get(name, type=int)
    if value is not None and not -MAX_ID - 1 <= value <= MAX_ID:
        abort(400)
    return value
