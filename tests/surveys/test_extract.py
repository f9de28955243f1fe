"""Survey text reaches the catalogues: the extractor finds it, and a change shows as stale."""

from __future__ import annotations

import io

import yaml
from babel.messages.pofile import read_po

from tests.surveys.test_loader import VALID
from youthvoice.paths import resource_dir
from youthvoice.surveys.extract import extract, strings_of


def extracted(data: dict) -> list[str]:
    source = io.BytesIO(yaml.safe_dump(data, allow_unicode=True).encode())
    return [message for _line, _function, message, _comments in extract(source, [], [], {})]


def test_every_text_field_is_extracted_and_codes_are_not():
    messages = extracted(VALID)
    assert "Sample" in messages
    assert "I can find a way." in messages
    assert "Very true" in messages
    assert "Do you want to answer questions about this?" in messages
    assert "hope_1" not in messages
    assert "3" not in messages
    assert sorted(messages) == sorted(strings_of(VALID))


def test_a_changed_survey_string_is_not_in_the_catalogue_until_it_is_updated():
    with (resource_dir("translations") / "messages.pot").open("rb") as source:
        known = {message.id for message in read_po(source) if message.id}
    changed = dict(VALID, intro="A brand new sentence nobody has translated.")
    assert "A brand new sentence nobody has translated." in set(extracted(changed)) - known
