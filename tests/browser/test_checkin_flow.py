"""A youth's check-in in a real browser, from home to "sent".

Every kind of screen (intro, each kind of question, a typing mistake, the support screen
after a distress answer, a sensitive section said no and yes to, its check-out screen, a
break, the review and the thanks page) in English and Spanish, on a phone and a desktop,
with JavaScript on and off, and by keyboard alone. Each distinct page and state goes
through axe. Then: no sideways scrolling at 320 px and at 200% zoom, and the page weight.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Locator, Page, Request, Response

from tests.browser.conftest import Visit, assert_accessible

LOCALES = {"en": "en-US", "es": "es-MX"}
NEW_CHECK_IN = re.compile(r"/youth/check-ins/([0-9a-f]{32})$")
PAGE_BUDGET = 30 * 1024  # bytes a page may weigh, everything it loads included
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"

_names = iter(range(1, 100_000))


# The youth -------------------------------------------------------------------------------


def ready_youth(app: Flask) -> str:
    """A youth who has redeemed the invite and agreed; returns the sign-in name."""
    from sqlalchemy import select

    from tests.web.youth_helpers import PIN, enrol_youth
    from youthvoice.extensions import db
    from youthvoice.models import Invite, Youth
    from youthvoice.services import youth_accounts

    enrolled = enrol_youth(app, "Robin")
    name = f"flow{next(_names)}{secrets.token_hex(3)}"
    with app.app_context():
        invite = db.session.scalar(select(Invite).where(Invite.youth_id == enrolled.youth_id))
        youth_accounts.complete_invite(invite, name, PIN)
        db.session.get(Youth, enrolled.youth_id).assent_at = datetime.now(UTC)
        db.session.commit()
    return name


def said(app: Flask, language: str, message: str, **values: object) -> str:
    """A message as the app's own catalogue has it in this language (or English, if missing)."""
    with app.test_request_context(), force_locale(language):
        return gettext(message, **values)


def exactly(url: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(url) + "$")


def is_focused(control: Locator) -> bool:
    return control.evaluate("element => element === document.activeElement")


@dataclass
class Youth:
    """A youth in one browser tab: what to press, where it should lead, what it should say."""

    visit: Visit
    app: Flask
    language: str
    name: str
    check_in: str = ""  # /youth/check-ins/<id> of the check-in under way

    @property
    def page(self) -> Page:
        return self.visit.page

    def text(self, message: str, **values: object) -> str:
        return said(self.app, self.language, message, **values)

    def arrives(self, path: str) -> None:
        self.page.wait_for_url(exactly(self.visit.base_url + path))

    def press(self, control: Locator, path: str) -> None:
        """Click, then arrive at path (relative to the check-in when it starts with /q, /s...)."""
        control.click()
        self.arrives(self._full(path))

    def _full(self, path: str) -> str:
        return path if path.startswith("/youth/") or path == "/" else self.check_in + path

    def accessible(self, what: str) -> None:
        try:
            assert_accessible(self.visit.inspectable())
        except AssertionError as failure:
            raise AssertionError(f"{what}, {self.page.url}:\n{failure}") from None

    def sign_in(self) -> None:
        from tests.web.youth_helpers import PIN

        page = self.visit.open("/sign-in")
        page.locator("#name").fill(self.name)
        page.locator("#secret").fill(PIN)
        self.press(page.locator("main form button[type=submit]"), "/youth/")

    def sign_out(self) -> None:
        self.press(self.page.locator("header form.sign-out button"), "/")

    def start(self, instrument: str) -> None:
        """Home's Start button for an instrument: the check-in's intro page."""
        self.offer(instrument).click()
        self.page.wait_for_url(re.compile(re.escape(self.visit.base_url) + NEW_CHECK_IN.pattern))
        self.check_in = self.page.url.removeprefix(self.visit.base_url)
        assert self.page.locator("html").get_attribute("lang") == self.language

    def offer(self, instrument: str) -> Locator:
        """The Start (or Continue) button for an instrument, its folded group opened first."""
        chosen = f"button[name=instrument][value='{instrument}']"
        folded = self.page.locator(f"main details:not([open]):has({chosen})")
        if folded.count():
            folded.locator("summary").click()
        return self.page.locator(f"main {chosen}")

    # Question screens

    def step_is(self, number: int, total: int) -> None:
        step = self.page.locator("main p.step").inner_text()
        assert step == self.text("Question %(number)d of %(total)d", number=number, total=total)
        if self.language == "es":
            assert step.startswith(f"Pregunta {number} de")
        assert self.page.locator("fieldset legend h1#question").is_visible()

    def choose(self, code: str) -> None:
        self.page.locator(f"main input[name=answer][value='{code}']").check()

    def save(self, path: str) -> None:
        self.press(self.page.locator("main button[name=action][value=save]"), path)

    def skip(self, path: str) -> None:
        self.press(self.page.locator("main button[name=action][value=skip]"), path)

    def review_answers(self) -> list[str]:
        values = self.page.locator("main .summary__row .summary__value")
        return [value.inner_text().strip() for value in values.all()]

    def send(self) -> None:
        self.press(self.page.locator("main form[action$='/submit'] button"), "/thanks")
        assert self.page.locator("main [role=status] h1").inner_text() == self.text(
            "Thank you. Your check-in is sent."
        )

    def sees_nothing_wrong(self) -> None:
        assert self.visit.outside_requests() == []
        assert self.visit.console_errors == []  # a CSP violation would show up here
        assert self.visit.failed_resources == []


