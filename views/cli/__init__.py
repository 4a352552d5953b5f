"""Command-line interface: thin commands that call workflows/ and exports/."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from . import actions, demo, exports, notes, offices, people, questionnaires, rounds

    for module in (offices, people, demo, questionnaires, rounds, exports, notes, actions):
        module.register(app)
