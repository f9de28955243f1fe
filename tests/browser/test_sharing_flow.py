"""Youth-controlled sharing in a real browser, from a youth's check-in to their advocate's
screen and back to "who has seen my answers".

A youth on a phone sends a quick check-in, shares the Hope topic with their advocate and
stops it again; the advocate, signed in on a desktop with password and authenticator code,
sees nothing, then only the hope score, then nothing again. The youth's log lists those
reads by the advocate's name. In English and Spanish; every page and state goes through axe
on both sides.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page

from tests.browser.conftest import Visit, assert_accessible
from tests.browser.test_checkin_flow import LOCALES, exactly, said
from tests.web.staff_helpers import StaffLogin

# "Mostly true" (code 2 of 0-3) on "Today, I feel good things can come my way."
HOPE_SCORE = {"score": "2", "most": "3"}
OUT_OF = "%(score)s out of %(most)s"
SCALES = ["mental_health", "physical_safety", "hope", "connection"]  # the quick check-in's
ANSWERS = 7  # questions on a quick check-in, "what else do you need?" included
SENT_CHECK_IN = re.compile(r"/youth/check-ins/([0-9a-f]{32})/answers$")

_names = iter(range(1, 100_000))


# People ----------------------------------------------------------------------------------


def advocate_and_youth(app: Flask) -> tuple[StaffLogin, str, str, str]:
    """An advocate with a name of their own, and a youth they enrolled (so on the youth's
    care team) who has redeemed the invite and agreed. Returns the advocate, their display
    name, the youth's id and the youth's sign-in name."""
    from sqlalchemy import select

    from tests.web.test_who_has_seen import staff_named
    from tests.web.youth_helpers import PIN, enrol_youth
    from youthvoice.extensions import db
    from youthvoice.models import Invite, Youth
    from youthvoice.services import youth_accounts

    display_name = f"Paloma{secrets.token_hex(3)}"
    advocate = staff_named(app, display_name)
    enrolled = enrol_youth(app, "Robin", advocate=advocate)
    sign_in_name = f"share{next(_names)}{secrets.token_hex(3)}"
    with app.app_context():
        invite = db.session.scalar(select(Invite).where(Invite.youth_id == enrolled.youth_id))
        youth_accounts.complete_invite(invite, sign_in_name, PIN)
        db.session.get(Youth, enrolled.youth_id).assent_at = datetime.now(UTC)
        db.session.commit()
    return advocate, display_name, enrolled.youth_id, sign_in_name


@dataclass
class Side:
    """One person's browser tab: where to go, what to check, in their language."""

    visit: Visit
    app: Flask
    language: str
    who: str  # "youth" or "advocate", for failure messages

    @property
    def page(self) -> Page:
        return self.visit.page

    def text(self, message: str, **values: object) -> str:
        return said(self.app, self.language, message, **values)

    def in_english(self) -> bool:
        return self.language == "en"

    def path(self) -> str:
        return self.page.url.removeprefix(self.visit.base_url)

    def arrives(self, path: str) -> None:
        self.page.wait_for_url(exactly(self.visit.base_url + path))
        assert self.page.locator("html").get_attribute("lang") == self.language

    def press(self, control: Locator, path: str) -> None:
        control.click()
        self.arrives(path)

    def accessible(self, what: str, page: Page | None = None) -> None:
        try:
            assert_accessible(page or self.visit.inspectable())
        except AssertionError as failure:
            raise AssertionError(f"{self.who}: {what}, {self.page.url}:\n{failure}") from None

    def heading(self) -> str:
        return self.page.locator("main h1").inner_text().strip()

    def sees_nothing_wrong(self) -> None:
        assert self.visit.outside_requests() == [], self.who
        assert self.visit.console_errors == [], self.who  # a CSP violation shows up here
        assert self.visit.failed_resources == [], self.who


def link_to(page: Page, path: str) -> Locator:
    return page.locator(f"main a[href='{path}']")


