"""Error pages: friendly, translated, never a stack trace, and nothing changes."""

from __future__ import annotations

import pytest
from flask import abort

from tests.conftest import csrf_token_from


@pytest.fixture
def failing_app(app):
    """The app with two routes that fail the way real code can."""

    def crash():
        raise RuntimeError("database said: secret value 12345")

    def too_many():
        abort(429)

    def forbidden():
        abort(403)

    app.add_url_rule("/_test/crash", view_func=crash)
    app.add_url_rule("/_test/too-many", view_func=too_many)
    app.add_url_rule("/_test/forbidden", view_func=forbidden)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def assert_friendly(response, status, heading):
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert f"<h1>{heading}</h1>" in page
    assert "Traceback" not in page
    assert 'href="tel:988"' in page


def test_not_found_page(client):
    assert_friendly(client.get("/no/such/page"), 404, "Page not found")


def test_wrong_method_page(client):
    assert_friendly(client.put("/support"), 405, "That didn&#39;t work")


def test_too_large_page(client):
    response = client.post("/language", data={"locale": "x" * (300 * 1024)})
    assert_friendly(response, 413, "That was too much to send at once")


def test_too_many_requests_page(failing_app):
    response = failing_app.test_client().get("/_test/too-many")
    assert_friendly(response, 429, "Please wait a moment")


def test_forbidden_page(failing_app):
    response = failing_app.test_client().get("/_test/forbidden")
    assert_friendly(response, 403, "You can&#39;t open this page")


def test_server_error_page_hides_the_error(failing_app, caplog):
    response = failing_app.test_client().get("/_test/crash")
    assert_friendly(response, 500, "Sorry, something went wrong on our side")
    assert "12345" not in response.get_data(as_text=True)


def test_bad_request_page(client):
    token = csrf_token_from(client)
    response = client.post("/language", data={"csrf_token": token, "locale": "klingon"})
    assert_friendly(response, 400, "Something went wrong with what was sent")


def test_error_pages_are_translated(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "es"})
    page = response.get_data(as_text=True)
    assert '<html lang="es"' in page
    assert "Page not found" not in page


def test_failed_csrf_check_is_friendly_and_changes_nothing(client):
    csrf_token_from(client)  # a session exists, as for a real visitor
    response = client.post("/language", data={"csrf_token": "forged", "locale": "es", "next": "/"})
    assert_friendly(response, 400, "This page timed out")
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def test_missing_csrf_token_is_refused(client):
    response = client.post("/language", data={"locale": "es"})
    assert response.status_code == 400
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def test_tampered_ciphertext_shows_a_friendly_page_and_logs_where(app, caplog):
    from youthvoice.crypto import keys
    from youthvoice.extensions import db

    with app.app_context():
        blob = bytearray(keys().create_data_key("youth-t").encrypt("t", "c", 1, "secret 98765"))
        db.session.commit()
    blob[-1] ^= 1

    def read_tampered():
        return keys().cipher_for("youth-t").decrypt_text("t", "c", 1, bytes(blob))

    app.add_url_rule("/_test/tampered", view_func=read_tampered)
    response = app.test_client().get("/_test/tampered")
    assert_friendly(response, 500, "Sorry, something went wrong on our side")
    assert "integrity" not in response.get_data(as_text=True)
    logged = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert logged == [
        "Encrypted data failed its integrity check: ciphertext at t.c row 1 "
        "failed its integrity check"
    ]
    assert "98765" not in caplog.text
