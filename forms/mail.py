"""The email forms: a user's choice of messages, and "Send again" (a button)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

REMINDER_CHOICES = [
    SelectChoice("each", "Each reminder as it is due"),
    SelectChoice("digest", "In one daily summary email"),
    SelectChoice("off", "No reminders"),
]
ROUTINE_CHOICES = [
    SelectChoice("each", "Each email as it happens"),
    SelectChoice("digest", "In one daily summary email"),
    SelectChoice("off", "No emails like these"),
]


class PreferencesForm(FlaskForm):
    reminders = RadioField(
        "Reminders before a deadline", choices=REMINDER_CHOICES,
        invalid_choice_message="Choose how you get reminders",
        validators=[InputRequired(message="Choose how you get reminders")])
    routine = RadioField(
        "Other emails about your work", choices=ROUTINE_CHOICES,
        invalid_choice_message="Choose how you get other emails",
        validators=[InputRequired(message="Choose how you get other emails")])


class SendAgainForm(FlaskForm):
    """A button: the form has nothing but its CSRF token."""
