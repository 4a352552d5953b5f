"""Wiring the blueprints into the app: sign-in, the access check, error pages, every
blueprint and the template globals (``navigation_for``, ``can``)."""

from __future__ import annotations

from flask import Flask, current_app
from flask_login import LoginManager

from forms.questionnaire.components import ComponentRenderer

from . import access, errors, form_bodies, ids, security


def register_blueprints(app: Flask, login_manager: LoginManager) -> None:
    ids.install(app)  # before any route: every <int:…> is bounded to the database's range
    form_bodies.install(app)  # a body that is not valid UTF-8 is kept, not emptied
    login_manager.user_loader(security.load_user)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    login_manager.session_protection = None  # the session version does this job

    security.init_security(app)  # runs first: expired sessions are ended before access checks
    app.before_request(access.check_access)
    errors.init_errors(app)

    from .access_requests import bp as access_requests_bp
    from .account_links import bp as account_bp
    from .actions import bp as actions_bp
    from .admin_people import bp as admin_people_bp
    from .audit import bp as audit_bp
    from .auth import bp as auth_bp
    from .benchmark import bp as benchmark_bp
    from .exports import bp as exports_bp
    from .feed import bp as feed_bp
    from .gaps import bp as gaps_bp
    from .library import bp as library_bp
    from .mail import bp as mail_bp
    from .main import bp as main_bp
    from .notes import bp as notes_bp
    from .notes_edit import bp as notes_edit_bp
    from .offices import bp as offices_bp
    from .oidc import bp as oidc_bp
    from .oidc import init_oidc
    from .pcc import bp as pcc_bp
    from .public_notes import bp as public_notes_bp
    from .questionnaires import bp as questionnaires_bp
    from .reports import bp as reports_bp
    from .respond import bp as respond_bp
    from .review import bp as review_bp
    from .rounds import bp as rounds_bp
    from .second_factor import bp as second_factor_bp
    from .second_factor import init_second_factor
    from .tokens import bp as tokens_bp
    from .verdicts import bp as verdicts_bp

    for bp in (auth_bp, main_bp, admin_people_bp, questionnaires_bp, notes_bp, review_bp,
               gaps_bp, audit_bp, rounds_bp, respond_bp, pcc_bp, exports_bp, library_bp,
               benchmark_bp, offices_bp, feed_bp, tokens_bp, oidc_bp, access_requests_bp,
               notes_edit_bp, public_notes_bp, verdicts_bp, mail_bp, account_bp, actions_bp,
               reports_bp, second_factor_bp):
        app.register_blueprint(bp)
    init_oidc(app)
    init_second_factor(app)  # after the access check: signed-in users only

    for name, value in _template_globals().items():
        app.jinja_env.globals[name] = value
    app.extensions["components"] = ComponentRenderer(app.jinja_env)
    for name, value in _template_filters().items():
        app.jinja_env.filters[name] = value


def _template_filters() -> dict:
    from forms.format import dates
    from forms.format.words import plural

    return {"plural": plural, "uk_date": dates.long_date, "uk_datetime": dates.date_and_12h_time,
            "short_date": dates.short_date, "utc_minute": dates.utc_minute,
            "utc_long": dates.utc_long, "utc_stamp": dates.utc_stamp}


def _template_globals() -> dict:
    from models.action_status import action_tag, history_label, overdue_now, source_label
    from models.rounds import round_name
    from models.status import response_label, response_tag, round_long_label, tag_of
    from workflows.revisions import can_move

    from .access import current_user_can
    from .navigation import navigation_for

    return {"navigation_for": navigation_for, "service_name": "PCC assurance",
            "can": current_user_can, "response_label": response_label,
            "round_label": round_long_label, "response_tag": response_tag,
            "status_tag_of": tag_of, "can_move": can_move, "action_tag": action_tag,
            "source_label": source_label, "history_label": history_label,
            "action_overdue": overdue_now, "round_name": round_name,
            "render_component": render_component}


def render_component(part: dict):
    """A questionnaire part's GOV.UK component (forms/questionnaire/components.py)."""
    return current_app.extensions["components"].render(part)
