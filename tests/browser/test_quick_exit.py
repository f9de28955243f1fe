"""Quick exit: one tap, one key (Shift three times) or the first Tab leaves for a neutral
site, ends the session, and leaves nothing to come back to. The bar is on every youth page,
stays in view, and is not on staff pages."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask
from playwright.sync_api import Page

from tests.browser.conftest import Visit
from tests.browser.test_checkin_flow import LOCALES, Youth, is_focused, ready_youth, said

NEUTRAL_PAGE = "<!doctype html><html lang=en><title>Weather</title><p>Weather</p></html>"
BUTTON = "a.exit-this-page__button"
SKIP_LINK = "a.skip-link[href='/exit']"
FIRST_FOCUSABLE_IS_THE_EXIT_LINK = """() => [...document.body.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]"
)].find(element => element.tabIndex >= 0).matches("a.skip-link[href='/exit']")"""


class _NeutralPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = NEUTRAL_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stand_in_site() -> Iterator[str]:
    """A neutral site on this machine, on another host name than the app's."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NeutralPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}/weather"
    server.shutdown()


@pytest.fixture
def neutral(live_app: Flask, stand_in_site: str, monkeypatch) -> re.Pattern[str]:
    """Where quick exit leads, for this test: the stand-in for the deployment's neutral site.

    This machine has no internet, and the neutral site is reached by the redirect /exit
    answers with. Playwright does not route a request a redirect leads to (the configured
    https://www.weather.gov/ then fails, or not, depending on a race), so the setting itself
    points at the stand-in while the test runs.
    """
    monkeypatch.setitem(live_app.config, "YOUTHVOICE_EXIT_URL", stand_in_site)
    return re.compile("^" + re.escape(stand_in_site) + "$")


def signed_in_at_a_question(visit: Visit, app: Flask, language: str = "en") -> Youth:
    you = Youth(visit, app, language, ready_youth(app))
    you.sign_in()
    you.start("quick-check-in")
    you.press(visit.page.locator("main a.button"), "/q/1")
    return you


def leave_by(page: Page, way: str) -> None:
    if way == "button":
        page.locator(BUTTON).click()
    elif way == "shift-x3":
        for _ in range(3):
            page.keyboard.press("Shift")
    elif way == "skip-link":
        page.keyboard.press("Tab")
        assert is_focused(page.locator(SKIP_LINK)), "the first Tab must reach the exit link"
        assert page.locator(SKIP_LINK).is_visible()
        page.keyboard.press("Enter")
    else:
        raise ValueError(way)


@pytest.mark.parametrize(
    ("way", "viewport", "javascript"),
    [
        pytest.param("button", "phone", True, id="button-phone-js-on"),
        pytest.param("button", "desktop", True, id="button-desktop-js-on"),
        pytest.param("button", "phone", False, id="button-phone-js-off"),
        pytest.param("shift-x3", "phone", True, id="shift-x3-phone"),
        pytest.param("shift-x3", "desktop", True, id="shift-x3-desktop"),
        pytest.param("skip-link", "phone", True, id="skip-link-phone-js-on"),
        pytest.param("skip-link", "desktop", False, id="skip-link-desktop-js-off"),
    ],
)
def test_quick_exit_goes_to_the_neutral_site_and_ends_the_session(
    new_visit, live_app, neutral, way, viewport, javascript
):
    visit = new_visit(viewport=viewport, javascript=javascript)
    you = signed_in_at_a_question(visit, live_app)
    page = visit.page
    context = page.context
    before = context.cookies(visit.base_url)
    assert before, "signed in: the session cookie is there"
    # Something else the site left in the browser: only Clear-Site-Data removes it.
    context.add_cookies([{"name": "left_behind", "value": "1", "url": visit.base_url}])
    if javascript:
        page.evaluate("localStorage.setItem('left_behind', '1')")

    leave_by(page, way)
    page.wait_for_url(neutral)
    assert page.locator("p").inner_text() == "Weather"
    assert context.cookies(visit.base_url) == []  # Clear-Site-Data: "cookies"

    page.go_back()  # nothing of the check-in to come back to
    assert page.url == visit.base_url + "/sign-in"
    if javascript:
        assert page.evaluate("localStorage.length") == 0  # Clear-Site-Data: "storage"

    context.add_cookies(before)  # the old session cookie, kept by someone: no use now
    visit.open("/youth/")
    assert page.url == visit.base_url + "/sign-in"
    visit.open(you.check_in + "/q/1")
    assert page.url == visit.base_url + "/sign-in"


