"""The language switcher form."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from youthvoice.readers import read_local_path


class LanguageForm(FlaskForm):
    locale = StringField(validators=[InputRequired(), Length(max=16)])
    next = HiddenField(validators=[Length(max=512)])

    def validate_locale(self, field: StringField) -> None:
        if field.data not in current_app.config["YOUTHVOICE_LOCALES"]:
            raise ValidationError("unknown language")

    def safe_next(self) -> str:
        return read_local_path(self.next.data)
