"""Every page, at phone and desktop size, with JavaScript on and off: accessible, light, local."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    VIEWPORTS,
    assert_accessible,
    sign_in_as,
    sign_in_youth_as,
    start_visiting_check_ins,
)
from tests.web.pages import ALL_PAGES, YOUTH_PAGES, needs_staff, needs_youth

PAGES = [(path, 200) for path in ALL_PAGES] + [("/no-such-page", 404)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize(("path", "status"), PAGES)
def test_page_is_accessible_and_self_contained(
    new_visit, live_app, path, status, viewport, javascript
):
    visit = new_visit(viewport=viewport, javascript=javascript)
    if needs_staff(path):
        sign_in_as(visit, live_app, "admin")
    if needs_youth(path):
        sign_in_youth_as(visit, live_app)
    if "{" in path:  # a check-in screen: start the check-ins it stands for
        path = path.format(**start_visiting_check_ins(visit))
    visit.open(path, expected_status=status)
    assert visit.outside_requests() == []
    assert visit.console_errors == []  # a CSP violation would show up here
    assert visit.failed_resources == []
    page = visit.inspectable()
    assert_accessible(page)
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways_scroll)


@pytest.mark.parametrize("path", YOUTH_PAGES)
def test_youth_pages_are_discreet_in_the_tab_title(new_visit, live_app, path):
    visit = new_visit()
    if needs_youth(path):
        sign_in_youth_as(visit, live_app)
    if "{" in path:
        path = path.format(**start_visiting_check_ins(visit))
    assert visit.open(path).title() == "Check-in"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_skip_link_shows_when_tabbed_to_and_moves_focus_to_the_content(new_visit, viewport):
    page = new_visit(viewport=viewport).open("/support")
    page.keyboard.press("Tab")  # first: the hidden quick-exit link
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link[href='#main']")
    assert skip_link.evaluate("element => element === document.activeElement")
    box = skip_link.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["height"] >= 44
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_language_switcher_works_without_javascript(new_visit, javascript):
    page = new_visit(javascript=javascript).open("/support")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.url.endswith("/support")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() != "Get support"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Get support"


def test_spanish_browser_gets_spanish_pages(new_visit):
    page = new_visit(locale="es-MX").open("/")
    assert page.locator("html").get_attribute("lang") == "es"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_buttons_and_menu_links_are_big_enough_to_tap(new_visit, viewport):
    page = new_visit(viewport=viewport).open("/support")
    for control in page.locator(".button, .link-button, .footer-links a, .site-header__name").all():
        box = control.bounding_box()
        assert box is not None
        assert min(box["height"], box["width"]) >= 44, control.inner_text()


def test_focus_is_visible_on_every_control(new_visit):
    page = new_visit(viewport="desktop").open("/")
    for _ in range(6):
        page.keyboard.press("Tab")
        style = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
        assert style == "rgb(255, 221, 0)", page.evaluate("document.activeElement.outerHTML")


def test_the_accessibility_check_catches_real_problems(new_visit):
    """The harness itself: a page with known faults must fail, or a green run means nothing."""
    page = new_visit().page
    page.set_content(
        '<html lang="en"><title>t</title><body><main>'
        '<img src="x.png"><button style="width:10px;height:10px;padding:0"></button>'
        "<button>b</button></main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    report = str(failure.value)
    for rule in ("image-alt", "button-name", "target-size"):
        assert rule in report