# The advocate's view of one young person -------------------------------------------------


def shown_scores(page: Page) -> list[str | None]:
    """The one shared check-in's scores, in the instrument's order; None for "Not shared"."""
    return _values(page.locator("main section.shared-check-in dl.summary").nth(0))


def shown_answers(page: Page) -> list[str | None]:
    return _values(page.locator("main section.shared-check-in dl.summary").nth(1))


def _values(summary: Locator) -> list[str | None]:
    values = []
    for value in summary.locator(".summary__value").all():
        hidden = value.locator("span.muted").count() > 0  # how "Not shared" is shown
        values.append(None if hidden else value.inner_text().strip())
    return values


def only_hope_is_shown(side: Side) -> None:
    """What the advocate (and the youth's preview of them) sees with the Hope topic shared."""
    page = side.page
    assert page.locator("main section.shared-check-in").count() == 1
    assert shown_scores(page) == [None, None, side.text(OUT_OF, **HOPE_SCORE), None]
    assert shown_answers(page) == [None] * ANSWERS
    main = page.locator("main").inner_text()
    assert side.text("%(number)s out of 10", number="7") not in main  # the q1 answer
    if side.in_english():
        keys = page.locator("main section.shared-check-in .summary__key").all_inner_texts()
        assert keys[: len(SCALES)] == (
            ["How I feel inside", "Being safe", "Hope for what is next", "People who care about me"]
            if side.who == "youth"  # the preview: topics in the young person's words
            else [
                "Mental health",
                "Physical safety",
                "Hopefulness about the future",
                "Connection to caregivers, mentors and providers",
            ]
        )
        rows = page.locator("main section.shared-check-in .summary__row")
        assert rows.nth(0).locator(".summary__value").inner_text() == "Not shared"
        assert rows.nth(2).locator(".summary__value").inner_text() == side.text(
            OUT_OF, **HOPE_SCORE
        )
        assert "Nothing is shared with you." not in main


def nothing_is_shown(side: Side) -> None:
    page = side.page
    assert page.locator("main section.shared-check-in").count() == 0
    assert page.locator("main .summary__row").count() == 0
    assert side.text(OUT_OF, **HOPE_SCORE) not in page.locator("main").inner_text()
    if side.in_english():
        assert "Nothing is shared with you." in page.locator("main").inner_text()


