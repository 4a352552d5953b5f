"""Fixed forms for the notes record: one part's text, the settings, a correction."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from models.text import normalise_text

PART_MAX = 20_000
REASON_MAX = 1000
GAPS_INTROS = {"label": "Identified gaps:", "none": ""}  # choice -> what the notes print
GAPS_INTRO_CHOICES = [("label", "With “Identified gaps:”"),
                      ("none", "With nothing: the list follows the response")]


def _version_field() -> HiddenField:
    return HiddenField(filters=[lambda v: int(v) if str(v or "").isdigit() else 0])


class NotesPartForm(FlaskForm):
    version = _version_field()
    text = TextAreaField(
        "Text", filters=[normalise_text],
        validators=[Length(max=PART_MAX, message=(
            f"The text must be {PART_MAX:,} characters or fewer"))])


class NotesSettingsForm(FlaskForm):
    version = _version_field()
    show_ratings = RadioField(
        "Show each rating (“Rating: Confident”)?", choices=[("yes", "Yes"), ("no", "No")],
        validators=[DataRequired(message="Choose whether the notes show ratings")])
    gaps_intro = RadioField(
        "How is a list of identified gaps introduced?", choices=GAPS_INTRO_CHOICES,
        validators=[DataRequired(message="Choose how a list of gaps is introduced")])
    # Not required: a post without it (from a page before the setting) leaves it alone.
    show_verdicts = RadioField(
        "Show the OPCC's verdict on each section?", choices=[("yes", "Yes"), ("no", "No")],
        validate_choice=False)

    @property
    def verdicts_choice(self) -> bool | None:
        """True, False, or None: not given (the setting stays as it is)."""
        return {"yes": True, "no": False}.get(self.show_verdicts.data)


class CorrectionForm(FlaskForm):
    reason = TextAreaField(
        "What was corrected, and why", filters=[normalise_text],
        validators=[DataRequired(message="Enter what was corrected and why"),
                    Length(max=REASON_MAX, message=(
                        f"The reason must be {REASON_MAX:,} characters or fewer"))])
