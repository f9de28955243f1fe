"""The youth's own choices: assent and the statistics choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice


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
