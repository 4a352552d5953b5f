"""The service administrator's forms: a new office, and an office's first admin."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from .auth import strong_password
from .passwords import MAX_LENGTH


class OfficeForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the office's name"),
                                           Length(max=200, message="Name must be 200 characters "
                                                                   "or fewer")])
    code = StringField("Short code", validators=[
        DataRequired("Enter a short code for the office"),
        Length(max=40, message="Short code must be 40 characters or fewer")])


class OfficeAdminForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired("Enter the admin's name"),
                                                Length(max=200)])
    email = EmailField("Email address", validators=[
        DataRequired("Enter an email address"),
        Email("Enter an email address in the correct format, like name@example.org",
              check_deliverability=False),
        Length(max=254)])
    # Passwords may be all spaces: InputRequired (not DataRequired, which strips).
    password = PasswordField("Password", validators=[
        InputRequired("Enter a password for the new admin"), Length(max=MAX_LENGTH),
        strong_password])