def youth_in(new_visit, live_app: Flask, language: str, viewport: str, javascript: bool) -> Youth:
    visit = new_visit(viewport=viewport, javascript=javascript, locale=LOCALES[language])
    youth = Youth(visit, live_app, language, ready_youth(live_app))
    youth.sign_in()
    return youth


# The flows -------------------------------------------------------------------------------

FLOWS = [
    pytest.param("en", "phone", True, id="en-phone-js-on"),
    pytest.param("en", "desktop", True, id="en-desktop-js-on"),
    pytest.param("es", "phone", True, id="es-phone-js-on"),
    pytest.param("es", "desktop", True, id="es-desktop-js-on"),
    pytest.param("en", "phone", False, id="en-phone-js-off"),
    pytest.param("es", "phone", False, id="es-phone-js-off"),
]


@pytest.mark.parametrize(("language", "viewport", "javascript"), FLOWS)
def test_quick_check_in_with_a_break_a_change_and_send(
    new_visit, live_app, language, viewport, javascript
):
    you = youth_in(new_visit, live_app, language, viewport, javascript)
    page = you.page
    you.accessible("home")
    assert you.offer("quick-check-in").inner_text().startswith(you.text("Start"))

    you.start("quick-check-in")
    assert page.locator("main h1").inner_text() == you.text("Quick check-in")
    you.accessible("intro")
    you.press(page.locator("main a.button"), "/q/1")

    you.step_is(1, 6)  # the "something else" question is not counted until it shows
    you.accessible("question: 0 to 10")
    you.choose("7")
    you.save("/q/2")

    you.step_is(2, 6)
    you.skip("/q/3")

    you.step_is(3, 6)
    you.accessible("question: one answer")
    you.choose("0")  # "I don't feel safe today"
    you.save("/q/3/support")

    assert page.locator("main h1").inner_text() == you.text("Thank you for telling us")
    assert page.locator("main a[href^='tel:'], main a[href^='sms:']").count() > 0
    you.accessible("support after a distress answer")
    you.press(page.get_by_role("link", name=you.text("Continue the check-in")), "/q/4")

    you.step_is(4, 6)
    page.locator("#answer-prefer_not_to_say").check()
    you.save("/q/5")
    you.choose("2")
    you.save("/q/6")

    you.step_is(6, 6)
    you.accessible("question: several answers")
    you.choose("other")
    you.save("/q/7")

    you.step_is(7, 7)  # "Something else" brought in the question that asks what
    you.accessible("question: text")
    page.locator("#answer-first").fill("A bus pass")
    you.press(page.locator("main button[name=action][value=break]"), "/break")

    assert page.locator("main h1").inner_text() == you.text("Take a break")
    you.accessible("take a break")
    you.press(page.locator("main button[name=action][value=keep]"), "/youth/?note=kept")
    assert page.locator("main .notice[role=status]").is_visible()
    assert you.offer("quick-check-in").inner_text().startswith(you.text("Continue"))
    you.accessible("home with a check-in to finish")

    you.sign_out()
    you.visit.open("/youth/")
    assert page.url == you.visit.base_url + "/sign-in"  # signed out for real
    you.sign_in()

    # Every question was answered or skipped, so Continue goes straight to the review.
    you.offer("quick-check-in").click()
    you.arrives(you.check_in + "/review")
    assert page.locator("main h1").inner_text() == you.text("Check your answers")
    out_of_10 = "%(number)s out of 10"
    assert you.review_answers() == [
        you.text(out_of_10, number="7"),
        you.text("Skipped"),
        you.text("I don't feel safe today"),
        you.text("Prefer not to say"),
        you.text("Yes, for sure"),
        you.text("Something else"),
        "A bus pass",  # what was typed before the break was kept
    ]
    you.accessible("review")

    you.press(page.locator("main .summary__row").nth(0).locator("a"), "/q/1?change=1")
    assert page.locator("main input[name=answer][value='7']").is_checked()
    assert page.locator("main a.back-link").get_attribute("href") == you.check_in + "/review"
    you.choose("3")
    you.save("/review")  # a change goes back to the review, not on through the questions
    assert you.review_answers()[0] == you.text(out_of_10, number="3")

    you.send()
    you.accessible("thanks")
    you.press(page.locator("main a[href='/youth/']"), "/youth/")
    assert you.offer("quick-check-in").inner_text().startswith(you.text("Start"))
    you.sees_nothing_wrong()


