"""Catalogues: complete, current with the code, placeholders intact, no English left over."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.web.pages import ALL_PAGES
from youthvoice.paths import REPOSITORY_ROOT, resource_dir

TRANSLATIONS = resource_dir("translations")
CATALOGUES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def read_catalogue(path: Path):
    with path.open("rb") as source:
        return read_po(source)


def message_ids(catalogue) -> set:
    return {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalogue
        if message.id
    }


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory) -> Path:
    """What pybabel extracts from the code right now."""
    output = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "--sort-output",
            "--ignore-dirs",
            ".* instance dist build",
            "-o",
            str(output),
            ".",
        ],
        cwd=REPOSITORY_ROOT,
        check=True,
        capture_output=True,
    )
    return output


def test_spanish_catalogue_exists():
    assert "es" in [path.parent.parent.name for path in CATALOGUES]


def test_template_is_current_with_the_code(fresh_template):
    committed = message_ids(read_catalogue(TRANSLATIONS / "messages.pot"))
    extracted = message_ids(read_catalogue(fresh_template))
    assert sorted(extracted - committed) == [], "run `make catalogues` and translate"
    assert sorted(committed - extracted) == [], "run `make catalogues` to drop old strings"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_catalogue_has_every_string_of_the_code(path, fresh_template):
    extracted = message_ids(read_catalogue(fresh_template))
    assert sorted(extracted - message_ids(read_catalogue(path))) == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_catalogue_is_fully_translated_and_reviewed(path):
    catalogue = read_catalogue(path)
    untranslated = [m.id for m in catalogue if m.id and not all(_strings(m.string))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_catalogue_placeholders_match(path):
    problems = [(message.id, errors) for message, errors in read_catalogue(path).check()]
    assert problems == []


def _strings(value) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


class VisibleText(HTMLParser):
    """Collects the words a person sees or hears (text, alt, aria-label, title)."""

    SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in ("alt", "aria-label", "title", "placeholder") and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


# Words that are the same in both languages on purpose.
# Names (the test staff member is Maria), numbers and the 0-10 answers of a scale read the
# same in both languages.
SAME_IN_BOTH = {"Check-in", "Español", "English", "988", "911.", "TTY: 711.", "Maria", "·"} | {
    str(number) for number in range(11)
}


@pytest.mark.parametrize("path", ALL_PAGES)
def test_spanish_pages_have_no_english_left_over(visitor, path):
    def texts(language):
        page = visitor.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
        parser = VisibleText()
        parser.feed(page)
        return set(parser.texts)

    leftovers = (texts("en") & texts("es")) - SAME_IN_BOTH
    assert sorted(leftovers) == []
