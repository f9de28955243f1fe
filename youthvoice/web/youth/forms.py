"""The youth's own choices: assent and the statistics choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from youthvoice.web.auth.forms import new_secret_fields


class AssentForm(FlaskForm):
    """Two buttons: yes, or not now. The button pressed is the answer."""


class StatisticsForm(FlaskForm):
    counted = RadioField(
        _l("Can we count your answers, without your name, in program statistics?"),
        choices=[
            SelectChoice("yes", _l("Yes, count my answers without my name")),
            SelectChoice("no", _l("No, don't count my answers")),
        ],
        validate_choice=True,
    )


class SettingsForm(FlaskForm):
    language = SelectField(_l("Language"), validate_choice=True)
    discreet_mode = BooleanField(_l('Discreet mode: every page is called "Check-in"'))


class ChangePinForm(FlaskForm):
    current = PasswordField(
        _l("Your PIN or passphrase now"),
        validators=[InputRequired(_l("Enter your PIN or passphrase now")), Length(max=200)],
    )
    secret, secret_again = new_secret_fields(_l("Choose a new PIN or passphrase"))
