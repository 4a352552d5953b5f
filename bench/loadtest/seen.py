"""Whose data a fetched page or download shows: the office codes in it.

Every organisation, user, office and answer the load test makes carries its office's
code (``LTO01``, ...; see ``prepare.py``), so the codes in a page are the offices whose
data it shows. The locust users append one JSON line per page or download to
``LOAD_SEEN`` (``record``); ``check.py`` then requires that each user saw only their own
office's code, and that every probe of another office's object was answered 404.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter

MARKER = re.compile(rb"LTO\d{2}")


def offices_in(content: bytes) -> list[str]:
    """The office codes in an HTML page or, for an Excel workbook, in any of its parts."""
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as book:
                content = b"\n".join(book.read(name) for name in book.namelist()
                                     if name.endswith(".xml"))
        except zipfile.BadZipFile:
            pass
    return sorted({m.decode() for m in MARKER.findall(content)})


def record(path: str, *, email: str, office: str, page: str, content: bytes | None = None,
           probe: str | None = None, status: int | None = None) -> None:
    """Append what ``email`` (of ``office``) saw on ``page``; a probe (a URL of another
    office's object) records its status instead."""
    line = {"email": email, "office": office, "page": page}
    if probe is not None:
        line.update(probe=probe, status=status)
    else:
        line["offices"] = offices_in(content or b"")
    with open(path, "a") as fh:
        fh.write(json.dumps(line) + "\n")


def problems(lines: list[dict]) -> tuple[list[str], dict[str, int]]:
    """(what went wrong, once per user and page, with how many times; counts of pages,
    probes, users and of what went wrong): another office's code on a page, a probe of
    another office's object not answered 404."""
    wrong: Counter = Counter()
    counts = Counter()
    users = set()
    for line in lines:
        users.add(line["email"])
        who = f"{line['email']} ({line['office']})"
        if "probe" in line:
            counts["probes"] += 1
            if line["status"] != 404:
                counts["not_404"] += 1
                wrong[f"{who} fetched another office's {line['probe']}: {line['status']}, "
                      f"not 404"] += 1
            continue
        counts["pages"] += 1
        others = [code for code in line["offices"] if code != line["office"]]
        if others:
            counts["leaks"] += 1
            wrong[f"{who} saw {', '.join(others)} on {line['page']}"] += 1
    counts["users"] = len(users)
    return [f"{what} ({n} times)" if n > 1 else what for what, n in wrong.items()], counts
