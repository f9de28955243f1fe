"""Sign-in forms. Every field allows paste and password managers (WCAG 3.3.8)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import InputRequired, Length


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


class SignOutForm(FlaskForm):
    """Only the CSRF token: signing out is a POST so no link can do it to someone."""
