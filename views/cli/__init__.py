"""Command-line interface: thin commands that call workflows/ and exports/."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from . import (
        actions,
        demo,
        exports,
        mail,
        notes,
        offices,
        people,
        questionnaires,
        rounds,
        tokens,
    )

    for module in (offices, people, demo, questionnaires, rounds, exports, notes, mail, tokens,
                   actions):
        module.register(app)
