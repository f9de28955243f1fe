"""The youth's settings: language, discreet mode, changing the PIN, signing out everywhere."""

from __future__ import annotations

import html

from tests.conftest import csrf_token_from
from tests.web.youth_helpers import PIN, enrol_youth, redeem, youth_sign_in

NEW_PIN = "580264"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def signed_in_youth(app, name):
    client = app.test_client()
    redeem(client, enrol_youth(app).code, name)
    return client


def save_settings(client, **fields):
    token = csrf_token_from(client, "/youth/settings")
    return client.post("/youth/settings", data={"csrf_token": token, **fields})


def test_language_choice_is_kept_with_the_account(app):
    client = signed_in_youth(app, "river40")
    assert save_settings(client, language="es", discreet_mode="y").status_code == 303
    other_phone = app.test_client()
    youth_sign_in(other_phone, "river40")
    page = text(other_phone.get("/youth/settings", headers={"Accept-Language": "en"}))
    assert '<html lang="es"' in page


def test_discreet_mode_is_on_by_default_and_can_be_turned_off(app):
    client = signed_in_youth(app, "river41")
    assert "<title>Check-in</title>" in text(client.get("/youth/settings"))
    save_settings(client, language="en")  # an unticked box is "off"
    assert "<title>YouthVoice</title>" in text(client.get("/youth/settings"))


def test_changing_the_pin_needs_the_current_one_and_signs_out_other_devices(app):
    client = signed_in_youth(app, "river42")
    laptop = app.test_client()
    youth_sign_in(laptop, "river42")
    token = csrf_token_from(client, "/youth/settings/pin")
    wrong = client.post(
        "/youth/settings/pin",
        data={"csrf_token": token, "current": "000000", "secret": NEW_PIN, "secret_again": NEW_PIN},
    )
    assert "That is not your PIN or passphrase now." in text(wrong)
    token = csrf_token_from(client, "/youth/settings/pin")
    done = client.post(
        "/youth/settings/pin",
        data={"csrf_token": token, "current": PIN, "secret": NEW_PIN, "secret_again": NEW_PIN},
    )
    assert done.status_code == 303
    assert client.get("/youth/settings").status_code == 200  # this phone stays signed in
    assert laptop.get("/youth/settings").status_code == 302  # the other one does not
    assert youth_sign_in(app.test_client(), "river42", NEW_PIN).status_code == 303


def test_sign_out_everywhere(app):
    client = signed_in_youth(app, "river43")
    laptop = app.test_client()
    youth_sign_in(laptop, "river43")
    token = csrf_token_from(client, "/youth/settings")
    client.post("/youth/settings/sign-out-everywhere", data={"csrf_token": token})
    assert client.get("/youth/settings").status_code == 302
    assert laptop.get("/youth/settings").status_code == 302
