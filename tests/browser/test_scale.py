"""The 0 to 10 question in a real browser: one row of 11 from 320 px up, the end meanings
next to the ends, in English, Spanish and right to left, with nothing for axe to find."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import assert_accessible
from tests.browser.test_checkin_flow import youth_in

WIDTHS = [320, 390, 1280]


def boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return [each.bounding_box() for each in page.locator(selector).all()]


def a_quick_check_in_scale(new_visit, live_app, language: str) -> Page:
    you = youth_in(new_visit, live_app, language, "phone", javascript=True)
    you.start("quick-check-in")
    return you.visit.open(you.check_in + "/q/1")


def assert_one_row_with_ends_beside(page: Page, start_side: str) -> None:
    radios = boxes(page, "main .scale__input")
    assert len(radios) == 11
    assert {round(radio["y"]) for radio in radios} == {round(radios[0]["y"])}, "not one row"
    assert all(radio["width"] >= 24 and radio["height"] >= 24 for radio in radios)
    lefts = [radio["x"] for radio in radios]
    assert lefts == sorted(lefts, reverse=start_side == "right"), "not in order"
    start, end = boxes(page, "main .scale__end")
    assert start["y"] - (radios[0]["y"] + radios[0]["height"]) < 60, "start meaning far away"
    if start_side == "left":
        assert start["x"] <= radios[0]["x"] + 1
        assert end["x"] + end["width"] >= radios[10]["x"] + radios[10]["width"] - 1
    else:
        assert start["x"] + start["width"] >= radios[0]["x"] + radios[0]["width"] - 1
        assert end["x"] <= radios[10]["x"] + 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_scale_is_one_row_with_its_meanings_at_the_ends(new_visit, live_app, language):
    page = a_quick_check_in_scale(new_visit, live_app, language)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert_one_row_with_ends_beside(page, "left")
        assert_accessible(page)
    ends = page.locator("main .scale__end").all_inner_texts()
    assert ends[0].startswith("0 = ")
    assert ends[1].startswith("10 = ")
    described = page.locator("main fieldset").get_attribute("aria-describedby")
    assert "scale-ends" in described.split()


def test_the_scale_runs_right_to_left_on_a_right_to_left_page(new_visit, live_app):
    page = a_quick_check_in_scale(new_visit, live_app, "en")
    page.evaluate("document.documentElement.dir = 'rtl'")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert_one_row_with_ends_beside(page, "right")
