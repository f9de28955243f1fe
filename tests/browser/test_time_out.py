"""The time-out warning: shown before the idle limit, and "Stay signed in" keeps the session."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, sign_in_youth_as


def test_warning_before_time_out_and_staying_signed_in(new_visit, live_app):
    visit = new_visit(viewport="phone")
    visit.page.clock.install()
    sign_in_youth_as(visit, live_app, with_assent=True)
    page = visit.open("/youth/settings")
    warning = page.get_by_role("alertdialog")
    assert not warning.is_visible()
    page.clock.run_for("13:10")  # 15-minute limit: the warning comes 2 minutes before
    assert warning.is_visible()
    assert page.evaluate("document.activeElement.id") == "timeout-stay"
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="hidden")
    page.clock.run_for("13:10")  # counted again from the renewal
    assert warning.is_visible()
    assert page.url.endswith("/youth/settings")


def test_when_time_runs_out_the_page_goes_to_sign_in_and_says_why(new_visit, live_app):
    visit = new_visit(viewport="phone")
    visit.page.clock.install()
    sign_in_youth_as(visit, live_app, with_assent=True)
    page = visit.open("/youth/")
    page.clock.run_for("15:05")
    page.wait_for_url("**/sign-in?timed-out=1")
    assert "nothing happened for a while" in page.locator("main").get_by_role("status").inner_text()
    assert page.title() == "Check-in"


def test_without_javascript_the_time_out_is_stated_on_the_page(new_visit, live_app):
    visit = new_visit(viewport="phone", javascript=False)
    sign_in_youth_as(visit, live_app, with_assent=True)
    page = visit.open("/youth/")
    assert "signed out after 15 minutes without activity" in page.inner_text("footer")
