"""The fixed forms for signing in and for people and organisations."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from models import ORG_KINDS
from models.people import OFFICE_ROLES, ROLES_WITH_ORGANISATION

from .passwords import MAX_LENGTH, password_problem

ROLE_CHOICES = [SelectChoice("admin", "OPCC administrator"),
                SelectChoice("pcc", "Commissioner (read only)"),
                SelectChoice("respondent", "Respondent for an organisation")]
KIND_CHOICES = [SelectChoice("opcc", "Office of the PCC"), SelectChoice("force", "Police force"),
                SelectChoice("other", "Other body")]
# An office's admins give its own roles; service administrators are made on the command line.
assert [c.value for c in ROLE_CHOICES] == list(OFFICE_ROLES)
assert [c.value for c in KIND_CHOICES] == list(ORG_KINDS)

# Passwords may be all spaces: InputRequired (not DataRequired, which strips) and no stripping.


class SignInForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address"),
                                                   Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired("Enter your password"),
                                                     Length(max=MAX_LENGTH)])


def strong_password(form, field):
    """A new password's validator: the password rules of ``forms.passwords``."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def full_name_field(missing: str) -> StringField:
    """A person's full name; ``missing`` is the message when it is left empty."""
    return StringField("Full name", validators=[DataRequired(missing), Length(max=200)])


def email_address_field() -> EmailField:
    """A person's email address, checked for its shape (not for a mail server)."""
    return EmailField("Email address", validators=[
        DataRequired("Enter an email address"),
        Email("Enter an email address in the correct format, like name@example.org",
              check_deliverability=False),
        Length(max=254)])


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password",
                                     validators=[InputRequired("Enter your current password")])
    new_password = PasswordField("New password", validators=[InputRequired("Enter a new password"),
                                                             strong_password])


class OrgForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the organisation's name"),
                                           Length(max=200)])
    code = StringField("Short code (optional)", validators=[Optional(), Length(max=40)])
    kind = SelectField("Kind", choices=KIND_CHOICES,
                       invalid_choice_message="Select the kind of organisation")


class UserForm(FlaskForm):
    name = full_name_field("Enter the user's name")
    email = email_address_field()
    role = SelectField("Role", choices=ROLE_CHOICES, invalid_choice_message="Select a role")
    organisation = SelectField("Organisation", coerce=int,
                               invalid_choice_message="Select an organisation from the list")
    active = BooleanField("Account is active", default=True)
    password = PasswordField("Password", validators=[Optional(strip_whitespace=False),
                                                     strong_password])

    def validate_organisation(self, field):
        if self.role.data in ROLES_WITH_ORGANISATION and not field.data:
            raise ValidationError("Select the organisation this respondent answers for")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email address", validators=[
        DataRequired("Enter your email address"),
        Email("Enter an email address in the correct format, like name@example.org",
              check_deliverability=False),
        Length(max=254, message="Email address must be 254 characters or fewer")])


class ChoosePasswordForm(FlaskForm):
    """A new password, from an invitation or reset link."""

    password = PasswordField("Password", validators=[InputRequired("Enter a password"),
                                                     strong_password])
