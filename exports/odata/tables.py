"""The feed's sets as CSV files, and as one data package (CSV files described by a
``datapackage.json``, Frictionless Data's Table Schema)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterable, Iterator

from .model import EDM_TYPES, EntitySet, Scope
from .page import every_row
from .sets import ENTITY_SETS


def file_name(entity: EntitySet) -> str:
    """``RatingsOverTime`` -> ``ratings-over-time.csv``."""
    words, word = [], ""
    for ch in entity.name:
        if ch.isupper() and word:
            words.append(word)
            word = ""
        word += ch.lower()
    return "-".join([*words, word]) + ".csv"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_lines(entity: EntitySet, rows: Iterable[dict], chosen: list[str] | None = None
              ) -> Iterator[str]:
    """The CSV text, a line at a time (a header of property names, then the rows)."""
    names = [p.name for p in entity.props if chosen is None or p.name in chosen]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    yield out.getvalue()
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow([_cell(row.get(n)) for n in names])
        yield out.getvalue()


def descriptor(title: str) -> dict:
    """``datapackage.json`` for every set."""
    return {
        "name": "assurance-data",
        "title": title,
        "profile": "tabular-data-package",
        "resources": [{
            "name": file_name(s)[:-4], "path": file_name(s), "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": s.description,
            "schema": {
                "fields": [{"name": p.name, "type": EDM_TYPES[p.edm],
                            **({"description": p.description} if p.description else {}),
                            **({} if p.nullable else {"constraints": {"required": True}})}
                           for p in s.props],
                "primaryKey": [s.key],
            },
        } for s in ENTITY_SETS],
    }


def write_package(folder: Path, scope: Scope, title: str) -> list[Path]:
    """Write every set's CSV file and the descriptor into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entity in ENTITY_SETS:
        path = folder / file_name(entity)
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.writelines(csv_lines(entity, every_row(entity, scope)))
        written.append(path)
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor(title), indent=2) + "\n", encoding="utf-8")
    return [*written, path]