@pytest.mark.parametrize(("language", "viewport", "javascript"), FLOWS)
def test_sensitive_sections_said_no_then_yes_and_a_typing_mistake(
    new_visit, live_app, language, viewport, javascript
):
    you = youth_in(new_visit, live_app, language, viewport, javascript)
    page = you.page

    # No: nothing in the section is asked, and the review says it was skipped.
    you.start("where-im-at")
    you.press(page.locator("main a.button"), "/section/1")
    assert page.locator("main h1").inner_text() == you.text(
        "Do you want to tell us about a change that matters to you? It takes about 3 minutes."
    )
    you.accessible("sensitive section: opt-in")
    you.press(page.locator("main button[name=action][value=no]"), "/review")
    assert you.review_answers() == [you.text("You chose to skip these questions")]
    you.accessible("review with a section said no to")

    # Changing that answer from the review: yes, then the check-out screen after it.
    you.press(page.locator("main .summary__row a"), "/section/1")
    you.press(page.locator("main button[name=action][value=yes]"), "/q/1")
    you.step_is(1, 2)  # where they are with it shows once a change is named
    you.choose("school")
    you.save("/q/2")
    you.step_is(2, 6)
    you.skip("/section/1/after")
    assert page.locator("main h1").inner_text() == you.text(
        "How are you feeling after these questions?"
    )
    you.accessible("check-out after a sensitive section")
    you.press(page.get_by_role("button", name=you.text("OK"), exact=True), "/q/3")

    you.step_is(3, 6)
    you.choose("start")
    you.save("/q/4")
    you.accessible("question: stage of change")
    page.locator("#answer-dont_know").check()
    you.save("/q/5")
    you.choose("6")
    you.save("/q/6")
    you.skip("/review")
    assert you.review_answers() == [
        you.text("School"),
        you.text("Skipped"),
        you.text("OK"),  # how they felt at the check-out: their own answer
        you.text("Start something or do more of it"),
        you.text("I don't know"),
        you.text("%(number)s out of 10", number="6"),
        you.text("Skipped"),
    ]
    you.send()

    # A number question: letters are a mistake, said at the top and at the question.
    you.press(page.locator("main a[href='/youth/']"), "/youth/")
    you.start("school-and-work")
    you.press(page.locator("main a.button"), "/q/1")
    you.accessible("question: number")
    page.locator("#answer-first").fill("abc")
    with page.expect_navigation():
        page.locator("main button[name=action][value=save]").click()
    assert page.url == you.visit.base_url + you.check_in + "/q/1"
    assert page.title().startswith(you.text("Error:"))
    assert page.locator("main .error-summary[role=alert] a[href='#answer-first']").is_visible()
    assert page.locator("#answer-error").is_visible()
    assert page.locator("#answer-first").input_value() == "abc"  # kept to correct (3.3.7)
    if javascript:  # the error exists only as the answer to a POST: checked where it is
        you.accessible("question: number, with an error")
    page.locator("#answer-first").fill("4")
    you.save("/q/2")
    you.sees_nothing_wrong()


