"""A youth's first use on a phone, in English and Spanish, with JavaScript on and off."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible
from tests.web.youth_helpers import enrol_youth


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_first_use_from_invite_to_home(new_visit, live_app, language, javascript):
    enrolled = enrol_youth(live_app, "Luz")
    visit = new_visit(
        viewport="phone", javascript=javascript, locale="es-MX" if language == "es" else "en-US"
    )
    page = visit.open("/invite")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(visit.inspectable())

    page.locator("#code").fill(enrolled.code.lower())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/invite/choose")
    assert_accessible(visit.inspectable())

    page.locator("#name").fill(f"luz{language}{int(javascript)}")
    page.locator("#secret").fill("493817")
    page.locator("#secret_again").fill("493817")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/youth/backup-code")  # offered, and skipped here
    assert_accessible(visit.inspectable())
    page.locator("main a.button--secondary").click()
    page.wait_for_load_state()
    for _ in range(3):  # about, privacy, safety: one idea per screen
        assert page.title() == "Check-in"
        assert_accessible(visit.inspectable())
        page.locator("main a.button").click()
        page.wait_for_load_state()

    assert page.url.endswith("/youth/welcome/agree")
    assert_accessible(visit.inspectable())
    page.locator("button[value=yes]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/youth/statistics")
    assert page.locator("input[type=radio]:checked").count() == 0  # nothing chosen for them
    assert_accessible(visit.inspectable())
    page.locator("input[value=yes]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/youth/")
    assert page.get_by_role("heading", level=1).inner_text() in ("Hi, Luz", "Hola, Luz")
    assert_accessible(visit.inspectable())
    assert visit.outside_requests() == []
    assert visit.console_errors == []
