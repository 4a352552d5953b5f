"""Blueprints: thin request handlers (validate, call a workflow or a roll-up, render)."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager

from . import access, errors, security


def register_blueprints(app: Flask, login_manager: LoginManager) -> None:
    login_manager.user_loader(security.load_user)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    login_manager.session_protection = None  # the session version does this job

    security.init_security(app)  # runs first: expired sessions are ended before access checks
    app.before_request(access.check_access)
    errors.init_errors(app)

    from .admin_people import bp as admin_people_bp
    from .audit import bp as audit_bp
    from .auth import bp as auth_bp
    from .exports import bp as exports_bp
    from .gaps import bp as gaps_bp
    from .main import bp as main_bp
    from .notes import bp as notes_bp
    from .pcc import bp as pcc_bp
    from .questionnaires import bp as questionnaires_bp
    from .respond import bp as respond_bp
    from .review import bp as review_bp
    from .rounds import bp as rounds_bp

    for bp in (auth_bp, main_bp, admin_people_bp, questionnaires_bp, notes_bp, review_bp,
               gaps_bp, audit_bp, rounds_bp, respond_bp, pcc_bp, exports_bp):
        app.register_blueprint(bp)

    for name, value in _template_globals().items():
        app.jinja_env.globals[name] = value


def _template_globals() -> dict:
    from .navigation import navigation_for

    return {"navigation_for": navigation_for, "service_name": "PCC assurance"}