# Keyboard only ---------------------------------------------------------------------------


def tab_to(page: Page, control: Locator, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(control):
            return
    raise AssertionError(f"Tab never reached {control}")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_check_in_works_with_the_keyboard_alone(new_visit, live_app, language):
    """Tab, Space, Enter, an arrow key in a radio group, and typing; no pointer at all."""
    from tests.web.youth_helpers import PIN

    visit = new_visit(viewport="phone", locale=LOCALES[language])
    you = Youth(visit, live_app, language, ready_youth(live_app))
    page = visit.open("/sign-in")
    keys = page.keyboard

    def enter_on(control: Locator, path: str) -> None:
        tab_to(page, control)
        keys.press("Enter")
        you.arrives(you._full(path))

    def space_on(control: Locator) -> None:
        tab_to(page, control)
        keys.press(" ")
        assert control.is_checked()

    save = page.locator("main button[name=action][value=save]")
    first = page.locator("#answer-first")

    tab_to(page, page.locator("#name"))
    keys.type(you.name)
    tab_to(page, page.locator("#secret"))
    keys.type(PIN)
    enter_on(page.locator("main form button[type=submit]"), "/youth/")

    tab_to(page, you.offer("quick-check-in"))
    keys.press("Enter")
    page.wait_for_url(re.compile(re.escape(visit.base_url) + NEW_CHECK_IN.pattern))
    you.check_in = page.url.removeprefix(visit.base_url)
    enter_on(page.locator("main a.button"), "/q/1")

    space_on(first)  # 0 on "How are you doing today?": a very low answer
    enter_on(save, "/q/1/support")
    enter_on(page.locator("main .actions a.button").first, "/q/2")
    enter_on(page.locator("main button[name=action][value=skip]"), "/q/3")
    space_on(first)  # "I don't feel safe today"
    enter_on(save, "/q/3/support")
    enter_on(page.locator("main .actions a.button").first, "/q/4")
    tab_to(page, first)
    keys.press("ArrowUp")  # round from the first answer to the last: "Prefer not to say"
    assert page.locator("#answer-prefer_not_to_say").is_checked()
    enter_on(save, "/q/5")
    space_on(first)
    enter_on(save, "/q/6")
    space_on(page.locator("main input[name=answer][value=food]"))
    space_on(page.locator("main input[name=answer][value=other]"))
    enter_on(save, "/q/7")
    tab_to(page, first)
    keys.type("A bus pass")
    enter_on(save, "/review")

    assert you.review_answers() == [
        you.text("%(number)s out of 10", number="0"),
        you.text("Skipped"),
        you.text("I don't feel safe today"),
        you.text("Prefer not to say"),
        you.text("No one right now"),
        ", ".join([you.text("Food"), you.text("Something else")]),
        "A bus pass",
    ]
    enter_on(page.locator("main .summary__row").nth(1).locator("a"), "/q/2?change=1")
    space_on(first)
    enter_on(save, "/review")
    assert you.review_answers()[1] == you.text("%(number)s out of 10", number="0")

    tab_to(page, page.locator("main form[action$='/submit'] button"))
    keys.press("Enter")
    you.arrives(you.check_in + "/thanks")
    assert page.locator("main [role=status] h1").is_visible()
    you.sees_nothing_wrong()


# Reflow: 320 px, and 1280 px at 200% zoom ------------------------------------------------

SIZES = {
    "320px": ("phone", {"width": 320, "height": 640}),
    "200%-zoom": ("desktop", {"width": 640, "height": 800}),  # 1280 x 800 at 200%
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("size", list(SIZES))
def test_no_sideways_scrolling_at_320px_or_200_percent_zoom(new_visit, live_app, size, language):
    viewport, dimensions = SIZES[size]
    you = youth_in(new_visit, live_app, language, viewport, javascript=True)
    page = you.page
    page.set_viewport_size(dimensions)

    def fits(what: str) -> None:
        assert page.evaluate("window.innerWidth") == dimensions["width"]
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{what} scrolls sideways at {size}"

    fits("home")
    you.start("quick-check-in")
    you.press(page.locator("main a.button"), "/q/1")
    fits("a 0 to 10 question")
    you.visit.open(you.check_in + "/q/3/support")
    fits("the support screen")
    you.visit.open(you.check_in + "/q/6")
    you.choose("other")
    you.save("/q/7")
    # A long answer without spaces (a web address) must wrap on the review, not widen it.
    page.locator("#answer-first").fill("https://example.org/a-long-address/with-no-spaces-at-all")
    you.save("/review")
    fits("the review")


# Page weight -----------------------------------------------------------------------------


@dataclass
class Scale:
    """Everything the tab loads for one page: responses, with their bodies, and font requests."""

    page: Page
    responses: list[Response] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    weights: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Routing turns the HTTP cache off: each page is weighed as on a first visit.
        self.page.context.route("**/*", lambda route: route.continue_())
        self.page.on("response", lambda response: self.responses.append(response))
        self.page.on("request", self._font)

    def _font(self, request: Request) -> None:
        if request.resource_type == "font":
            self.fonts.append(request.url)

    def weigh(self, what: str, load: Callable[[], None]) -> None:
        self.page.wait_for_load_state("networkidle")  # the page before has finished loading
        self.responses.clear()
        load()
        self.page.wait_for_load_state("networkidle")
        total = 0
        for response in self.responses:
            if 300 <= response.status < 400:  # a redirect has no body to read
                total += int(response.headers.get("content-length", "0"))
            else:
                total += len(response.body())
        self.weights[what] = total


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_of_a_check_in_is_light_and_local(new_visit, live_app, language):
    visit = new_visit(viewport="phone", locale=LOCALES[language])
    you = Youth(visit, live_app, language, ready_youth(live_app))
    page = visit.page
    scale = Scale(page)

    def opening(path: str) -> Callable[[], None]:
        return lambda: visit.open(path)

    def pressing(control: Locator, path: str) -> Callable[[], None]:
        return lambda: you.press(control, path)

    scale.weigh("/", opening("/"))
    scale.weigh("/staying-safe", opening("/staying-safe"))
    scale.weigh("/sign-in", opening("/sign-in"))
    you.sign_in()
    scale.weigh("home", opening("/youth/"))
    you.start("quick-check-in")
    quick = you.check_in
    scale.weigh("intro", opening(quick))
    scale.weigh("question: 0 to 10", opening(quick + "/q/1"))
    scale.weigh("question: one answer", opening(quick + "/q/3"))
    scale.weigh("support", opening(quick + "/q/3/support"))
    scale.weigh("question: several answers", opening(quick + "/q/6"))
    you.choose("other")
    scale.weigh("question: text", pressing(page.locator("main button[value=save]"), "/q/7"))
    scale.weigh("take a break", opening(quick + "/break"))
    scale.weigh("review", opening(quick + "/review"))
    scale.weigh("thanks", pressing(page.locator("main form[action$='/submit'] button"), "/thanks"))

    visit.open("/youth/")
    you.start("where-im-at")
    private = you.check_in
    scale.weigh("opt-in", opening(private + "/section/1"))
    page.locator("main button[value=yes]").click()
    you.arrives(private + "/q/1")
    you.choose("school")
    you.save("/q/2")
    scale.weigh("check-out", pressing(page.locator("main button[value=skip]"), "/section/1/after"))
    scale.weigh("question: stage of change", opening(private + "/q/4"))

    visit.open("/youth/")
    you.start("school-and-work")
    scale.weigh("question: number", opening(you.check_in + "/q/1"))
    page.locator("#answer-first").fill("abc")
    scale.weigh("question: number, with an error", page.locator("main button[value=save]").click)

    heavy = {what: size for what, size in scale.weights.items() if size > PAGE_BUDGET}
    assert heavy == {}, f"over {PAGE_BUDGET} bytes: {heavy}"
    assert scale.fonts == []
    assert visit.outside_requests() == []
