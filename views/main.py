"""The home page of each role."""

from __future__ import annotations

from typing import Callable

from flask import Blueprint, render_template
from flask_login import current_user
from markupsafe import Markup

from .access import requires

bp = Blueprint("main", __name__)

# Other blueprints add panels to a role's home page: role -> [(template, context function)]
HOME_PANELS: dict[str, list[tuple[str, Callable[[], dict]]]] = {
    "admin": [], "pcc": [], "respondent": [], "service_admin": [],
}


def add_home_panel(role: str, template: str, context: Callable[[], dict] = dict) -> None:
    """Show `template` on `role`'s home page, rendered with the variables that `context()`
    returns (called on every visit). Panels appear in the order they were added."""
    if all(t != template for t, _ in HOME_PANELS[role]):
        HOME_PANELS[role].append((template, context))


@bp.route("/")
@requires("home.view")
def home():
    panels = [Markup(render_template(template, **ctx()))
              for template, ctx in HOME_PANELS.get(current_user.role, [])]
    return render_template(f"main/home_{current_user.role}.html", panels=panels)
