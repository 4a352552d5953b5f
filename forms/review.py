"""Fixed forms for reviewing responses and adding post-meeting information,
and the audit browser's filters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from models.text import normalise_text

from .format.definition import Definition
from .format.naming import safe_id
from .questionnaire.fields import GovDateField

COMMENT_MAX = 10000
ADDITION_MAX = 10000
COMMENT_PREFIX = "comment_"


def _revision_field() -> HiddenField:
    return HiddenField(filters=[lambda v: int(v) if str(v or "").isdigit() else None])


class ReviewActionForm(FlaskForm):
    """Accept: only the revision the reviewer looked at."""

    revision = _revision_field()


class ReturnFormBase(FlaskForm):
    revision = _revision_field()
    overall = TextAreaField(
        "Overall comment (optional)", filters=[normalise_text],
        validators=[Length(max=COMMENT_MAX, message=(
            f"The overall comment must be {COMMENT_MAX:,} characters or fewer"))])

    question_fields: dict[str, str] = {}

    def comments(self) -> dict[str | None, str | None]:
        out: dict[str | None, str | None] = {None: self.overall.data}
        for question_id, name in self.question_fields.items():
            out[question_id] = self[name].data
        return out

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not any((v or "").strip() for v in self.comments().values()):
            self.overall.errors.append("Enter a comment on at least one answer, or an overall "
                                       "comment, to say what needs to change")
            ok = False
        return ok


def return_form_class(definition: Definition) -> type[ReturnFormBase]:
    """A fresh return form class with a comment box for every question."""
    attrs: dict = {}
    names: dict[str, str] = {}
    for q in definition.questions:
        name = COMMENT_PREFIX + safe_id(q.id)
        names[q.id] = name
        attrs[name] = TextAreaField(
            "Comment on this answer (optional)", filters=[normalise_text],
            validators=[Length(max=COMMENT_MAX, message=(
                f"Each comment must be {COMMENT_MAX:,} characters or fewer"))])
    attrs["question_fields"] = dict(names)
    return type("ReturnForm", (ReturnFormBase,), attrs)


class AdditionForm(FlaskForm):
    body = TextAreaField(
        "Information provided after the meeting", filters=[normalise_text], validators=[
            DataRequired("Enter the information provided after the meeting"),
            Length(max=ADDITION_MAX,
                   message=f"The information must be {ADDITION_MAX:,} characters or fewer"),
        ])


class AuditFilterForm(Form):
    """Filters for the audit browser, read from the query string (GET, no CSRF)."""

    action = SelectField("Action", choices=[], validate_choice=False)
    user = StringField("User (email or part of it)", filters=[normalise_text],
                       validators=[Optional(), Length(max=254)])
    object_type = SelectField("Object", choices=[], validate_choice=False)
    object_id = StringField("Object id", filters=[normalise_text],
                            validators=[Optional(), Length(max=80)])
    date_from = GovDateField("From", subject="The from date")  # the GOV.UK date input
    date_to = GovDateField("To", subject="The to date")
    page = IntegerField(validators=[Optional()])
