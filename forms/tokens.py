"""The form that makes a personal access token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

LIFETIMES = [SelectChoice("30", "30 days"), SelectChoice("90", "90 days"),
             SelectChoice("180", "180 days"), SelectChoice("365", "1 year")]


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[
        InputRequired("Enter a name for the token, such as the report that uses it"),
        Length(max=100, message="The name must be 100 characters or fewer")],
        description="Say what will use it, for example \"Power BI: CSE dashboard\".")
    days = RadioField("How long it works", choices=LIFETIMES, default="90",
                      validators=[InputRequired("Choose how long the token works")])
