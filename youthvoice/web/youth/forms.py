"""The youth's own choices: assent and the statistics choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from youthvoice.models.youth import THEMES
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


# Each look, named and described in words (a youth picks by reading, not by colour alone).
THEME_CHOICES = {
    "calm": (_l("Calm"), _l("Soft, warm colours. This is how it starts.")),
    "bright": (_l("Bright"), _l("Strong, happy colours.")),
    "night": (_l("Night"), _l("Light words on a dark page. Easy on the eyes at night.")),
    "high_contrast": (_l("High contrast"), _l("Black and white, with the strongest contrast.")),
    "plain": (_l("Plain"), _l("Grey and white, no pictures. Looks like any other website.")),
}


class SettingsForm(FlaskForm):
    language = SelectField(_l("Language"), validate_choice=True)
    discreet_mode = BooleanField(_l('Discreet mode: every page is called "Check-in"'))
    # Checked with AnyOf rather than the field's own choice check, for a message in words;
    # none chosen keeps the look they have.
    theme = RadioField(
        _l("How the pages look"),
        choices=[SelectChoice(code, name) for code, (name, _about) in THEME_CHOICES.items()],
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(list(THEMES), message=_l("Choose one of the looks on this page.")),
        ],
    )


class ChangePinForm(FlaskForm):
    current = PasswordField(
        _l("Your PIN or passphrase now"),
        validators=[InputRequired(_l("Enter your PIN or passphrase now")), Length(max=200)],
    )
    secret, secret_again = new_secret_fields(_l("Choose a new PIN or passphrase"))
