"""Browser harness: a live YouthVoice server, Debian's Chromium through Playwright, and axe-core.

Every browser test is marked `browser`; they run once per CI run, on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Response,
    sync_playwright,
)
from werkzeug.serving import make_server

from tests.conftest import make_settings, migrate_to_head
from youthvoice import create_app

CHROMIUM = "/usr/bin/chromium"
# Flags from DEVELOPERS.md: this machine has no network beyond package registries.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    instance = tmp_path_factory.mktemp("browser-instance")
    settings = make_settings(instance, f"sqlite:///{instance / 'youthvoice.sqlite3'}")
    migrate_to_head(settings)
    app = create_app(settings)
    app.test_cli_runner().invoke(args=["demo"])
    return app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The real app on a free local port, with the demo data, in a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@dataclass
class Visit:
    """One browser tab and what it saw: every request, console error and CSP report."""

    page: Page
    base_url: str
    javascript: bool
    requests: list[str]
    console_errors: list[str]
    failed_resources: list[str]
    twins: list[BrowserContext] = field(default_factory=list)

    def open(self, path: str, expected_status: int = 200) -> Page:
        response = self.page.goto(self.base_url + path)
        assert response is not None
        assert response.status == expected_status, f"{path}: {response.status}"
        return self.page

    def inspectable(self) -> Page:
        """A tab showing the same document in which test scripts (axe, measurements) can run.

        With JavaScript off Chromium runs no script at all, axe included. The same page is
        then loaded in a twin tab that aborts every script the app itself serves, so what is
        checked is the document a browser without JavaScript shows. (The app uses no
        <noscript>, which is the one thing that would differ.)
        """
        if self.javascript:
            return self.page
        twin = self.page.context.browser.new_context(
            viewport=self.page.viewport_size, java_script_enabled=True
        )
        twin.add_cookies(self.page.context.cookies())  # signed in as the same person
        self.twins.append(twin)
        twin.route("**/*.js", lambda route: route.abort())
        page = twin.new_page()
        page.goto(self.page.url)
        return page

    def outside_requests(self) -> list[str]:
        own = urlsplit(self.base_url).netloc
        return [url for url in self.requests if urlsplit(url).netloc not in (own, "")]


@pytest.fixture
def new_visit(browser: Browser, live_server: str) -> Iterator:
    visits: list[Visit] = []

    def make(viewport: str = "phone", javascript: bool = True, locale: str = "en-US") -> Visit:
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            java_script_enabled=javascript,
            locale=locale,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
        )
        page = context.new_page()
        visit = Visit(page, live_server, javascript, [], [], [])
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("console", lambda message: _record_console_error(visit, message))
        page.on("response", lambda response: _record_failed_resource(visit, response))
        visits.append(visit)
        return visit

    yield make
    for visit in visits:
        for context in (*visit.twins, visit.page.context):
            context.close()


def _record_console_error(visit: Visit, message: ConsoleMessage) -> None:
    # A page's own error status (a 404 page) is logged too; failed_resources covers those.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        visit.console_errors.append(message.text)


def _record_failed_resource(visit: Visit, response: Response) -> None:
    if response.status >= 400 and response.request.resource_type != "document":
        visit.failed_resources.append(f"{response.status} {response.url}")


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Zero axe-core violations under WCAG 2.0–2.2 A/AA, with target-size switched on."""
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


_staff_numbers = iter(range(1, 10_000))


def sign_in_as(visit: Visit, app: Flask, role: str) -> None:
    """A fresh staff account (a TOTP code works once), signed in through the real pages."""
    from tests.web.staff_helpers import make_staff

    login = make_staff(app, role, f"{role}-{next(_staff_numbers)}@example.org")
    page = visit.open("/staff/sign-in")
    page.get_by_label("Email address").fill(login.email)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code from your authenticator app").fill(login.code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_in_youth_as(visit: Visit, app: Flask, with_assent: bool = False) -> None:
    """A fresh youth who has redeemed their invite, signed in through the real page."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from tests.web.youth_helpers import PIN, enrol_youth
    from youthvoice.extensions import db
    from youthvoice.models import Invite, Youth
    from youthvoice.services import youth_accounts

    enrolled = enrol_youth(app, "Robin")
    name = f"robin{next(_staff_numbers)}"
    with app.app_context():
        invite = db.session.scalar(select(Invite).where(Invite.youth_id == enrolled.youth_id))
        youth_accounts.complete_invite(invite, name, PIN)
        if with_assent:
            db.session.get(Youth, enrolled.youth_id).assent_at = datetime.now(UTC)
        db.session.commit()
    page = visit.open("/sign-in")
    page.get_by_label("Sign-in name").fill(name)
    page.get_by_label("PIN or passphrase").fill(PIN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def post_form(visit: Visit, path: str, **fields: str) -> str:
    """POST as the visit's signed-in youth through the app's own forms (the browser's
    cookies, a real CSRF token); returns where the 303 leads."""
    import re

    request = visit.page.request
    page = request.get(visit.base_url + "/youth/settings").text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = request.post(
        visit.base_url + path, form={"csrf_token": token, **fields}, max_redirects=0
    )
    assert response.status == 303, f"{path}: {response.status}"
    return response.headers["location"]


def start_visiting_check_ins(visit: Visit) -> dict[str, str]:
    """The check-ins tests/web/pages.py's CHECK_IN_PAGES stand for, started by this visit's
    signed-in youth."""
    import re

    request = visit.page.request

    def post(path: str, **fields: str) -> str:
        return post_form(visit, path, **fields)

    def start(instrument: str) -> str:
        return post("/youth/check-ins", instrument=instrument).split("/")[3]

    ids = {"sent": start("hope-and-goals")}
    post(f"/youth/check-ins/{ids['sent']}/q/1", action="save", answer="2")
    post(f"/youth/check-ins/{ids['sent']}/submit")
    ids["quick"] = start("quick-check-in")
    post(f"/youth/check-ins/{ids['quick']}/q/6", action="save", answer="other")
    ids["private"] = start("where-im-at")
    post(f"/youth/check-ins/{ids['private']}/section/1", action="yes")
    ids["happened"] = start("substances")  # its first answer can be "over now"
    post(f"/youth/check-ins/{ids['happened']}/section/1", action="yes")
    post(f"/youth/check-ins/{ids['happened']}/q/1", action="save", answer="1")
    post(f"/youth/check-ins/{ids['happened']}/submit")
    sharing_page = request.get(visit.base_url + "/youth/sharing").text()
    ids["advocate"] = re.search(r"/youth/sharing/preview/([0-9a-f]{32})", sharing_page).group(1)
    post("/youth/sharing/new/domain", what="hope", to=ids["advocate"], ends="never", when="both")
    shared = request.get(visit.base_url + "/youth/sharing").text()
    ids["grant"] = re.search(r"/youth/sharing/([0-9a-f]{32})/change", shared).group(1)
    return ids
