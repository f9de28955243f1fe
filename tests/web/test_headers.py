"""Security headers on every response, and no inline script or style anywhere."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token_from
from tests.web.pages import ALL_PAGES
from youthvoice.paths import resource_dir

EXPECTED_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def assert_security_headers(response):
    headers = response.headers
    assert headers["Content-Security-Policy"] == EXPECTED_CSP
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    permissions = headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert "=(self" not in permissions
    assert "*" not in permissions


@pytest.mark.parametrize("path", [*ALL_PAGES, "/does-not-exist", "/healthz"])
def test_every_page_carries_the_security_headers_and_is_never_cached(visitor, path):
    response = visitor.get(path)
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_carry_the_security_headers_too(client):
    response = client.get("/static/css/main.css")
    assert response.status_code == 200
    assert_security_headers(response)


def test_redirects_and_method_errors_carry_the_headers(client):
    token = csrf_token_from(client)
    redirect = client.post("/language", data={"csrf_token": token, "locale": "es", "next": "/"})
    assert redirect.status_code == 303
    assert_security_headers(redirect)
    assert redirect.headers["Cache-Control"] == "no-store"
    wrong_method = client.delete("/")
    assert wrong_method.status_code == 405
    assert_security_headers(wrong_method)


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://checkin.example.org")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=63072000")


INLINE_PATTERNS = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_has_inline_script_or_style():
    offenders = []
    for template in sorted(resource_dir("templates").rglob("*.html")):
        source = template.read_text(encoding="utf-8")
        offenders += [
            f"{template.name}: {name}" for name, rx in INLINE_PATTERNS.items() if rx.search(source)
        ]
    assert offenders == []


@pytest.mark.parametrize("path", ALL_PAGES)
def test_no_rendered_page_has_inline_script_or_style(visitor, path):
    page = visitor.get(path).get_data(as_text=True)
    assert [name for name, rx in INLINE_PATTERNS.items() if rx.search(page)] == []


FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)


def test_every_form_that_posts_carries_a_csrf_token():
    forms = []
    for template in sorted(resource_dir("templates").rglob("*.html")):
        forms += [
            (template.name, form)
            for form in FORM.findall(template.read_text(encoding="utf-8"))
            if 'method="post"' in form.lower()
        ]
    assert forms, "no forms found: the scan is broken"
    tokens = ("csrf_token()", "form.csrf_token", "action.csrf_token")
    assert [name for name, form in forms if not any(token in form for token in tokens)] == []
