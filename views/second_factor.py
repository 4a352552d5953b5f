"""A second factor for password accounts: the second sign-in step, setting one up from
the account, passkeys, and the gate that keeps a user who must have one on its set-up
pages. The half-signed-in state is kept in the signed session, with a short expiry;
nothing is usable before the second step."""

from __future__ import annotations

import base64
from datetime import datetime, timezone

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user

from forms.second_factor import CodeForm, PasskeyForm, SetUpAppForm
from models import User, db
from workflows import lookups, second_factor
from workflows.accounts import AccountError

from .access import public, requires
from .confirm import Confirmation, confirm_page
from .security import start_session

bp = Blueprint("second_factor", __name__)

PENDING = "second_step"
WRONG_CODE = ("The code is not right, or it has been used already. Enter the code your app "
              "shows now.")
WRONG_PASSKEY = "The passkey was not accepted. Try again, or enter a code instead."
LOCKED = "There have been too many wrong attempts. Try again in {lock} minutes."
EXPIRED = "Your sign-in took too long. Enter your email address and password again."
# While a user who must have a second factor has none, only these pages answer.
WHILE_SETTING_UP = {"second_factor.account", "second_factor.set_up_app",
                    "second_factor.passkey_options", "second_factor.add_passkey",
                    "auth.sign_out", "auth.keep_alive", "auth.health", "static"}


def _now() -> float:
    return datetime.now(timezone.utc).timestamp()


# --- the second step -----------------------------------------------------------------


def begin(user: User, next_url: str | None):
    """After a right password: remember who, for a few minutes; sign nobody in."""
    session.clear()
    session[PENDING] = {"user": user.id, "version": user.session_version, "next": next_url,
                        "until": _now() + 60 * current_app.config["SECOND_STEP_MINUTES"]}
    return redirect(url_for("second_factor.second_step"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("until", 0) < _now():
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.active or user.session_version != pending.get("version"):
        return None
    return user


def _finish(user: User):
    next_url = session[PENDING].get("next")
    start_session(user, method="password")
    login_user(user, remember=False)
    return redirect(next_url or url_for("main.home"))


def _start_again():
    session.pop(PENDING, None)
    flash(EXPIRED)
    return redirect(url_for("auth.sign_in"))


def _locked():
    session.pop(PENDING, None)
    flash(LOCKED.format(lock=current_app.config["SIGN_IN_LOCK_MINUTES"]))
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-in/second-factor", methods=["GET", "POST"])
@public
def second_step():
    user = _pending_user()
    if user is None:  # expired, or never begun: a page that says so, with the way back
        session.pop(PENDING, None)
        return render_template("second_factor/start_again.html", message=EXPIRED)
    form, error = CodeForm(), None
    if form.validate_on_submit():
        result = second_factor.complete_with_code(user, form.code.data)
        if result.ok:
            return _finish(user)
        if result.locked:
            return _locked()
        error = WRONG_CODE
    kinds = {f.kind for f in second_factor.factors(user)}
    return render_template("second_factor/second_step.html", form=form, error=error,
                           has_app="totp" in kinds, has_passkey="passkey" in kinds)


def _rp_id() -> str:
    return current_app.config.get("WEBAUTHN_RP_ID") or request.host.split(":")[0]


def _origin() -> str:
    scheme = "https" if current_app.config.get("APP_ENV") == "production" else request.scheme
    return f"{scheme}://{request.host}"


def _options_response(options_json: str, challenge: bytes, key: str):
    session[key] = base64.b64encode(challenge).decode()
    return current_app.response_class(options_json, mimetype="application/json")


def _challenge(key: str) -> bytes:
    return base64.b64decode(session.pop(key, "") or "")


@bp.route("/sign-in/passkey/options", methods=["POST"])
@public
def sign_in_passkey_options():
    user = _pending_user()
    if user is None:
        return {"error": EXPIRED}, 400
    options, challenge = second_factor.passkey_sign_in_options(user, _rp_id())
    return _options_response(options, challenge, "passkey_sign_in")


@bp.route("/sign-in/passkey", methods=["POST"])
@public
def sign_in_passkey():
    user = _pending_user()
    if user is None:
        return _start_again()
    form = PasskeyForm()
    if form.validate_on_submit():
        result = second_factor.complete_with_passkey(
            user, form.credential.data, challenge=_challenge("passkey_sign_in"),
            rp_id=_rp_id(), origin=_origin())
        if result.ok:
            return _finish(user)
        if result.locked:
            return _locked()
    flash(WRONG_PASSKEY)
    return redirect(url_for("second_factor.second_step"))


# --- the gate ------------------------------------------------------------------------


def gate():
    """before_request: a password session of a user who must have a second factor and has
    none reaches only the set-up pages."""
    if not current_user.is_authenticated or session.get("sign_in_method") != "password":
        return None
    if request.endpoint in WHILE_SETTING_UP or (request.endpoint or "").endswith(".static"):
        return None
    user = current_user._get_current_object()
    if second_factor.required_for(user) and not second_factor.has_factor(user):
        return redirect(url_for("second_factor.account"))  # which says why
    return None


def init_second_factor(app) -> None:
    app.before_request(gate)


# --- setting up, from the account ----------------------------------------------------


def _me() -> User:
    return current_user._get_current_object()


@bp.route("/account/second-factor")
@requires("account.own")
def account():
    user = _me()
    return render_template("second_factor/account.html", factors=second_factor.factors(user),
                           required=second_factor.required_for(user),
                           codes_left=second_factor.recovery_codes_left(user),
                           form=PasskeyForm())


def _qr_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


@bp.route("/account/second-factor/app", methods=["GET", "POST"])
@requires("account.own")
def set_up_app():
    user = _me()
    secret = session.get("totp_setup")
    if request.method == "GET" or not secret:
        secret = session["totp_setup"] = second_factor.new_totp_secret()
    form = SetUpAppForm()
    if form.validate_on_submit():
        try:
            codes = second_factor.add_totp(user, secret=secret, code=form.code.data)
        except AccountError as exc:
            form.code.errors.append(str(exc))
        else:
            session.pop("totp_setup", None)
            return render_template("second_factor/recovery_codes.html", codes=codes,
                                   added="authenticator app")
    uri = second_factor.totp_uri(user, secret)
    return render_template("second_factor/set_up_app.html", form=form, qr=_qr_data_uri(uri),
                           secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)))