# The flow --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_youth_shares_hope_with_their_advocate_then_stops_and_sees_who_looked(
    new_visit, live_app, language
):
    from tests.web.youth_helpers import PIN

    login, advocate_name, youth_id, sign_in_name = advocate_and_youth(live_app)
    locale = LOCALES[language]
    you = Side(new_visit(viewport="phone", locale=locale), live_app, language, "youth")
    staff = Side(new_visit(viewport="desktop", locale=locale), live_app, language, "advocate")
    page, desk = you.page, staff.page
    youth_page = f"/advocate/youth/{youth_id}"
    preview = f"/youth/sharing/preview/{login.id}"

    # The youth signs in and sends a quick check-in: 7 on "how are you doing", "mostly
    # true" on hope, everything else skipped.
    you.visit.open("/sign-in")
    page.locator("#name").fill(sign_in_name)
    page.locator("#secret").fill(PIN)
    you.press(page.locator("main form button[type=submit]"), "/youth/")
    page.locator("main button[name=instrument][value='quick-check-in']").click()
    page.wait_for_url(re.compile(re.escape(you.visit.base_url) + r"/youth/check-ins/[0-9a-f]{32}$"))
    check_in = you.path()
    you.press(page.locator("main a.button"), check_in + "/q/1")
    save = page.locator("main button[name=action][value=save]")
    skip = page.locator("main button[name=action][value=skip]")
    page.locator("main input[name=answer][value='7']").check()
    you.press(save, check_in + "/q/2")
    you.press(skip, check_in + "/q/3")
    you.press(skip, check_in + "/q/4")
    page.locator("main input[name=answer][value='2']").check()  # "Mostly true"
    you.press(save, check_in + "/q/5")
    you.press(skip, check_in + "/q/6")
    you.press(skip, check_in + "/review")
    you.press(page.locator("main form[action$='/submit'] button"), check_in + "/thanks")
    assert link_to(page, "/youth/sharing/new").count() == 1  # "Choose what to share"
    you.press(link_to(page, "/youth/"), "/youth/")  # "Decide later"
    for path in ("/youth/check-ins", "/youth/sharing", "/youth/who-has-seen"):
        assert link_to(page, path).count() == 1, f"home links to {path}"

    # Their check-ins: the list, and the one just sent.
    you.press(link_to(page, "/youth/check-ins"), "/youth/check-ins")
    you.accessible("my check-ins")
    (sent,) = page.locator("main ul.offers a").all()  # the one check-in sent
    href = sent.get_attribute("href")
    assert SENT_CHECK_IN.search(href)
    assert href.startswith(check_in)  # the check-in just sent
    you.press(sent, href)
    values = page.locator("main dl.summary .summary__value").all_inner_texts()
    assert values[0].strip() == you.text("%(number)s out of 10", number="7")
    # "What else do you need?" never showed (no "something else"), so it is not listed.
    assert page.locator("main dl.summary .summary__row").count() == ANSWERS - 1
    you.accessible("one sent check-in")

    # The advocate signs in with password and authenticator code, and sees nothing yet.
    staff.visit.open("/staff/sign-in")
    desk.locator("#email").fill(login.email)
    desk.locator("#password").fill(login.password)
    staff.press(desk.locator("main form button[type=submit]"), "/staff/sign-in/code")
    desk.locator("#code").fill(login.code())
    staff.press(desk.locator("main form button[type=submit]"), "/advocate/")
    assert link_to(desk, youth_page).count() == 1  # listed once: no notice of a share yet
    staff.press(link_to(desk, youth_page), youth_page)
    assert staff.heading() == "Robin"
    nothing_is_shown(staff)
    staff.accessible("the youth's page before anything is shared")

    # My sharing: nothing yet; "Share something" offers two kinds.
    you.visit.open("/youth/")
    you.press(link_to(page, "/youth/sharing"), "/youth/sharing")
    assert page.locator("main .shares").count() == 0
    if you.in_english():
        assert "You are not sharing anything right now." in page.locator("main").inner_text()
    assert link_to(page, preview).count() == 1  # "What <advocate> sees"
    assert advocate_name in link_to(page, preview).inner_text()
    you.accessible("my sharing, sharing nothing")

    you.press(link_to(page, "/youth/sharing/new"), "/youth/sharing/new")
    assert link_to(page, "/youth/sharing/new/instrument").count() == 1
    assert link_to(page, "/youth/sharing/new/domain").count() == 1
    assert link_to(page, "/youth/").count() == 1  # "Decide later"
    you.accessible("what do you want to share?")

    you.press(link_to(page, "/youth/sharing/new/domain"), "/youth/sharing/new/domain")
    form_path = "/youth/sharing/new/domain"
    hope = page.locator("main input[name=what][value=hope]")
    person = page.locator(f"main input[name=to][value='{login.id}']")
    assert page.locator(f"main label[for='{hope.get_attribute('id')}']").inner_text() == (
        you.text("Hope for what is next")  # the topic in the young person's words
    )
    assert page.locator(f"main label[for='{person.get_attribute('id')}']").inner_text() == (
        advocate_name
    )
    assert page.locator("main input[name=what]:checked, main input[name=to]:checked").count() == 0
    you.accessible("share a topic")

    # Share, with nothing chosen: a 400, every problem in the summary and at its question.
    share = page.locator("main form button[type=submit]")
    with page.expect_response(lambda r: r.request.method == "POST") as sent_empty:
        share.click()
    assert sent_empty.value.status == 400
    you.arrives(form_path)
    assert page.title().startswith(you.text("Error:"))
    summary = page.locator("main .error-summary[role=alert]")
    assert summary.is_visible()
    assert summary.evaluate("summary => summary === document.activeElement")  # read out first
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert targets == ["#what-first", "#when-first", "#to-first", "#ends-first"]
    for target in targets:
        assert page.locator(target).count() == 1, f"{target} leads nowhere"
    assert page.locator("main .field__error").count() == 4
    if you.in_english():
        assert summary.locator("a").all_inner_texts() == [
            "Choose what to share",
            "Choose which check-ins to share",
            "Choose at least one person on your team",
            "Choose when the sharing ends",
        ]
    # The error exists only as the answer to a POST: checked here, JavaScript on.
    you.accessible("share a topic, with errors", page)

    # Share the Hope topic with the advocate, from all check-ins, until stopped.
    hope.check()
    person.check()
    page.locator("main input[name=when][value=both]").check()
    page.locator("main input[name=ends][value=never]").check()
    you.press(share, "/youth/sharing?note=shared")
    assert page.locator("main .notice[role=status]").is_visible()
    shares = page.locator("main ul.shares li.share")
    assert shares.count() == 1
    sentence = shares.locator("p").inner_text()
    assert advocate_name in sentence
    assert you.text("Hope for what is next") in sentence
    if you.in_english():
        assert sentence == (
            f"{advocate_name} can see your Hope for what is next scores, "
            "from all your check-ins, until you stop it."
        )
    stop = shares.locator("form[action^='/youth/sharing/'][action$='/stop'] button")
    assert stop.count() == 1
    you.accessible("my sharing, sharing hope")

    # "What Paloma sees": exactly the advocate's view, shown to the youth alone.
    you.press(link_to(page, preview), preview)
    assert advocate_name in you.heading()
    only_hope_is_shown(you)
    you.accessible("what the advocate sees")

    # The advocate: a notice of the new share at home, then only the hope score.
    staff.visit.open("/advocate/")
    assert link_to(desk, youth_page).count() == 2  # in "New shares", and in the list
    assert desk.locator("main h2").count() == 2
    if staff.in_english():
        assert desk.locator("main h2").first.inner_text() == "New shares"
        assert "Hopefulness" not in desk.locator("main").inner_text()  # that, not what
    staff.accessible("advocate home with a new share")
    staff.press(link_to(desk, youth_page).first, youth_page)
    only_hope_is_shown(staff)
    staff.accessible("the youth's page with hope shared")

    # The youth stops sharing; the advocate, reloading, sees nothing again.
    you.visit.open("/youth/sharing")
    you.press(stop, "/youth/sharing?note=stopped")
    assert page.locator("main .notice[role=status]").is_visible()
    assert page.locator("main ul.shares").count() == 0
    you.accessible("my sharing, after stopping")

    response = desk.reload()
    assert response is not None
    assert response.status == 200
    assert staff.path() == youth_page
    nothing_is_shown(staff)
    staff.accessible("the youth's page after the share was stopped")

    # Who has seen my answers: the advocate's reads, by name, with when.
    you.visit.open("/youth/")
    you.press(link_to(page, "/youth/who-has-seen"), "/youth/who-has-seen")
    rows = page.locator("main ul.people li.person")
    lines = [row.locator("p").first.inner_text() for row in rows.all()]
    assert lines, "no reads listed"
    assert all(advocate_name in line for line in lines), lines
    assert rows.locator("time[datetime]").count() == len(lines)
    saw_scores = you.text(
        "%(who)s saw %(what)s",
        who=you.text("%(name)s (%(role)s)", name=advocate_name, role=you.text("advocate")),
        what=you.text("your “%(title)s” scores", title=you.text("Quick check-in")),
    )
    assert saw_scores in lines, lines  # the hope score, read while it was shared
    if you.in_english():
        assert f"{advocate_name} (advocate) opened your page and saw your name" in lines
    you.accessible("who has seen my answers")

    you.sees_nothing_wrong()
    staff.sees_nothing_wrong()
