"""The service administrator's forms: a new office, and an office's first admin."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from .auth import email_address_field, full_name_field, strong_password
from .passwords import MAX_LENGTH


class OfficeForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the office's name"),
                                           Length(max=200, message="Name must be 200 characters "
                                                                   "or fewer")])
    code = StringField("Short code", validators=[
        DataRequired("Enter a short code for the office"),
        Length(max=40, message="Short code must be 40 characters or fewer")])


class OfficeAdminForm(FlaskForm):
    name = full_name_field("Enter the admin's name")
    email = email_address_field()
    # Passwords may be all spaces: InputRequired (not DataRequired, which strips).
    password = PasswordField("Password", validators=[
        InputRequired("Enter a password for the new admin"), Length(max=MAX_LENGTH),
        strong_password])
