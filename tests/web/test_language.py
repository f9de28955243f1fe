"""Language: explicit choice beats the browser's; lang and dir follow the locale."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tests.conftest import csrf_token_from, make_settings
from youthvoice import create_app
from youthvoice.extensions import db
from youthvoice.paths import resource_dir


def choose(client, locale, next_path="/support"):
    token = csrf_token_from(client)
    return client.post("/language", data={"csrf_token": token, "locale": locale, "next": next_path})


def test_browser_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert '<html lang="es" dir="ltr"' in page.get_data(as_text=True)


def test_unknown_browser_language_falls_back_to_english(client):
    page = client.get("/", headers={"Accept-Language": "tlh"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr"' in page


def test_explicit_choice_beats_the_browser_language(client):
    response = choose(client, "es")
    assert response.status_code == 303
    assert response.headers["Location"] == "/support"
    english_browser = client.get("/support", headers={"Accept-Language": "en"})
    page = english_browser.get_data(as_text=True)
    assert '<html lang="es"' in page
    assert 'value="en" lang="en">English</button>' in page


def test_the_parts_every_page_shares_follow_the_language_from_one_page_to_the_next(client):
    # The quick-exit region and the support box are rendered once per language and kept:
    # a Spanish page after an English one must not get the English copy.
    english = client.get("/").get_data(as_text=True)
    assert "Exit this page" in english
    assert "Need to talk to someone now?" in english
    choose(client, "es")
    spanish = client.get("/").get_data(as_text=True)
    assert "Salir de esta página" in spanish
    assert "¿Necesitas hablar con alguien ahora?" in spanish
    assert "Exit this page" not in spanish
    choose(client, "en")
    english_again = client.get("/").get_data(as_text=True)
    assert "Exit this page" in english_again
    assert "Salir de esta página" not in english_again


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_language_choice_never_redirects_off_site(client, target):
    response = choose(client, "es", next_path=target)
    assert response.headers["Location"] == "/"


def test_unknown_language_is_refused_and_nothing_changes(client):
    response = choose(client, "xx")
    assert response.status_code == 400
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def make_pseudo_rtl_catalogue(directory):
    """A right-to-left catalogue made from the template: every string wrapped in RTL marks."""
    with (resource_dir("translations") / "messages.pot").open("rb") as source:
        template = read_po(source)
    catalogue = Catalog(locale="ar")
    for message in template:
        if isinstance(message.id, tuple):  # singular and plural forms
            forms = tuple(f"\u202e{text}\u202c" for text in message.id)
            catalogue.add(message.id, forms, flags=message.flags)
        elif message.id:
            catalogue.add(message.id, f"\u202e{message.id}\u202c", flags=message.flags)
    folder = directory / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as sink:
        write_po(sink, catalogue)
    with (folder / "messages.mo").open("wb") as sink:
        write_mo(sink, catalogue)


def test_right_to_left_language_works_from_a_catalogue_alone(tmp_path, database_url):
    make_pseudo_rtl_catalogue(tmp_path / "pseudo")
    settings = make_settings(
        tmp_path / "instance", database_url, extra_translation_dirs=(str(tmp_path / "pseudo"),)
    )
    app = create_app(settings)
    assert "ar" in app.config["YOUTHVOICE_LOCALES"]
    with app.app_context():
        page = app.test_client().get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
        db.engine.dispose()
    assert '<html lang="ar" dir="rtl"' in page
    assert "\u202eSkip to main content\u202c" in page
