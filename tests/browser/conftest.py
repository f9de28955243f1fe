"""Browser harness: a live YouthVoice server, Debian's Chromium through Playwright, and axe-core.

Every browser test is marked `browser`; they run once per CI run, on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
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
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app on a free local port, with the demo data, in a background thread."""
    instance = tmp_path_factory.mktemp("browser-instance")
    settings = make_settings(instance, f"sqlite:///{instance / 'youthvoice.sqlite3'}")
    migrate_to_head(settings)
    app = create_app(settings)
    app.test_cli_runner().invoke(args=["demo"])
    server = make_server("127.0.0.1", 0, app, threaded=True)
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
    requests: list[str]
    console_errors: list[str]

    def open(self, path: str, expected_status: int = 200) -> Page:
        response = self.page.goto(self.base_url + path)
        assert response is not None
        assert response.status == expected_status, f"{path}: {response.status}"
        return self.page

    def outside_requests(self) -> list[str]:
        own = urlsplit(self.base_url).netloc
        return [url for url in self.requests if urlsplit(url).netloc not in (own, "")]


@pytest.fixture
def new_visit(browser: Browser, live_server: str) -> Iterator:
    contexts: list[BrowserContext] = []

    def make(viewport: str = "phone", javascript: bool = True, locale: str = "en-US") -> Visit:
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            java_script_enabled=javascript,
            locale=locale,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
        )
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page, live_server, [], [])
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                visit.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        return visit

    yield make
    for context in contexts:
        context.close()


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Zero axe-core violations under WCAG 2.0–2.2 A/AA, with target-size switched on."""
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
