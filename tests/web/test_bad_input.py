"""Hostile or broken input gets a friendly answer, never a 500, and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token_from
from youthvoice.extensions import db
from youthvoice.models import Organisation, Program

NASTY_STRINGS = [
    "'; DROP TABLE organisations; --",
    '" OR 1=1 --',
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "%00%ff%fe",
    "\u202etxt.exe",
    "ü" * 5000,
]


@pytest.fixture
def row_counts(app):
    def count() -> tuple[int, int]:
        with app.app_context():
            return (
                db.session.scalar(select(func.count()).select_from(Organisation)),
                db.session.scalar(select(func.count()).select_from(Program)),
            )

    return count


@pytest.fixture
def seeded(runner, row_counts):
    runner.invoke(args=["demo"])
    return row_counts()


def page_language(client):
    page = client.get("/").get_data(as_text=True)
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("value", NASTY_STRINGS)
def test_nasty_form_values_are_refused_and_nothing_changes(client, seeded, row_counts, value):
    token = csrf_token_from(client)
    response = client.post("/language", data={"csrf_token": token, "locale": value, "next": value})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page
    assert "onerror=alert" not in page
    assert row_counts() == seeded
    assert page_language(client) == "en"


@pytest.mark.parametrize("value", NASTY_STRINGS)
def test_nasty_query_strings_are_harmless(client, seeded, row_counts, value):
    for path in ("/", "/support", "/no-such-page"):
        response = client.get(path, query_string={"q": value, "lang": value})
        assert response.status_code in (200, 404)
        page = response.get_data(as_text=True)
        assert "<script>alert" not in page
        assert "onerror=alert" not in page
    assert row_counts() == seeded


def test_nasty_paths_are_a_friendly_not_found(client):
    for path in (
        "/<script>alert(1)</script>",
        "/'%20OR%201=1--",
        "/%ff%fe",
        "/..%2f..%2fetc/passwd",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert "<script>alert" not in response.get_data(as_text=True)


def test_unknown_fields_are_ignored_and_store_nothing(client, seeded, row_counts):
    token = csrf_token_from(client)
    response = client.post(
        "/language",
        data={"csrf_token": token, "locale": "es", "next": "/", "is_admin": "1", "name": "x"},
    )
    assert response.status_code == 303
    assert row_counts() == seeded


def test_non_utf8_body_is_a_friendly_error(client, seeded, row_counts):
    token = csrf_token_from(client)
    body = b"csrf_token=" + token.encode() + b"&locale=\xff\xfe\xfa&next=%ff%c3%28"
    response = client.post("/language", data=body, content_type="application/x-www-form-urlencoded")
    # Werkzeug drops a form it cannot decode, so the CSRF check is what answers.
    assert response.status_code == 400
    assert "<h1>This page timed out</h1>" in response.get_data(as_text=True)
    assert row_counts() == seeded
    assert page_language(client) == "en"


def test_non_utf8_query_string_is_harmless(client):
    response = client.get("/support?q=%ff%fe%fa&lang=%c3%28")
    assert response.status_code == 200


def test_oversized_body_is_refused_before_it_is_read(client, seeded, row_counts):
    response = client.post("/language", data=b"x" * (2 * 1024 * 1024), content_type="text/plain")
    assert response.status_code == 413
    assert row_counts() == seeded


def test_very_long_but_allowed_body_is_still_a_friendly_error(client, seeded, row_counts):
    token = csrf_token_from(client)
    response = client.post(
        "/language", data={"csrf_token": token, "locale": "e" * 100_000, "next": "/" * 100_000}
    )
    assert response.status_code == 400
    assert row_counts() == seeded


def test_json_and_multipart_bodies_do_not_crash(client, seeded, row_counts):
    token = csrf_token_from(client)
    assert client.post("/language", json={"locale": "es"}).status_code == 400
    response = client.post(
        "/language",
        data={"csrf_token": token, "locale": "es", "file": (b"\x00\x01" * 10, "a.bin")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (303, 400)
    assert row_counts() == seeded
