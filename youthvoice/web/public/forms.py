"""The language switcher form."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length, ValidationError


def is_local_path(target: str) -> bool:
    """Only same-site paths: no scheme, no host, no protocol-relative '//' or back-slash tricks."""
    return target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target


class LanguageForm(FlaskForm):
    locale = StringField(validators=[InputRequired(), Length(max=16)])
    next = HiddenField(validators=[Length(max=512)])

    def validate_locale(self, field: StringField) -> None:
        if field.data not in current_app.config["YOUTHVOICE_LOCALES"]:
            raise ValidationError("unknown language")

    def safe_next(self) -> str:
        target = self.next.data or "/"
        return target if is_local_path(target) else "/"
