"""Static files in production: fingerprinted names, a long cache lifetime, compressed.

At build time, ``build(source, target)`` (``make static``, which runs
``python -m views.static_files``) copies every file under ``static/`` (following
the ``build/`` link, leaving out the Sass sources) into ``target``, and beside each
a copy named by a hash of its content (``build/app.3f2a9c1b7d4e.css``). Inside CSS
and JavaScript, references to ``/static/NAME`` are rewritten to the hashed names
first, so a hashed file never changes while its name stays. ``manifest.json``
maps each name to its hashed name. WhiteNoise's ``Compressor`` then writes a
``.gz`` and a ``.br`` beside every file worth compressing.

In production, ``init_app(app)`` serves ``target`` under ``/static/`` with
WhiteNoise's WSGI middleware (``Cache-Control: max-age=31536000, immutable`` for
hashed names, an hour for the others, gzip or Brotli when the browser asks),
and ``url_for("static", filename=...)`` gives the hashed name from the manifest.
Nothing else under ``/static/`` is served. In development Flask serves
``static/`` as it is, after ``make assets``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

from flask import Flask, abort
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

MANIFEST = "manifest.json"
HASH_LENGTH = 12
IMMUTABLE = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+$")
ONE_YEAR = 31536000
PLAIN_MAX_AGE = 3600  # names without a hash (an old bookmark, a file not in the manifest)
LEFT_OUT = ("scss/",)
REWRITTEN = (".css", ".js", ".mjs")
_REFERENCE = re.compile(r"/static/([A-Za-z0-9_./-]+)")


# ------------------------------------------------------------------------ building


def source_files(source: Path) -> list[str]:
    """The names (relative, with /) of the files to publish, sorted."""
    names = []
    for folder, _dirs, files in os.walk(source, followlinks=True):
        for file in files:
            name = (Path(folder) / file).relative_to(source).as_posix()
            if not file.startswith(".") and not name.startswith(LEFT_OUT):
                names.append(name)
    return sorted(names)


def hashed_name(name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    path = Path(name)
    return path.with_name(f"{path.stem}.{digest}{path.suffix}").as_posix()


def _rewrite(content: bytes, manifest: dict[str, str]) -> bytes:
    text = content.decode("utf-8")
    return _REFERENCE.sub(lambda m: "/static/" + manifest.get(m.group(1), m.group(1)),
                          text).encode("utf-8")


def _publish_order(source: Path, names: list[str]) -> list[str]:
    """Files that reference none of the others first, so that a file's references
    are hashed before the file itself is."""
    known = set(names)
    refs = {}
    for name in names:
        if name.endswith(REWRITTEN):
            text = (source / name).read_text(encoding="utf-8")
            refs[name] = {r for r in _REFERENCE.findall(text) if r in known and r != name}
    order, done = [], set()
    pending = list(names)
    while pending:
        ready = [n for n in pending if refs.get(n, set()) <= done] or pending[:1]
        for name in ready:
            order.append(name)
            done.add(name)
            pending.remove(name)
    return order


def build(source: Path, target: Path, *, quiet: bool = True) -> dict[str, str]:
    """Publish ``source`` into ``target`` (emptied first); returns the manifest."""
    source, target = Path(source), Path(target)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    manifest: dict[str, str] = {}
    written = []
    for name in _publish_order(source, source_files(source)):
        content = (source / name).read_bytes()
        if name.endswith(REWRITTEN):
            content = _rewrite(content, manifest)
        manifest[name] = hashed_name(name, content)
        for out in (name, manifest[name]):
            path = target / out
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.append(path)
    compressor = Compressor(quiet=quiet)
    for path in written:
        if compressor.should_compress(path.name):
            compressor.compress(str(path))
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


# ------------------------------------------------------------------------- serving


def _immutable(path: str, url: str) -> bool:
    return bool(IMMUTABLE.search(url))


class StaticFiles(WhiteNoise):
    FOREVER = ONE_YEAR  # a hashed name's lifetime: the longest browsers keep


def init_app(app: Flask) -> None:
    """In production, serve the built files with WhiteNoise (see the module docstring)."""
    if app.config.get("APP_ENV") != "production":
        return
    target = Path(app.config["STATIC_DIST_DIR"])
    try:
        manifest = json.loads((target / MANIFEST).read_text())
    except (OSError, ValueError):
        app.logger.warning("No static files built in %s: run `make static` before starting "
                           "(static files are served without fingerprints meanwhile)", target)
        return
    app.wsgi_app = StaticFiles(app.wsgi_app, root=str(target), prefix="/static/",
                                max_age=PLAIN_MAX_AGE, immutable_file_test=_immutable)

    @app.url_defaults
    def fingerprinted(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    def not_built(filename: str):  # WhiteNoise answered every file it has
        abort(404)

    app.view_functions["static"] = not_built


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    source = Path(argv[0]) if argv else root / "static"
    target = Path(argv[1]) if len(argv) > 1 else root / "dist" / "static"
    manifest = build(source, target)
    print(f"Built {len(manifest)} static files with fingerprinted names into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