@bp.route("/account/second-factor/passkey/options", methods=["POST"])
@requires("account.own")
def passkey_options():
    options, challenge = second_factor.passkey_registration_options(_me(), _rp_id())
    return _options_response(options, challenge, "passkey_register")


@bp.route("/account/second-factor/passkey", methods=["POST"])
@requires("account.own")
def add_passkey():
    form = PasskeyForm()
    if form.validate_on_submit():
        try:
            codes = second_factor.add_passkey(
                _me(), form.credential.data, challenge=_challenge("passkey_register"),
                rp_id=_rp_id(), origin=_origin(), name=form.name.data or "")
        except AccountError as exc:
            flash(str(exc))
        else:
            if codes:
                return render_template("second_factor/recovery_codes.html", codes=codes,
                                       added="passkey")
            flash("Your passkey has been added.", "success")
    else:
        flash("The passkey could not be registered. Try again.")
    return redirect(url_for("second_factor.account"))


@bp.route("/account/second-factor/recovery-codes", methods=["POST"])
@requires("account.own")
def new_recovery_codes():
    try:
        codes = second_factor.new_recovery_codes(_me())
    except AccountError as exc:
        flash(str(exc))
        return redirect(url_for("second_factor.account"))
    return render_template("second_factor/recovery_codes.html", codes=codes, added=None)


def _own_factor(value):
    """One of the signed-in user's own factors, named by a query or form field (a 404 for
    anything else: another user's, a bad number)."""
    wanted = str(value or "")
    factor = next((f for f in second_factor.factors(_me()) if str(f.id) == wanted), None)
    return factor or abort(404)


@bp.route("/account/second-factor/remove", methods=["GET", "POST"])
@requires("account.own")
def remove():
    """GET ?factor=ID: the confirmation; POST factor=ID: remove it. The id is the user's
    own factor's, never a path of its own (nobody else's factor has a URL)."""
    if not request.values.get("factor"):  # nothing named: the list to choose from
        return redirect(url_for("second_factor.account"))
    factor = _own_factor(request.values.get("factor"))
    if request.method == "POST":
        try:
            second_factor.remove_factor(_me(), factor.id)
        except AccountError as exc:
            flash(str(exc))
        else:
            flash(f"{factor.name} removed.", "success")
        return redirect(url_for("second_factor.account"))
    return confirm_page(Confirmation(
        caption="Your account", heading=f"Remove {factor.name}?",
        follows=["You will no longer be able to sign in with it.",
                 "Without any second factor, your recovery codes stop working too."],
        action=url_for("second_factor.remove"), fields={"factor": str(factor.id)},
        button="Remove", back=url_for("second_factor.account")))


# --- an admin resets a user's second factor ------------------------------------------


@bp.route("/admin/users/<int:user_id>/second-factor", methods=["GET", "POST"])
@requires("users.manage")
def reset(user_id: int):
    user = lookups.in_office_by_id(User, user_id, office_id=current_user.office_id) or abort(404)
    back = url_for("admin_people.edit_user", user_id=user.id)
    if request.method == "POST":
        second_factor.reset(user, by=_me())
        flash(f"The second factor of {user.email} has been reset.", "success")
        return redirect(back)
    kinds = [f.name for f in second_factor.factors(user)]
    if not kinds:
        return render_template("second_factor/no_factor.html", user=user, back=back)
    return confirm_page(Confirmation(
        caption=user.email, heading=f"Reset the second factor of {user.name}?",
        follows=["Their authenticator app, passkeys and recovery codes stop working at once.",
                 "They are signed out everywhere and sign in with their password alone.",
                 "If their account needs a second factor, they are asked to set one up "
                 "straight after."],
        listed_intro="Removed:", listed=kinds,
        action=url_for("second_factor.reset", user_id=user.id), button="Reset second factor",
        back=back))
