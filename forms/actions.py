"""The fixed forms of the register and of HMICFRS reports. Choices are set by the views."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms.fields import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from models.action_status import REPORT_SOURCE_LABELS, SOURCE_LABELS

from .questionnaire.fields import GovDateField, has_control_characters

TEXT_MAX = 200
LONG_MAX = 10_000


def choice_list(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the fields' choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _plain_text(form, field) -> None:
    if field.data and has_control_characters(field.data):
        raise ValidationError(f"{field.label.text} contains characters that are not allowed")


def _text(label: str, message: str | None = None, limit: int = TEXT_MAX) -> StringField:
    validators = [DataRequired(message)] if message else [Optional()]
    validators += [Length(max=limit, message=f"{label} must be {limit} characters or fewer"),
                   _plain_text]
    return StringField(label, filters=[_strip], validators=validators)


def _long(label: str, message: str | None = None) -> TextAreaField:
    validators = [DataRequired(message)] if message else [Optional()]
    validators.append(Length(max=LONG_MAX,
                             message=f"{label} must be {LONG_MAX:,} characters or fewer"))
    return TextAreaField(label, filters=[_strip], validators=validators)


def _required_date(message: str):
    def check(form, field) -> None:
        if field.data is None and not field.problem:
            raise StopValidation(message)
    return check


class ActionItemForm(FlaskForm):
    """An item of the register. ``organisation``, ``questionnaire``, ``round``,
    ``question`` and ``gap`` choices are the office's, set by the view."""

    source = SelectField("Where it comes from",
                         choices=choice_list([("", "Choose"), *SOURCE_LABELS.items()]),
                         validators=[DataRequired("Choose where the item comes from")])
    reference = _text("Reference")
    title = _text("Title", "Enter a title")
    detail = _long("Detail")
    organisation = SelectField("Organisation that owns it", choices=[], validators=[
        DataRequired("Choose the organisation that owns the item")])
    owner = _text("Named owner")
    due_date = GovDateField("Due date", subject="The due date")
    questionnaire = SelectField("Questionnaire", choices=[], validators=[Optional()])
    round = SelectField("Meeting (round)", choices=[], validators=[Optional()])
    question = SelectField("Question", choices=[], validators=[Optional()])
    gap = SelectField("Gap", choices=[], validators=[Optional()])


class ActionUpdateForm(FlaskForm):
    """A change of status (``target``; "" for a progress update) with its note.
    ``target`` choices are the moves the user may make, set by the view."""

    target = RadioField("What has changed?", choices=[], validators=[
        DataRequired("Choose what has changed")])
    note = _long("Note")


class ReportForm(FlaskForm):
    title = _text("Title", "Enter the report's title")
    published_on = GovDateField("Published", subject="The publication date",
                                validators=[_required_date("Enter the date it was published")])
    organisation = SelectField("Force", choices=[], validators=[
        DataRequired("Choose the force the report is about")])
    url = _text("Link to the report", limit=500)


class ReportItemForm(FlaskForm):
    source = SelectField("Type", choices=choice_list(
                             [("", "Choose"), *REPORT_SOURCE_LABELS.items()]),
                         validators=[DataRequired("Choose the type")])
    reference = _text("Reference")
    title = _text("Title", "Enter the title")
    detail = _long("Detail")
    owner = _text("Named owner")
    due_date = GovDateField("Due date", subject="The due date")


class ImportForm(FlaskForm):
    file = FileField("CSV file")


class CcRequestForm(FlaskForm):
    cc_deadline = GovDateField("Deadline for the Chief Constable's comments",
                               subject="The deadline",
                               validators=[_required_date("Enter the deadline")])


class CcCommentsForm(FlaskForm):
    cc_comments = TextAreaField("The Chief Constable's comments", filters=[_strip], validators=[
        Optional(), Length(max=20_000, message="Enter 20,000 characters or fewer")])
