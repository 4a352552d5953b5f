"""The data feed: a read-only OData v4 service at ``/odata/`` for Power BI and Excel
("Get data -> OData feed"), and the same sets as CSV at ``/data/<Set>.csv``.

Readers sign in as on every page, or send a personal access token (see
``views/tokens.py``); either way they read exactly what they may read on screen. The
sets, their scoping and the query options are in ``exports/odata``.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, jsonify, request, url_for
from flask_login import current_user

from exports.odata import ENTITY_SETS, Scope, entity_set
from exports.odata.csdl import metadata_xml
from exports.odata.page import every_row, read_page
from exports.odata.query import QueryError
from exports.odata.tables import csv_lines, file_name
from models.permissions import can, organisation_limit

from .access import requires

bp = Blueprint("feed", __name__)

ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true"
_MAX_PAGE = re.compile(r"odata\.maxpagesize\s*=\s*(\d{1,9})")


def _scope() -> Scope:
    org = organisation_limit(current_user, "feed.read")
    return Scope(current_user.office_id, org,
                 sees_unsubmitted=org is not None and can(current_user, "response.see_unsubmitted"))


def _base() -> str:
    return url_for("feed.service", _external=True)


def _odata(payload: dict, status: int = 200) -> Response:
    response = jsonify(payload)
    response.status_code = status
    response.headers["Content-Type"] = ODATA_JSON
    response.headers["OData-Version"] = "4.0"
    return response


def _error(message: str, status: int = 400, code: str = "BadRequest") -> Response:
    return _odata({"error": {"code": code, "message": message}}, status)


def _set_or_404(name: str):
    entity = entity_set(name)
    if entity is None:
        abort(_error(f"There is no entity set {name}; the service document lists them", 404,
                     "NotFound"))
    return entity


@bp.route("/odata/")
@requires("feed.read", api=True)
def service():
    return _odata({"@odata.context": _base() + "$metadata", "value": [
        {"name": s.name, "kind": "EntitySet", "url": s.name} for s in ENTITY_SETS]})


@bp.route("/odata/$metadata")
@requires("feed.read", api=True)
def metadata():
    response = Response(metadata_xml(ENTITY_SETS), mimetype="application/xml")
    response.headers["OData-Version"] = "4.0"
    return response


def _max_page_size() -> int | None:
    match = _MAX_PAGE.search(request.headers.get("Prefer", ""))
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


@bp.route("/odata/<name>")
@requires("feed.read", api=True)
def entities(name: str):
    entity = _set_or_404(name)
    wanted = _max_page_size()
    try:
        page = read_page(entity, _scope(), request.args, max_page_size=wanted)
    except QueryError as exc:
        return _error(str(exc))
    payload = {"@odata.context": f"{_base()}$metadata#{entity.name}"}
    if page.count is not None:
        payload["@odata.count"] = page.count
    payload["value"] = page.rows
    if page.next_skiptoken is not None:
        args = request.args.to_dict()
        args["$skiptoken"] = str(page.next_skiptoken)
        payload["@odata.nextLink"] = url_for("feed.entities", name=entity.name,
                                             _external=True, **args)
    response = _odata(payload)
    if wanted:
        response.headers["Preference-Applied"] = f"odata.maxpagesize={page.page_size}"
    return response


@bp.route("/odata/<name>/$count")
@requires("feed.read", api=True)
def count(name: str):
    entity = _set_or_404(name)
    args = {k: v for k, v in request.args.items() if k == "$filter"}
    args["$count"], args["$top"] = "true", "0"
    try:
        page = read_page(entity, _scope(), args)
    except QueryError as exc:
        return _error(str(exc))
    return Response(str(page.count), mimetype="text/plain")


@bp.route("/data/<name>.csv")
@requires("feed.read", api=True)
def csv_file(name: str):
    entity = _set_or_404(name)
    scope = _scope()
    args = {k: v for k, v in request.args.items() if k in ("$filter", "$orderby", "$select")}
    chosen = [n.strip() for n in args["$select"].split(",")] if args.get("$select") else None
    try:
        body = "".join(csv_lines(entity, every_row(entity, scope, args), chosen))
    except QueryError as exc:
        return _error(str(exc))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(entity)}"'
    return response
