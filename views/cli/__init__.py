"""Command-line interface: thin commands that call workflows/ and exports/."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from . import demo, people

    for module in (people, demo):
        module.register(app)
    for name in ("questionnaires", "rounds", "exports", "notes"):
        try:
            module = __import__(f"views.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"views.cli.{name}":
                raise
            continue
        module.register(app)
