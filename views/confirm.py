"""Confirmation pages: an action that moves something on (opening or closing a round,
accepting a response, publishing notes) is asked first, on a page of its own that says
what will follow; its one button posts the action. Works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template


@dataclass
class Confirmation:
    caption: str
    heading: str
    follows: list[str]
    action: str  # the URL the button posts to
    button: str
    back: str
    fields: dict[str, str] = field(default_factory=dict)  # hidden fields to post
    warning: str | None = None
    listed_intro: str = ""
    listed: list[str] = field(default_factory=list)


def confirm_page(confirmation: Confirmation):
    return render_template("_confirm.html", confirm=confirmation)
