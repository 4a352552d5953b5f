"""The fixed form for setting up an assurance round."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.fields import (
    FieldList,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from .questionnaire.fields import GovDateField, has_control_characters

TEXT_MAX = 200
PURPOSE_MAX = 5000
MAX_ATTENDEES = 30
ADD_ATTENDEE = "add_attendee"
REMOVE_ATTENDEE = "remove_attendee"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _plain_text(form, field) -> None:
    if field.data and has_control_characters(field.data):
        raise ValidationError(f"{field.label.text} contains characters that are not allowed")


def _required_date(message: str):
    def check(form, field) -> None:
        if field.data is None and not field.problem:
            raise StopValidation(message)
    return check


class AttendeeForm(Form):
    name = StringField("Name", filters=[_strip],
                       validators=[Optional(), Length(max=TEXT_MAX), _plain_text])
    capacity = StringField("Capacity", filters=[_strip],
                           validators=[Optional(), Length(max=TEXT_MAX), _plain_text])

    def validate_capacity(self, field) -> None:
        if field.data and not self.name.data:
            self.name.errors.append("Enter the attendee's name, or remove their capacity")


def _text(label: str, message: str | None = None) -> StringField:
    validators = [DataRequired(message)] if message else [Optional()]
    validators += [Length(max=TEXT_MAX, message=f"{label} must be {TEXT_MAX} characters or fewer"),
                   _plain_text]
    return StringField(label, filters=[_strip], validators=validators)


class RoundForm(FlaskForm):
    """Choices of ``questionnaire_version`` and ``organisations`` are set by the view."""

    title = _text("Title", "Enter a title for the round")
    questionnaire_version = SelectField("Questionnaire and version", choices=[],
                                        validate_choice=True,
                                        validators=[DataRequired(
                                            "Choose the questionnaire version")])
    meeting_date = GovDateField("Meeting date", subject="The meeting date",
                                validators=[_required_date("Enter the meeting date")])
    venue = _text("Venue")
    chair = _text("Chair")
    note_taker = _text("Note taker")
    attendees = FieldList(FormField(AttendeeForm), min_entries=1, max_entries=MAX_ATTENDEES)
    deadline = GovDateField("Deadline for responses", subject="The deadline for responses")
    purpose = TextAreaField("Purpose", filters=[_strip], validators=[
        Optional(),
        Length(max=PURPOSE_MAX, message=f"The purpose must be {PURPOSE_MAX:,} characters or fewer"),
    ])
    organisations = SelectMultipleField("Organisations asked", choices=[], validators=[
        DataRequired("Choose at least one organisation to ask")])

    def validate_deadline(self, field) -> None:
        if field.data and self.meeting_date.data and field.data > self.meeting_date.data:
            raise ValidationError(
                "The deadline for responses must be on or before the meeting date")

    def attendee_pairs(self) -> list[tuple[str, str]]:
        return [(e.form.name.data or "", e.form.capacity.data or "") for e in self.attendees.entries
                if e.form.name.data]

    def apply_attendee_button(self, formdata) -> bool:
        """Add or remove an attendee row (the buttons without JavaScript); True if pressed."""
        if formdata.get(ADD_ATTENDEE) is not None:
            if len(self.attendees.entries) < MAX_ATTENDEES:
                self.attendees.append_entry()
            return True
        target = formdata.get(REMOVE_ATTENDEE)
        if target is None:
            return False
        kept = [(e.form.name.data, e.form.capacity.data) for e in self.attendees.entries
                if e.name != target]
        while self.attendees.entries:
            self.attendees.pop_entry()
        for name, capacity in kept or [("", "")]:
            self.attendees.append_entry({"name": name, "capacity": capacity})
        return True
