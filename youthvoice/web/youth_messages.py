"""Words for what the account services report, in the youth's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from youthvoice.services.youth_accounts import NameProblem, SecretProblem

NAME_PROBLEMS = {
    NameProblem.FORM: _l("Use 3 to 30 letters or numbers. You can also use . _ or - (no spaces)."),
    NameProblem.TAKEN: _l("Someone already has that sign-in name. Try another one."),
}
SECRET_PROBLEMS = {
    SecretProblem.TOO_SHORT: _l(
        "Use at least 6 numbers, or a passphrase of at least 12 characters."
    ),
    SecretProblem.REPEATED: _l("That PIN repeats itself, so it is easy to guess. Try another one."),
    SecretProblem.SEQUENCE: _l("Numbers in order are easy to guess. Try another PIN."),
    SecretProblem.DATE: _l("That PIN looks like a date, like a birthday. Try another one."),
}
