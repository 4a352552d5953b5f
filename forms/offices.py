"""The service administrator's forms: a new office, and an office's first admin."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .auth import email_address_field, full_name_field


class OfficeForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the office's name"),
                                           Length(max=200, message="Name must be 200 characters "
                                                                   "or fewer")])
    code = StringField("Short code", validators=[
        DataRequired("Enter a short code for the office"),
        Length(max=40, message="Short code must be 40 characters or fewer")])


class OfficeAdminForm(FlaskForm):
    """No password: the new admin chooses their own from the emailed invitation."""

    name = full_name_field("Enter the admin's name")
    email = email_address_field()
