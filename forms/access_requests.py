"""The form an admin answers an access request with: a role and an organisation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import ValidationError

from models.people import ROLES_WITH_ORGANISATION

from .auth import ROLE_CHOICES


class GrantForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES, invalid_choice_message="Select a role")
    organisation = SelectField("Organisation", coerce=int,
                               invalid_choice_message="Select an organisation from the list")

    def validate_organisation(self, field):
        if self.role.data in ROLES_WITH_ORGANISATION and not field.data:
            raise ValidationError("Select the organisation this respondent answers for")
