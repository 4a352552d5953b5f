"""Command-line interface: thin commands that call workflows/ and exports/."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from . import demo, exports, notes, people, questionnaires, rounds

    for module in (people, demo, questionnaires, rounds, exports, notes):
        module.register(app)
