"""Staff sign-in in a real browser: errors, the authenticator set-up, and arriving home."""

from __future__ import annotations

import pytest

from tests.browser.conftest import VIEWPORTS, assert_accessible
from tests.web.staff_helpers import make_staff


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_staff_sign_in_from_mistake_to_home(new_visit, live_app, viewport, javascript):
    login = make_staff(live_app, "advocate", f"advocate-{viewport}-{javascript}@example.org")
    visit = new_visit(viewport=viewport, javascript=javascript)
    page = visit.open("/staff/sign-in")
    assert_accessible(visit.inspectable())

    page.get_by_label("Email address").fill(login.email)
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Continue").click()
    assert page.title().startswith("Error: Staff sign-in")
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    assert_accessible(page if javascript else _same_page(visit, page))

    page.get_by_label("Password").fill(login.password)
    page.get_by_label("Email address").fill(login.email)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    assert login.totp_secret in page.inner_text("main")
    assert_accessible(visit.inspectable())

    page.get_by_label("Code from your authenticator app").fill(login.code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.url.endswith("/advocate/")
    assert page.get_by_role("heading", level=1).inner_text() == "Advocates"
    assert_accessible(visit.inspectable())

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.title() == "Check-in"
    assert visit.outside_requests() == []
    assert visit.console_errors == []


def _same_page(visit, page):
    """A page reached by POST cannot be reloaded in a twin tab: check its HTML there instead."""
    html = page.content()
    twin = visit.page.context.browser.new_context(viewport=page.viewport_size)
    visit.twins.append(twin)
    checker = twin.new_page()
    checker.route(
        "**/*",
        lambda route: (
            route.fulfill(body=html, content_type="text/html")
            if route.request.resource_type == "document"
            else route.continue_()
        ),
    )
    checker.goto(visit.base_url + "/staff/sign-in")
    return checker
