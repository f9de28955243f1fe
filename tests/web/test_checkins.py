"""Check-ins over HTTP: the flow, skips, branching, sensitive sections, breaks, refusals."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.support.raw_storage import found_in_storage
from tests.web.youth_helpers import ready_youth
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, CareTeamMember, CheckIn
from youthvoice.services import checkins, sharing

QUICK = "quick-check-in"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def token(client, path: str = "/youth/") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def start(client, instrument: str = QUICK) -> str:
    response = client.post(
        "/youth/check-ins", data={"csrf_token": token(client), "instrument": instrument}
    )
    assert response.status_code == 303, text(response)
    return response.headers["Location"]


def answer(client, path: str, action: str = "save", **fields):
    data = {"csrf_token": token(client, path), "action": action}
    data.update(fields)
    return client.post(path, data=data)


def check_in_count(app, status: str | None = None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(CheckIn)
        if status:
            query = query.where(CheckIn.status == status)
        return db.session.scalar(query)


def test_a_quick_check_in_with_a_skip_a_distress_answer_branching_and_a_change(app):
    client, _ = ready_youth(app)
    intro = start(client)
    assert re.fullmatch(r"/youth/check-ins/[0-9a-f]{32}", intro)
    page = text(client.get(intro))
    assert "Quick check-in" in page
    assert "About 2 minutes." in page
    base = intro

    first = text(client.get(f"{base}/q/1"))
    assert "Question 1 of 6" in first  # the follow-up question is not shown yet
    assert "checked" not in first  # no answer is pre-selected
    assert "<title>Check-in</title>" in first

    assert answer(client, f"{base}/q/1", answer="7").headers["Location"] == f"{base}/q/2"
    assert answer(client, f"{base}/q/2", "skip", answer="9").headers["Location"] == f"{base}/q/3"
    # "I don't feel safe today" is followed by the support screen, then the next question.
    distress = answer(client, f"{base}/q/3", answer="0")
    assert distress.headers["Location"] == f"{base}/q/3/support"
    support = text(client.get(distress.headers["Location"]))
    assert "Staff can't see this answer unless you share it." in support
    assert "If you are in danger right now, call 911." in support
    assert "1-888-373-7888" not in support  # not an answer about being made to do things
    assert re.search(r"Tell .+ now</button>", support)  # one tap shares just this answer
    assert f'href="{base}/q/4"' in support

    answer(client, f"{base}/q/4", answer="prefer_not_to_say")
    answer(client, f"{base}/q/5", answer="2")
    to_follow_up = answer(client, f"{base}/q/6", answer=["food", "other"])
    assert to_follow_up.headers["Location"] == f"{base}/q/7"
    assert "Question 7 of 7" in text(client.get(f"{base}/q/7"))
    assert answer(client, f"{base}/q/7", answer="A bus pass").headers["Location"] == (
        f"{base}/review"
    )

    review = text(client.get(f"{base}/review"))
    assert "7 out of 10" in review
    assert "Skipped" in review  # the skipped calm question
    assert "Prefer not to say" in review
    assert "Food, Something else" in review
    assert "A bus pass" in review

    # Change an answer from the review: back to the review afterwards.
    changed = answer(client, f"{base}/q/2?change=1", answer="4")
    assert changed.headers["Location"] == f"{base}/review"
    assert "4 out of 10" in text(client.get(f"{base}/review"))

    sent = client.post(f"{base}/submit", data={"csrf_token": token(client, f"{base}/review")})
    assert sent.headers["Location"] == f"{base}/thanks"
    thanks = text(client.get(f"{base}/thanks"))
    assert "Your check-in is sent." in thanks
    assert "You decide what to share" in thanks
    assert check_in_count(app, "submitted") == 1


def test_unchecking_the_branch_drops_the_follow_up_answer(app):
    client, _youth_id = ready_youth(app)
    base = start(client)
    answer(client, f"{base}/q/6", answer=["other"])
    answer(client, f"{base}/q/7", answer="Shoes")
    answer(client, f"{base}/q/6?change=1", answer=["food"])
    review = text(client.get(f"{base}/review"))
    assert "Shoes" not in review
    assert "What else do you need?" not in review
    assert client.get(f"{base}/q/7").status_code == 302  # not in the flow any more


def test_a_double_submit_is_harmless(app):
    client, _ = ready_youth(app)
    base = start(client)
    answer(client, f"{base}/q/1", answer="5")
    form = {"csrf_token": token(client, f"{base}/review")}
    first = client.post(f"{base}/submit", data=form)
    second = client.post(f"{base}/submit", data=form)
    assert first.headers["Location"] == second.headers["Location"] == f"{base}/thanks"
    assert check_in_count(app, "submitted") == 1
    with app.app_context():
        sent = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.event_type == "check_in.submitted")
        )
    assert sent == 1


def test_only_the_item_s_own_answers_are_accepted(app):
    client, _youth_id = ready_youth(app)
    base = start(client)
    answer(client, f"{base}/q/3", answer="2")
    for bad in ("7", "dont_know", "<script>", ["1", "2"]):
        refused = answer(client, f"{base}/q/3", answer=bad)
        assert refused.status_code == 400
        page = text(refused)
        assert "There is a problem" in page
        assert "Choose one of the answers shown, or skip this question" in page
        assert "<title>Error: Check-in</title>" in page
    assert "Mostly safe" in text(client.get(f"{base}/review"))  # unchanged


def test_numbers_and_months_are_checked_and_kept_on_error(app):
    client, _ = ready_youth(app)
    base = start(client, "school-and-work")
    refused = answer(client, f"{base}/q/1", answer="9")
    assert refused.status_code == 400
    assert "Enter a whole number from 0 to 7" in text(refused)
    assert 'value="9"' in text(refused)  # what was typed is shown again (WCAG 3.3.7)
    assert "Enter a whole number, like 3" in text(answer(client, f"{base}/q/1", answer="two"))
    both = answer(client, f"{base}/q/2", answer="3", special="dont_know")
    assert both.status_code in (400, 303)
    assert answer(client, f"{base}/q/1", answer="4").status_code == 303


def test_month_and_year(app):
    client, _ = ready_youth(app)
    base = start(client, "staying-safe")
    with app.app_context():
        instrument = app.extensions["youthvoice.instruments"]["staying-safe"]
        items = [i for s in instrument.data["sections"] for i in s["items"]]
        number = next(n for n, i in enumerate(items, 1) if i["type"] == "month_year")
        section = next(
            n
            for n, s in enumerate(instrument.data["sections"], 1)
            if any(i["type"] == "month_year" for i in s["items"])
        )
        shown_by = items[number - 1].get("show_if")
    answer(client, f"{base}/section/{section}", "yes")
    if shown_by:
        gate = next(n for n, i in enumerate(items, 1) if i["id"] == shown_by["item"])
        answer(client, f"{base}/q/{gate}", answer=shown_by["in"][0])
    path = f"{base}/q/{number}"
    assert "Enter the month as a number from 1 to 12" in text(
        answer(client, path, month="13", year="2025")
    )
    future = datetime.now(UTC) + timedelta(days=400)
    assert "Enter a month that has already happened" in text(
        answer(client, path, month=str(future.month), year=str(future.year))
    )
    assert answer(client, path, month="3", year="2025").status_code == 303
    assert "March 2025" in text(client.get(f"{base}/review"))


def test_a_declined_sensitive_section_is_skipped_and_an_accepted_one_checks_out(app):
    client, _ = ready_youth(app)
    base = start(client, "where-im-at")
    intro_next = re.search(r'class="button" href="([^"]+)"', text(client.get(base))).group(1)
    assert intro_next == f"{base}/section/1"
    opt_in = text(client.get(intro_next))
    assert "It's fine to say no." in opt_in
    assert "may have to report it" in opt_in
    assert "Staff can't see your answers unless you share them." in opt_in

    declined = answer(client, f"{base}/section/1", "no")
    assert declined.headers["Location"] == f"{base}/review"  # nothing shows without a change
    assert "You chose to skip these questions" in text(client.get(f"{base}/review"))

    accepted = answer(client, f"{base}/section/1", "yes")
    assert accepted.headers["Location"] == f"{base}/q/1"
    assert answer(client, f"{base}/q/1", answer="school").headers["Location"] == f"{base}/q/2"
    after = answer(client, f"{base}/q/2", "skip")
    assert after.headers["Location"] == f"{base}/section/1/after"
    check_out = text(client.get(after.headers["Location"]))
    assert "How are you feeling after these questions?" in check_out
    assert "Very upset" in check_out
    assert f'href="{base}/q/3"' in check_out  # naming a change brought in where they are
    felt = answer(client, f"{base}/section/1/after", feeling="ok")
    assert felt.headers["Location"] == f"{base}/q/3"


def test_take_a_break_keeps_or_deletes_the_draft(app):
    client, _ = ready_youth(app)
    base = start(client)
    kept = answer(client, f"{base}/q/1", "break", answer="6")
    assert kept.headers["Location"] == f"{base}/break"
    assert "30 days" in text(client.get(kept.headers["Location"]))
    home = client.post(f"{base}/break", data={"csrf_token": token(client, f"{base}/break")})
    page = text(client.get(home.headers["Location"]))
    assert "Your answers are saved." in page
    assert "Finish what you started" in page
    # Starting the same check-in again continues the draft where it stopped.
    assert start(client) == f"{base}/q/2"

    asked = client.post(
        f"{base}/break",
        data={"csrf_token": token(client, f"{base}/break"), "action": "discard"},
    )
    assert "Delete these answers?" in text(asked)  # asked first: nothing deleted yet
    assert check_in_count(app) == 1
    client.post(
        f"{base}/break",
        data={"csrf_token": token(client, f"{base}/break"), "action": "delete"},
    )
    assert check_in_count(app) == 0
    assert client.get(base).status_code == 404


def test_another_youth_s_draft_a_sent_check_in_and_an_instrument_not_offered(app):
    owner, _ = ready_youth(app, "Ana")
    other, _ = ready_youth(app, "Bea")
    base = start(owner)
    answer(owner, f"{base}/q/1", answer="3")
    assert other.get(base).status_code == 404
    assert other.get(f"{base}/review").status_code == 404
    refused = other.post(f"{base}/q/1", data={"csrf_token": token(other), "answer": "9"})
    assert refused.status_code == 404
    assert "3 out of 10" in text(owner.get(f"{base}/review"))

    owner.post(f"{base}/submit", data={"csrf_token": token(owner)})
    late = owner.post(f"{base}/q/1", data={"csrf_token": token(owner), "answer": "8"})
    assert late.status_code == 409
    assert "This check-in was already sent" in text(late)
    not_offered = owner.post(
        "/youth/check-ins", data={"csrf_token": token(owner), "instrument": "no-such"}
    )
    assert not_offered.status_code == 404


def test_an_answer_without_the_page_s_token_is_refused_and_changes_nothing(app):
    client, _ = ready_youth(app)
    base = start(client)
    answer(client, f"{base}/q/1", answer="3")
    for forged in ({}, {"csrf_token": "not-the-token"}):
        refused = client.post(f"{base}/q/1", data={**forged, "answer": "9"})
        assert refused.status_code == 400
        assert "Traceback" not in text(refused)
    assert "3 out of 10" in text(client.get(f"{base}/review"))


def test_an_instrument_the_deployment_does_not_offer_cannot_be_started(settings):
    from dataclasses import replace

    from youthvoice import create_app

    app = create_app(replace(settings, offered_instruments=(QUICK,)))
    client, _ = ready_youth(app)
    home = text(client.get("/youth/"))
    assert "Quick check-in" in home
    assert "Substances" not in home
    refused = client.post(
        "/youth/check-ins", data={"csrf_token": token(client), "instrument": "substances"}
    )
    assert refused.status_code == 404
    assert check_in_count(app) == 0


def test_drafts_are_purged_after_30_days_by_the_command_and_on_access(app, runner):
    client, _youth_id = ready_youth(app)
    old = start(client)
    answer(client, f"{old}/q/1", answer="2")
    with app.app_context():
        record = db.session.get(CheckIn, old.rsplit("/", 1)[1])
        record.updated_at = datetime.now(UTC) - timedelta(days=31)
        db.session.commit()
    assert client.get(old).status_code == 404  # purged when opened
    assert check_in_count(app) == 0

    recent = start(client)
    answer(client, f"{recent}/q/1", answer="2")
    other_client, _ = ready_youth(app, "Cy")
    stale = start(other_client)
    with app.app_context():
        record = db.session.get(CheckIn, stale.rsplit("/", 1)[1])
        record.updated_at = datetime.now(UTC) - timedelta(days=31)
        db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0
    assert "deleted: 1" in result.output
    assert check_in_count(app) == 1  # the recent draft stays


def test_the_database_holds_no_answer_instrument_or_item_id(app):
    client, _youth_id = ready_youth(app)
    base = start(client, "substances")
    with app.app_context():
        instrument = app.extensions["youthvoice.instruments"]["substances"]
        item_ids = [i["id"] for s in instrument.data["sections"] for i in s["items"]]
    answer(client, f"{base}/section/1", "yes")
    quick = start(client)
    answer(client, f"{quick}/q/6", answer=["other"])
    answer(client, f"{quick}/q/7", answer="Zanzibar-marmalade-7731")
    client.post(f"{quick}/submit", data={"csrf_token": token(client)})
    with app.app_context():
        found = found_in_storage(["Zanzibar-marmalade-7731", "substances", QUICK, *item_ids])
    assert found == []


def test_every_check_in_page_is_titled_check_in_and_its_url_names_nothing(app):
    client, _ = ready_youth(app)
    base = start(client, "substances")
    paths = [base, f"{base}/section/1", f"{base}/break", f"{base}/review"]
    for path in paths:
        page = text(client.get(path))
        assert "<title>Check-in</title>" in page, path
        assert "substances" not in path


def test_quick_exit_ends_the_session_and_asks_the_browser_to_forget(app):
    client, _ = ready_youth(app)
    assert client.get("/youth/").status_code == 200
    left = client.get("/exit")
    assert left.status_code == 303
    assert left.headers["Location"] == app.config["YOUTHVOICE_EXIT_URL"]
    assert left.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert client.get("/youth/").headers["Location"] == "/sign-in"


def test_the_quick_exit_is_on_youth_pages_and_not_on_staff_pages(app, visitor):
    from tests.web.pages import STAFF_PAGES, YOUTH_PAGES

    for path in YOUTH_PAGES:
        page = text(visitor.get(path))
        assert page.count('href="/exit"') == 2, path  # the button and the skip link
        assert "Emergency</span> Exit this page" in page
    for path in STAFF_PAGES:
        assert 'href="/exit"' not in text(visitor.get(path)), path


def test_saving_an_answer_is_audited_without_saying_what(app):
    client, youth_id = ready_youth(app)
    base = start(client)
    answer(client, f"{base}/q/1", answer="8")
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.subject_id == youth_id)
        ).all()
        kinds = [event.event_type for event in events]
        assert "check_in.started" in kinds
        assert "check_in.answer_saved" in kinds
        for event in events:
            assert b"quick" not in (event.details or b"")
    assert checkins.DRAFT_DAYS == 30


def test_answers_survive_signing_out_and_the_check_in_resumes_where_it_stopped(app):
    from tests.web.youth_helpers import PIN, youth_sign_in

    client, _ = ready_youth(app, sign_in_name="resume-me")
    base = start(client)
    answer(client, f"{base}/q/1", answer="6")
    answer(client, f"{base}/q/2", "skip")
    client.post("/sign-out", data={"csrf_token": token(client)})
    assert client.get(base).headers["Location"] == "/sign-in"
    youth_sign_in(client, "resume-me", PIN)
    assert "Finish what you started" in text(client.get("/youth/"))
    assert start(client) == f"{base}/q/3"
    assert "6 out of 10" in text(client.get(f"{base}/review"))


def test_a_change_that_brings_up_a_follow_up_asks_it_before_the_review(app):
    client, _ = ready_youth(app)
    base = start(client)
    answer(client, f"{base}/q/6", answer=["food"])
    changed = answer(client, f"{base}/q/6?change=1", answer=["food", "other"])
    assert changed.headers["Location"] == f"{base}/q/7?change=1"
    assert answer(client, f"{base}/q/7?change=1", answer="Socks").headers["Location"] == (
        f"{base}/review"
    )


def test_telling_now_about_a_sent_check_in_is_refused_like_changing_its_answer(app):
    client, youth_id = ready_youth(app)
    with app.app_context():
        advocate_id = db.session.scalar(
            select(CareTeamMember.staff_id).where(CareTeamMember.youth_id == youth_id)
        )
    base = start(client)
    answer(client, f"{base}/q/3", answer="0")
    client.post(f"{base}/submit", data={"csrf_token": token(client)})
    changed = answer(client, f"{base}/q/3", answer="1")
    told = client.post(f"{base}/q/3/tell", data={"csrf_token": token(client), "to": advocate_id})
    assert changed.status_code == told.status_code == 409
    assert "This check-in was already sent" in text(told)
    with app.app_context():
        assert sharing.grants_of(youth_id) == []


EXPIRED_DRAFT_PAGES = [
    ("GET", ""),
    ("GET", "/q/1"),
    ("POST", "/q/1"),
    ("GET", "/q/1/support"),
    ("POST", "/q/1/tell"),
    ("GET", "/section/1"),
    ("GET", "/section/1/after"),
    ("GET", "/break"),
    ("POST", "/break"),
    ("GET", "/review"),
    ("POST", "/submit"),
    ("GET", "/thanks"),
    ("GET", "/answers"),
    ("GET", "/share"),
    ("GET", "/share/1"),
    ("GET", "/resolved/1"),
    ("POST", "/delete"),
]


def test_a_draft_too_old_is_deleted_whichever_of_its_pages_opens_it(app):
    client, youth_id = ready_youth(app)
    with app.app_context():
        advocate_id = db.session.scalar(
            select(CareTeamMember.staff_id).where(CareTeamMember.youth_id == youth_id)
        )
    for method, page in EXPIRED_DRAFT_PAGES:
        base = start(client)
        answer(client, f"{base}/q/1", answer="2")
        with app.app_context():
            record = db.session.get(CheckIn, base.rsplit("/", 1)[1])
            record.updated_at = datetime.now(UTC) - timedelta(days=31)
            db.session.commit()
        # The token from a page that does not look for old drafts (the home page would).
        data = {"csrf_token": token(client, "/youth/settings"), "answer": "3", "to": advocate_id}
        opened = client.open(f"{base}{page}", method=method, data=data)
        assert opened.status_code == 404, (method, page)
        assert check_in_count(app) == 0, (method, page)  # purged for good, not rolled back
    with app.app_context():
        purged = select(func.count()).where(AuditEvent.event_type == "check_in.draft_purged")
        assert db.session.scalar(purged) == len(EXPIRED_DRAFT_PAGES)
