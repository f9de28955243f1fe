"""Enrolling a young person."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional


class EnrolForm(FlaskForm):
    preferred_name = StringField(
        _l("Name they'd like to be called (optional)"), validators=[Optional(), Length(max=60)]
    )
    program = SelectField(_l("Program"), coerce=int, validate_choice=True)
    consent = BooleanField(
        _l("The program's own consent requirements for this young person are met"),
        validators=[DataRequired(_l("Confirm that the program's consent requirements are met"))],
    )
    consent_on = DateField(
        _l("Date they were met"),
        default=date.today,
        validators=[InputRequired(_l("Enter the date, like 2026-11-25"))],
    )
