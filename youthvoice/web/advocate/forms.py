"""Enrolling a young person."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from youthvoice.readers import read_date


class DayField(DateField):
    """A day as a date picker sends it (2026-11-25), read by readers.read_date: strptime
    would take any script's digits and a year such as 0001."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        parts = valuelist[0].strip().split("-")
        self.data = read_date(*parts) if len(parts) == 3 else None
        if self.data is None:
            raise ValueError(self.invalid_value_message or self.gettext("Not a valid date value."))


class EnrolForm(FlaskForm):
    preferred_name = StringField(
        _l("Name they'd like to be called (optional)"), validators=[Optional(), Length(max=60)]
    )
    program = SelectField(_l("Program"), coerce=int, validate_choice=True)
    consent = BooleanField(
        _l("The program's own consent requirements for this young person are met"),
        validators=[DataRequired(_l("Confirm that the program's consent requirements are met"))],
    )
    consent_on = DayField(
        _l("Date they were met"),
        default=date.today,
        validators=[InputRequired(_l("Enter the date, like 2026-11-25"))],
    )
