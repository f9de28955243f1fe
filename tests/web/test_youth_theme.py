"""The look a youth picks in Settings: kept with the account, refused in words when it is not
one of the list, and the check-in pictures only where they cannot give anything away."""

from __future__ import annotations

import html

from sqlalchemy import select

from tests.conftest import csrf_token_from
from tests.web.youth_helpers import ready_youth, start_check_in, youth_sign_in
from youthvoice.extensions import db
from youthvoice.models import Youth


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def save_settings(client, **fields):
    token = csrf_token_from(client, "/youth/settings")
    return client.post("/youth/settings", data={"csrf_token": token, **fields})


def look_of(page: str) -> str:
    return page.split('data-theme="', 1)[1].split('"', 1)[0]


def test_every_page_starts_in_the_calm_look(app):
    client, _ = ready_youth(app)
    assert look_of(text(client.get("/youth/"))) == "calm"
    assert look_of(text(app.test_client().get("/sign-in"))) == "calm"
    assert '<input class="radio__input" type="radio" name="theme" value="calm" id="theme"' in text(
        client.get("/youth/settings")
    )


def test_the_look_picked_is_kept_on_every_page_and_every_device(app):
    client, youth_id = ready_youth(app, sign_in_name="lake51")
    assert save_settings(client, language="en", theme="night").status_code == 303
    for path in (
        "/youth/",
        "/youth/settings",
        "/youth/check-ins",
        start_check_in(client, "quick-check-in"),
    ):
        assert look_of(text(client.get(path))) == "night", path
    other_phone = app.test_client()
    youth_sign_in(other_phone, "lake51")
    assert look_of(text(other_phone.get("/youth/"))) == "night"
    with app.app_context():
        assert db.session.get(Youth, youth_id).theme == "night"


def test_a_look_not_on_the_list_is_refused_in_words_and_nothing_changes(app):
    client, youth_id = ready_youth(app)
    save_settings(client, language="en", theme="bright")
    refused = save_settings(client, language="es", discreet_mode="y", theme="neon")
    assert refused.status_code == 200
    page = text(refused)
    assert "There is a problem" in page
    assert '<a href="#theme">Choose one of the looks on this page.</a>' in page
    with app.app_context():
        youth = db.session.scalar(select(Youth).where(Youth.id == youth_id))
        assert (youth.theme, youth.language, youth.discreet_mode) == ("bright", "en", False)


def test_a_form_without_a_look_keeps_the_one_picked(app):
    client, _ = ready_youth(app)
    save_settings(client, language="en", theme="high_contrast")
    save_settings(client, language="en", discreet_mode="y")
    assert look_of(text(client.get("/youth/"))) == "high_contrast"


def test_check_in_pictures_show_only_out_of_discreet_mode_and_not_in_the_plain_look(app):
    client, _ = ready_youth(app)
    intro = start_check_in(client, "quick-check-in")
    assert 'class="icon"' not in text(client.get("/youth/"))  # discreet mode is on at first
    save_settings(client, language="en", theme="calm")  # discreet mode off
    home = text(client.get("/youth/"))
    assert home.count('<svg class="icon"') >= 5
    assert home.count('<svg class="icon" viewBox="0 0 24 24" aria-hidden="true">') >= 5
    assert '<svg class="icon"' in text(client.get(intro))
    save_settings(client, language="en", theme="plain")
    assert 'class="icon"' not in text(client.get("/youth/"))
    assert 'class="icon"' not in text(client.get(intro))