def test_shift_three_times_must_be_within_5_seconds_and_says_how_many_are_left(
    new_visit, live_app, neutral
):
    visit = new_visit(viewport="phone")
    page = visit.page
    page.clock.install()
    signed_in_at_a_question(visit, live_app)
    status = page.locator("[data-exit-status]")
    dots = page.locator(".exit-this-page__dots")
    assert status.get_attribute("role") == "status"
    assert not dots.is_visible()

    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 2 more times to exit."
    assert dots.is_visible()
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 1 more time to exit."
    page.clock.run_for(5_100)  # too slow: the count starts again
    assert status.inner_text() == "Exit this page expired."
    assert not dots.is_visible()

    page.keyboard.press("Shift")
    assert page.url.endswith("/q/1")
    assert status.inner_text() == "Shift, press 2 more times to exit."
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(neutral)


def at_a_text_question(visit: Visit, app: Flask) -> Youth:
    you = signed_in_at_a_question(visit, app)
    visit.open(you.check_in + "/q/6")
    visit.page.locator("main input[name=answer][value=other]").check()
    you.save("/q/7")
    return you


def test_typing_capitals_does_not_count_towards_leaving(new_visit, live_app, neutral):
    """Shift held for a capital letter is not "Shift on its own": no count, nothing said."""
    visit = new_visit(viewport="desktop")
    at_a_text_question(visit, live_app)
    page = visit.page
    page.locator("#answer-first").focus()
    for letter in "ABC":
        page.keyboard.press(f"Shift+{letter}")
    assert page.locator("#answer-first").input_value() == "ABC"
    assert page.locator("[data-exit-status]").inner_text() == "", "a capital counted as Shift"
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith("/q/7"), "a capital, then Shift twice, left the page"


def test_going_back_a_field_with_shift_tab_does_not_count_towards_leaving(
    new_visit, live_app, neutral
):
    visit = new_visit(viewport="desktop")
    at_a_text_question(visit, live_app)
    page = visit.page
    page.locator("main button[value=save]").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "answer-first"
    assert page.locator("[data-exit-status]").inner_text() == "", "Shift+Tab counted as Shift"
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith("/q/7"), "Shift+Tab, then Shift twice, left the page"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_exit_button_stays_in_view_at_the_bottom_of_a_long_page(new_visit, live_app, viewport):
    visit = new_visit(viewport=viewport)
    you = signed_in_at_a_question(visit, live_app)
    page = visit.open(you.check_in + "/review")  # every question: a long page
    height = page.evaluate("window.innerHeight")
    assert page.evaluate("document.documentElement.scrollHeight") > height * 1.3
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("window.scrollY > 0")
    assert page.evaluate("window.scrollY + window.innerHeight") >= page.evaluate(
        "document.documentElement.scrollHeight - 1"
    )
    box = page.locator(BUTTON).bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= height
    assert min(box["width"], box["height"]) >= 44
    # On top of whatever scrolled under it: a tap at its middle reaches it.
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a.exit-this-page__button') !== null",
        list(middle),
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_youth_page_has_the_exit_button_and_link_and_staff_pages_do_not(
    new_visit, live_app, language
):
    visit = new_visit(viewport="phone", locale=LOCALES[language])
    page = visit.page

    def has_quick_exit(path: str) -> None:
        button = page.locator(BUTTON)
        assert button.count() == 1, path
        assert button.get_attribute("href") == "/exit"
        assert button.is_visible()
        assert button.bounding_box()["y"] < 100, f"{path}: the exit button is not at the top"
        hidden = button.locator(".visually-hidden")
        assert hidden.inner_text() == said(live_app, language, "Emergency")
        assert hidden.bounding_box()["width"] <= 1  # "Emergency" is for screen readers
        name = said(live_app, language, "Exit this page")
        assert button.inner_text().strip().endswith(name)
        if language == "es":
            assert "Salir de esta página" in button.inner_text()
        else:
            assert page.get_by_role("link", name="Emergency Exit this page", exact=True).count()
        assert page.locator(SKIP_LINK).count() == 1, path
        assert page.evaluate(FIRST_FOCUSABLE_IS_THE_EXIT_LINK), path
        page.keyboard.press("Tab")
        assert is_focused(page.locator(SKIP_LINK)), f"{path}: the first Tab is not the exit link"
        assert page.locator(SKIP_LINK).is_visible()

    for path in ("/", "/sign-in", "/invite", "/staying-safe"):
        visit.open(path)
        has_quick_exit(path)
    you = signed_in_at_a_question(visit, live_app, language)
    has_quick_exit("a question page")
    for path in ("/youth/", "/youth/welcome", you.check_in + "/review"):
        visit.open(path)
        has_quick_exit(path)

    visit.open("/staff/sign-in")
    assert page.locator(BUTTON).count() == 0
    assert page.locator("a[href='/exit']").count() == 0
    assert page.locator("script[src*='exit']").count() == 0
