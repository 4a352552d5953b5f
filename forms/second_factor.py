"""The forms of the second factor: a code at sign-in or set-up, a passkey's answer."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional


class CodeForm(FlaskForm):
    code = StringField("Code", validators=[
        DataRequired("Enter the code from your authenticator app, or a recovery code"),
        Length(max=40, message="Enter the 6-digit code, or a recovery code like "
                               "1a2b-3c4d-5e6f-7a8b")])


class SetUpAppForm(FlaskForm):
    code = StringField("Code from the app", validators=[
        DataRequired("Enter the 6-digit code your authenticator app shows"),
        Length(max=20, message="Enter the 6-digit code your authenticator app shows")])


class PasskeyForm(FlaskForm):
    credential = HiddenField(validators=[DataRequired("Your browser did not send a passkey"),
                                         Length(max=20000)])
    name = StringField("Name of this passkey", validators=[Optional(), Length(max=100)])
