"""What every page shows: discreet titles, skip link, support in the same place, language choice."""

from __future__ import annotations

import re

import pytest

from tests.web.pages import ALL_PAGES, STAFF_PAGES, STAFF_SIGN_IN_PAGES, YOUTH_PAGES


def title_of(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1).strip()


@pytest.mark.parametrize("path", YOUTH_PAGES)
def test_youth_pages_are_titled_check_in_only(visitor, path):
    response = visitor.get(path)
    assert response.status_code == 200
    assert title_of(response.get_data(as_text=True)) == "Check-in"


@pytest.mark.parametrize("path", STAFF_SIGN_IN_PAGES + STAFF_PAGES)
def test_staff_pages_say_what_they_are(visitor, path):
    page = visitor.get(path).get_data(as_text=True)
    assert title_of(page).endswith("– YouthVoice staff")
    assert title_of(page) != "– YouthVoice staff"


@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_page_has_a_skip_link_to_main_content(visitor, path):
    page = visitor.get(path).get_data(as_text=True)
    assert '<a href="#main" class="skip-link">Skip to main content</a>' in page
    assert '<main id="main"' in page


@pytest.mark.parametrize("path", ALL_PAGES)
def test_support_is_in_the_same_place_on_every_page(visitor, path):
    page = visitor.get(path).get_data(as_text=True)
    footer = page[page.index('<footer class="site-footer">') :]
    assert 'href="tel:988"' in footer
    assert 'href="sms:988"' in footer
    assert 'href="/support"' in footer


@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_page_offers_the_other_language(visitor, path):
    page = visitor.get(path).get_data(as_text=True)
    assert 'name="locale" value="es" lang="es">Español</button>' in page


def test_support_page_lists_both_crisis_lines(client):
    page = client.get("/support").get_data(as_text=True)
    assert "988" in page
    assert "1-888-373-7888" in page
    assert "233733" in page
    assert 'href="sms:233733"' in page


@pytest.mark.parametrize("path", ALL_PAGES)
def test_no_page_uses_labelling_words(visitor, path):
    for language in ("en", "es"):
        page = visitor.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
        lowered = page.lower()
        for word in ("csec", "victim", "víctima", "at-risk", "at risk", "en riesgo", "prostitut"):
            assert word not in lowered, f"{word!r} on {path} ({language})"


def test_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
