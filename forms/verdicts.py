"""The verdict form (an admin records the OPCC's verdict) and the assurance map's filters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from models.text import normalise_text
from models.verdict_terms import LEVELS, SOURCES, problems_with


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class VerdictForm(FlaskForm):
    level = RadioField("Is the OPCC assured?", validate_choice=False,
                       choices=[SelectChoice(k, v.label) for k, v in LEVELS.items()])
    rationale = TextAreaField("Rationale", filters=[normalise_text, _strip])
    source = RadioField("Where does the assurance come from?",
                        choices=[SelectChoice(k, v.label) for k, v in SOURCES.items()],
                        validate_choice=False)
    reference = StringField("Reference", filters=[_strip])
    edits = HiddenField(filters=[lambda v: int(v) if str(v or "").isdigit() else None])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name, message in problems_with(self.level.data, self.rationale.data,
                                           self.source.data, self.reference.data).items():
            self[name].errors = [*self[name].errors, message]
            ok = False
        return ok


class SignOffForm(FlaskForm):
    """The verdicts the PCC read: "id:edits" pairs, comma-separated."""

    seen = HiddenField()

    def pairs(self) -> list[tuple[int, int]]:
        out = []
        for part in (self.seen.data or "").split(",")[:1000]:
            ident, _, edits = part.partition(":")
            if ident.isdigit() and edits.isdigit() and len(ident) < 19:
                out.append((int(ident), int(edits)))
        return out


class MapFilterForm(Form):
    """GET filters of the assurance map (no CSRF: it changes nothing). Unknown values are
    ignored by the roll-up, which says which filters it applied."""

    questionnaire = StringField("Questionnaire", filters=[_strip])
    organisation = StringField("Organisation", filters=[_strip])
    verdict = StringField("Verdict", filters=[_strip])

    def organisation_id(self) -> int | None:
        value = self.organisation.data or ""
        return int(value) if value.isdigit() and len(value) < 19 else None
