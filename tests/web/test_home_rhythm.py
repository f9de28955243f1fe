"""The home page puts one check-in first: the quick check-in when it is due, else the first
one due in the program's order, by each instrument's rhythm; when nothing is due it says so
and when the next one is. Everything else offered is listed under plain group headings."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask_babel import format_date

from tests.conftest import csrf_token_from
from tests.web.youth_helpers import ready_youth, start_check_in
from youthvoice import create_app
from youthvoice.extensions import db
from youthvoice.models import CheckIn

QUICK = "quick-check-in"  # weekly, group "now"
WEEKLY = "school-and-work"
MONTHLY = "staying-safe"
QUARTERLY = "hope-and-goals"
ONCE = "about-me-identity"


def program(settings, *offered: str) -> Flask:
    return create_app(replace(settings, offered_instruments=offered))


def home(client) -> str:
    return html.unescape(client.get("/youth/").get_data(as_text=True))


def now_card(page: str) -> str:
    """The text of the "Your check-in now" card, tags dropped."""
    card = re.search(r'<section class="now".*?</section>', page, re.DOTALL)
    assert card, "the home page has no check-in card"
    return " ".join(re.sub(r"<[^>]+>", " ", card.group(0)).split())


def more_check_ins(page: str) -> str:
    """Everything from the "More check-ins" heading on, as text."""
    rest = page.split("More check-ins", 1)[1].split("Coming soon", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", rest).split())


def first_title_in_card(page: str) -> str:
    card = re.search(r'<section class="now".*?</section>', page, re.DOTALL).group(0)
    return re.search(r'<h3 class="offer__title">(.*?)</h3>', card).group(1)


def send(app: Flask, client, instrument: str, days_ago: float) -> datetime:
    """A check-in of this instrument, sent days_ago; returns when it was sent."""
    path = start_check_in(client, instrument)
    token = csrf_token_from(client, "/youth/settings")
    assert client.post(f"{path}/submit", data={"csrf_token": token}).status_code == 303
    sent = datetime.now(UTC) - timedelta(days=days_ago)
    with app.app_context():
        db.session.get(CheckIn, path.rsplit("/", 1)[1]).submitted_at = sent
        db.session.commit()
    return sent


def test_with_nothing_sent_the_quick_check_in_comes_first_though_it_is_listed_later(settings):
    app = program(settings, ONCE, MONTHLY, QUICK)
    client, _ = ready_youth(app)
    page = home(client)
    assert first_title_in_card(page) == "Quick check-in"
    card = now_card(page)
    assert "About 2 minutes" in card
    assert "A good place to start." in card
    assert "Start : Quick check-in" in card  # the button's name includes the title
    # The others are due too, and say so in words.
    rest = more_check_ins(page)
    assert rest.count("Due") == 2
    assert "Who I am" in rest
    assert "A few questions about feeling safe" in rest  # Staying safe, under its heading
    assert "Quick check-in" not in rest  # shown once, in the card


def test_quick_check_in_sent_two_days_ago_puts_the_monthly_one_never_sent_first(settings):
    app = program(settings, QUICK, MONTHLY, QUARTERLY)
    client, _ = ready_youth(app)
    send(app, client, QUICK, days_ago=2)
    page = home(client)
    assert first_title_in_card(page) == "Staying safe"
    assert "Your monthly check-in." in now_card(page)
    rest = more_check_ins(page)
    assert "Quick check-in" in rest  # still there to start, not marked due
    assert rest.count("Due") == 1  # the quarterly one, never sent


def test_a_check_in_due_again_says_how_long_it_has_been(settings):
    app = program(settings, QUICK, MONTHLY)
    client, _ = ready_youth(app)
    send(app, client, MONTHLY, days_ago=1)
    send(app, client, QUICK, days_ago=9)
    card = now_card(home(client))
    assert "Quick check-in" in card
    assert "Your weekly check-in. It's been 9 days since your last one." in card


def test_when_everything_was_sent_recently_the_card_says_up_to_date_and_when_next(settings):
    app = program(settings, QUICK, MONTHLY, ONCE)
    client, _ = ready_youth(app)
    quick_sent = send(app, client, QUICK, days_ago=2)
    send(app, client, MONTHLY, days_ago=1)
    send(app, client, ONCE, days_ago=40)
    page = home(client)
    with app.test_request_context():
        next_date = format_date(quick_sent + timedelta(days=7), "full")
    card = now_card(page)
    assert "You're up to date." in card
    assert f"Your next check-in, “Quick check-in”, is due on {next_date}." in card
    # The quick check-in is still offered, as a secondary button.
    assert re.search(r'class="button button--secondary"[^>]*>Start<span', page)
    assert "Quick check-in" in card
    assert "Due" not in more_check_ins(page)
    assert "Who I am" in more_check_ins(page)  # sent once: never due, still there to choose


def test_a_weekly_check_in_sent_three_days_ago_is_not_due(settings):
    app = program(settings, QUICK, WEEKLY, "home-this-month")
    client, _ = ready_youth(app)
    send(app, client, WEEKLY, days_ago=3)
    page = home(client)
    assert first_title_in_card(page) == "Quick check-in"
    rest = more_check_ins(page)
    weekly = rest.split("School and work this week", 1)[1].split("Home this month", 1)[0]
    assert "Due" not in weekly
    assert "Due" in rest.split("Home this month", 1)[1]  # never sent: due


def test_a_started_check_in_is_finished_first_and_the_card_offers_the_next_due(settings):
    app = program(settings, QUICK, MONTHLY)
    client, _ = ready_youth(app)
    start_check_in(client, QUICK)
    page = home(client)
    assert page.index("Finish what you started") < page.index("Your check-in now")
    assert first_title_in_card(page) == "Staying safe"
    assert page.count("Quick check-in</h3>") == 1  # under "Finish what you started" only


def test_more_check_ins_are_grouped_under_plain_headings_with_what_they_ask(settings):
    app = program(settings, QUICK, WEEKLY, MONTHLY, QUARTERLY, ONCE)
    client, _ = ready_youth(app)
    page = home(client)
    rest = page.split("More check-ins", 1)[1]
    headings = re.findall(r"<h3 class=\"details__heading\">(.*?)</h3>", rest)
    assert headings == ["How I feel", "My everyday life", "Staying safe", "About me and my goals"]
    assert "A few questions about your goals and how you get there." in page  # hope and goals
    assert "There are no right or wrong answers" not in page  # the intro's first sentence only


def test_an_instrument_the_program_does_not_offer_never_shows(settings):
    app = program(settings, QUICK, MONTHLY)
    client, _ = ready_youth(app)
    page = home(client)
    for title in ("Alcohol and drugs", "My habits", "Who I am", "What I know", "Hope and goals"):
        assert title not in page
    assert "About me and my goals" not in page  # no empty group either


def test_each_group_folds_away_and_says_how_many_it_holds(settings):
    app = program(settings, QUICK, WEEKLY, MONTHLY, QUARTERLY, ONCE)
    client, _ = ready_youth(app)
    rest = home(client).split("More check-ins", 1)[1]
    groups = re.findall(r"<details class=\"details\">\s*<summary[^>]*>(.*?)</summary>", rest, re.S)
    assert len(groups) == 4  # closed until opened: the card above is the place to start
    assert all(re.search(r"\d check-ins?</span>$", group.strip()) for group in groups)
