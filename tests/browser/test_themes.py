"""The looks a young person picks, in a real browser: every one passes axe (contrast
included; High contrast to AAA) on a phone and a desktop with JavaScript on and off, the
choice follows them from page to page, the check-in pictures stay out of discreet mode and
the Plain look, and no look makes a page heavier than the budget."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import post_form
from tests.browser.test_checkin_flow import PAGE_BUDGET, Scale, Youth, youth_in
from youthvoice.models.youth import THEMES

AAA_CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}}


def pick(you: Youth, theme: str, discreet: bool = False) -> None:
    """Settings saved through the app's own form (discreet mode off unless asked)."""
    fields = {"language": you.language, "theme": theme}
    if discreet:
        fields["discreet_mode"] = "y"
    post_form(you.visit, "/youth/settings", **fields)


def pages_of(you: Youth) -> dict[str, str]:
    you.visit.open("/youth/")
    you.start("quick-check-in")
    return {
        "home": "/youth/",
        "question: 0 to 10": you.check_in + "/q/1",
        "settings": "/youth/settings",
    }


def look(page: Page) -> str:
    return page.locator("html").get_attribute("data-theme")


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [
        pytest.param("phone", True, id="390x844-js-on"),
        pytest.param("phone", False, id="390x844-js-off"),
        pytest.param("desktop", True, id="1280x800-js-on"),
        pytest.param("desktop", False, id="1280x800-js-off"),
    ],
)
def test_every_look_passes_axe(new_visit, live_app, viewport, javascript):
    you = youth_in(new_visit, live_app, "en", viewport, javascript)
    pages = pages_of(you)
    for theme in THEMES:
        pick(you, theme)
        for what, path in pages.items():
            you.visit.open(path)
            assert look(you.page) == theme
            you.accessible(f"{theme}, {what}")
            if theme == "high_contrast":
                results = Axe().run(you.visit.inspectable(), options=AAA_CONTRAST)
                assert results.violations_count == 0, results.generate_report()
    you.sees_nothing_wrong()


def test_the_look_picked_in_settings_stays_from_page_to_page(new_visit, live_app):
    you = youth_in(new_visit, live_app, "en", "phone", javascript=False)
    page = you.visit.open("/youth/settings")
    calm = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.get_by_label("Night", exact=True).check()
    you.press(
        page.locator("main form[action$='/settings'] button[type=submit]"),
        "/youth/settings?saved=1",
    )
    assert look(page) == "night"
    assert page.locator("main input[name=theme][value=night]").is_checked()
    for path in pages_of(you).values():
        you.visit.open(path)
        assert look(page) == "night", path
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != calm


@pytest.mark.parametrize(
    ("theme", "discreet", "pictures"),
    [
        pytest.param("calm", False, True, id="calm"),
        pytest.param("night", False, True, id="night"),
        pytest.param("plain", False, False, id="plain"),
        pytest.param("calm", True, False, id="discreet-mode"),
    ],
)
def test_pictures_only_outside_discreet_mode_and_the_plain_look(
    new_visit, live_app, theme, discreet, pictures
):
    you = youth_in(new_visit, live_app, "en", "phone", javascript=True)
    pick(you, theme, discreet)
    page = you.visit.open("/youth/")
    home_pictures = page.locator("main svg.icon")
    assert (home_pictures.count() > 0) == pictures
    for each in home_pictures.all():
        assert each.get_attribute("aria-hidden") == "true"
    you.start("quick-check-in")
    assert (page.locator("main h1 svg.icon").count() == 1) == pictures


def test_no_look_makes_home_or_a_question_heavier_than_the_budget(new_visit, live_app):
    you = youth_in(new_visit, live_app, "en", "phone", javascript=True)
    question = pages_of(you)["question: 0 to 10"]
    scale = Scale(you.page)
    for theme in THEMES:
        pick(you, theme)  # discreet mode off: the pictures are drawn where the look has them
        scale.weigh(f"{theme}: home", lambda: you.visit.open("/youth/"))
        scale.weigh(f"{theme}: question", lambda: you.visit.open(question))
    heavy = {what: size for what, size in scale.weights.items() if size > PAGE_BUDGET}
    assert heavy == {}, f"over {PAGE_BUDGET} bytes: {heavy}"
    assert scale.fonts == []
