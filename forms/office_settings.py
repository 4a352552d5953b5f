"""The office's own settings form: whether it takes part in the national benchmark."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

YES, NO = "yes", "no"


class BenchmarkForm(FlaskForm):
    benchmark = RadioField(
        "Take part in the national benchmark?",
        choices=[SelectChoice(YES, "Yes, share our forces' ratings in the national benchmark"),
                 SelectChoice(NO, "No, do not share them")],
        invalid_choice_message="Choose yes or no",
        validators=[InputRequired(message="Choose whether your office takes part in the "
                                          "national benchmark")])

    @property
    def opt_in(self) -> bool:
        return self.benchmark.data == YES
