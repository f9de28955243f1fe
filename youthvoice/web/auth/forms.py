"""Sign-in forms. Every field allows paste and password managers (WCAG 3.3.8)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import InputRequired, Length

from youthvoice.services import youth_accounts
from youthvoice.web.youth_messages import SECRET_PROBLEMS


def new_secret_fields(label: LazyString) -> tuple[UnboundField, UnboundField]:
    """A new PIN or passphrase and "Type it again", as every form that sets one asks them.
    `new_secret_ok` checks the PIN rules and that the two match."""
    secret = PasswordField(
        label, validators=[InputRequired(_l("Choose a PIN or passphrase")), Length(max=200)]
    )
    again = PasswordField(
        _l("Type it again"), validators=[InputRequired(_l("Type your PIN or passphrase again"))]
    )
    return secret, again


def new_secret_ok(form: FlaskForm) -> bool:
    """The PIN rules (a service's) and "the two match", as errors on the form's fields."""
    if problem := youth_accounts.secret_problem(form.secret.data):
        form.secret.errors.append(SECRET_PROBLEMS[problem])
    elif form.secret.data != form.secret_again.data:
        form.secret_again.errors.append(_("The two don't match. Type the same thing twice."))
    return not (form.secret.errors or form.secret_again.errors)


class StaffPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(_l("Enter your email address")), Length(max=320)],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(_l("Enter your password")), Length(max=1000)]
    )


class StaffCodeForm(FlaskForm):
    code = StringField(
        _l("Code from your authenticator app"),
        validators=[InputRequired(_l("Enter the 6-digit code")), Length(max=12)],
    )


class ActionForm(FlaskForm):
    """A button that changes something (sign out, approve…): only the CSRF token, so no
    link or other site can make someone do it."""


class YouthSignInForm(FlaskForm):
    name = StringField(
        _l("Sign-in name"),
        validators=[InputRequired(_l("Enter your sign-in name")), Length(max=60)],
    )
    secret = PasswordField(
        _l("PIN or passphrase"),
        validators=[InputRequired(_l("Enter your PIN or passphrase")), Length(max=200)],
    )
    shared_device = BooleanField(_l("This is a shared device"))


class InviteCodeForm(FlaskForm):
    code = StringField(
        _l("Invite code"), validators=[InputRequired(_l("Enter your invite code")), Length(max=40)]
    )


class ChooseSignInForm(FlaskForm):
    name = StringField(
        _l("Choose a sign-in name"),
        validators=[InputRequired(_l("Choose a sign-in name")), Length(max=60)],
    )
    secret, secret_again = new_secret_fields(_l("Choose a PIN or passphrase"))


class NewPinForm(FlaskForm):
    secret, secret_again = new_secret_fields(_l("Choose a new PIN or passphrase"))


class BackupCodeForm(FlaskForm):
    name = StringField(
        _l("Sign-in name"),
        validators=[InputRequired(_l("Enter your sign-in name")), Length(max=60)],
    )
    code = StringField(
        _l("Backup code"),
        validators=[InputRequired(_l("Enter your backup code")), Length(max=40)],
    )
