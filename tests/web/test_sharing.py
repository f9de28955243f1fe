"""Youth-controlled sharing: what staff see for shared, unshared, expired, revoked and
"decide later", and "tell my advocate now"."""

from __future__ import annotations

import html
import re
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.support.raw_storage import found_in_storage
from tests.web.matrix_helpers import clock_free
from tests.web.staff_helpers import make_staff, sign_in
from tests.web.youth_helpers import enrol_youth, ready_youth
from youthvoice.extensions import db
from youthvoice.models import AuditEvent, CareTeamMember, Youth
from youthvoice.services import sharing
from youthvoice.surveys.domains import ALL_DOMAINS, YOUTH_NAMES


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def token(client, path: str = "/youth/settings") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def send_check_in(client, instrument: str, answers: dict[int, object]) -> str:
    started = client.post(
        "/youth/check-ins", data={"csrf_token": token(client), "instrument": instrument}
    )
    base = started.headers["Location"]
    for number, value in answers.items():
        client.post(
            f"{base}/q/{number}",
            data={"csrf_token": token(client), "action": "save", "answer": value},
        )
    client.post(f"{base}/submit", data={"csrf_token": token(client)})
    return base


def share(client, kind: str, **fields):
    data = {"csrf_token": token(client), "ends": "never", "when": "both", **fields}
    return client.post(f"/youth/sharing/new/{kind}", data=data)


def setting_up(app):
    """A youth with a sent quick check-in, and their advocate signed in."""
    youth, youth_id = ready_youth(app, "Luz")
    with app.app_context():
        advocate_id = db.session.scalar(
            select(CareTeamMember.staff_id).where(CareTeamMember.youth_id == youth_id)
        )
    send_check_in(youth, "quick-check-in", {1: "7", 2: "3", 3: "2", 4: "1", 5: "2"})
    return youth, youth_id, advocate_id


def test_nothing_is_shown_until_the_youth_shares(app):
    _youth, youth_id, _ = setting_up(app)
    advocate = app.test_client()
    sign_in(advocate, make_staff_on_team(app, youth_id))
    page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "Nothing is shared with you." in page
    assert "Quick check-in" not in page  # not even that a check-in exists
    assert "7 out of 10" not in page


def new_staff(app, role="advocate"):
    return make_staff(app, role, f"staff-{secrets.token_hex(4)}@example.org")


def make_staff_on_team(app, youth_id, role="advocate"):
    staff = new_staff(app, role)
    with app.app_context():
        db.session.add(CareTeamMember(youth_id=youth_id, staff_id=staff.id))
        db.session.commit()
    return staff


def test_shared_scores_show_and_answers_stay_not_shared_until_revoked(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    shared = share(youth, "instrument", what="quick-check-in", detail="scores", to=staff.id)
    assert shared.headers["Location"] == "/youth/sharing?note=shared"
    summary = text(youth.get("/youth/sharing"))
    assert "can see your “Quick check-in” scores, from all your check-ins" in summary

    page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "Quick check-in" in page
    assert "Hopefulness about the future" in page  # the hope score's domain
    assert "Not shared" in page
    assert "7 out of 10" not in page  # answers were not shared
    with app.app_context():
        reads = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.subject_id == youth_id, AuditEvent.event_type == "youth_data.read"
            )
        ).all()
        assert any(event.actor_id == staff.id for event in reads)

    grant_id = re.search(r"/youth/sharing/([0-9a-f]{32})/stop", summary).group(1)
    youth.post(f"/youth/sharing/{grant_id}/stop", data={"csrf_token": token(youth)})
    after = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "Nothing is shared with you." in after
    assert "Quick check-in" not in after


def test_answers_when_shared_and_never_the_sensitive_ones(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    share(youth, "instrument", what="quick-check-in", detail="answers", to=staff.id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "7 out of 10" in page
    assert "Not asked" in page  # shared, and never reached: what do you need


def test_a_topic_share_shows_only_that_topic(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    share(youth, "domain", what="hope", to=staff.id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    rows = re.findall(r'summary__key">([^<]+)</dt><dd class="summary__value">(.*?)</dd>', page)
    shown = {key: value for key, value in rows if "Not shared" not in value}
    assert list(shown) == ["Hopefulness about the future"]


def test_past_and_future_shares_and_someone_added_to_the_team_later(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    share(youth, "instrument", what="quick-check-in", detail="scores", to=staff.id, when="future")
    advocate = app.test_client()
    sign_in(advocate, staff)
    assert "Nothing is shared with you." in text(advocate.get(f"/advocate/youth/{youth_id}"))
    send_check_in(youth, "quick-check-in", {1: "9"})
    assert text(advocate.get(f"/advocate/youth/{youth_id}")).count("<h3>") == 1

    later = make_staff_on_team(app, youth_id)  # joins after the share was made
    newcomer = app.test_client()
    sign_in(newcomer, later)
    assert "Nothing is shared with you." in text(newcomer.get(f"/advocate/youth/{youth_id}"))


def test_an_expired_share_shows_nothing_with_no_job_running(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    with app.app_context():
        sharing.create(
            youth_id,
            [staff.id],
            sharing.INSTRUMENT,
            "quick-check-in",
            until=datetime.now(UTC) - timedelta(seconds=1),
        )
        db.session.commit()
    advocate = app.test_client()
    sign_in(advocate, staff)
    assert "Nothing is shared with you." in text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "You are not sharing anything right now." in text(youth.get("/youth/sharing"))


def test_decide_later_and_no_look_the_same_to_staff(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    before = clock_free(advocate.get(f"/advocate/youth/{youth_id}").get_data())
    youth.get("/youth/sharing/new")  # looked, then chose "Decide later"
    youth.get("/youth/")
    after = clock_free(advocate.get(f"/advocate/youth/{youth_id}").get_data())
    assert after == before  # byte for byte, but for the clock in the CSRF token and time-out


def test_staff_off_the_care_team_and_program_staff_are_refused(app):
    _youth, youth_id, _ = setting_up(app)
    outsider = app.test_client()
    sign_in(outsider, new_staff(app))
    assert outsider.get(f"/advocate/youth/{youth_id}").status_code == 403
    program = app.test_client()
    sign_in(program, make_staff_on_team(app, youth_id, role="program_staff"))
    assert program.get(f"/advocate/youth/{youth_id}").status_code == 403
    with app.app_context():
        denied = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event_type == "youth_data.denied")
        ).all()
    assert len(denied) == 1  # the advocate's refusal is on record


def test_a_share_form_with_problems_saves_nothing(app):
    youth, youth_id, _ = setting_up(app)
    refused = share(youth, "instrument", what="no-such", ends="on_date", day="40")
    assert refused.status_code == 400
    page = text(refused)
    assert "Choose what to share" in page
    assert "Choose at least one person on your team" in page
    assert "Enter a real date from today" in page
    outsider = new_staff(app)
    assert share(youth, "domain", what="hope", to=outsider.id).status_code == 400
    with app.app_context():
        assert sharing.grants_of(youth_id) == []


def test_tell_my_advocate_now_shares_just_that_answer(app):
    youth, youth_id = ready_youth(app, "Ana")
    staff = make_staff_on_team(app, youth_id)
    started = youth.post(
        "/youth/check-ins", data={"csrf_token": token(youth), "instrument": "quick-check-in"}
    )
    base = started.headers["Location"]
    youth.post(f"{base}/q/1", data={"csrf_token": token(youth), "answer": "8"})
    support = youth.post(f"{base}/q/3", data={"csrf_token": token(youth), "answer": "0"})
    told = youth.post(
        f"{support.headers['Location'].rsplit('/', 1)[0]}/tell",
        data={"csrf_token": token(youth), "to": staff.id},
    )
    assert "Sent. They can see this answer now" in text(youth.get(told.headers["Location"]))

    advocate = app.test_client()
    sign_in(advocate, staff)
    page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "How safe do you feel today?" in page
    assert "I don't feel safe today" in page
    assert "8 out of 10" not in page  # nothing else of the draft
    assert "Nothing is shared with you." in page  # no check-in was shared


def test_the_database_holds_no_grant_contents(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    share(youth, "instrument", what="quick-check-in", detail="answers", to=staff.id)
    with app.app_context():
        assert db.session.get(Youth, youth_id) is not None
        assert found_in_storage(["quick-check-in", staff.id + '"']) == []


def sent_ids(app, youth_id):
    from youthvoice.models import CheckIn

    with app.app_context():
        return list(
            db.session.scalars(
                select(CheckIn.id).where(
                    CheckIn.youth_id == youth_id, CheckIn.status == "submitted"
                )
            )
        )


def test_one_check_in_shared_with_answers_and_its_preview_matches(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    (check_in_id,) = sent_ids(app, youth_id)
    listing = text(youth.get("/youth/check-ins"))
    assert f"/youth/check-ins/{check_in_id}/answers" in listing
    view = text(youth.get(f"/youth/check-ins/{check_in_id}/answers"))
    assert "7 out of 10" in view
    shared = youth.post(
        f"/youth/check-ins/{check_in_id}/share",
        data={"csrf_token": token(youth), "detail": "answers", "to": staff.id, "ends": "never"},
    )
    assert shared.status_code == 303
    advocate = app.test_client()
    sign_in(advocate, staff)
    staff_page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "7 out of 10" in staff_page

    with app.app_context():
        reads_before = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.actor_id == staff.id)
        )
    preview = text(youth.get(f"/youth/sharing/preview/{staff.id}"))
    shared_part = staff_page[staff_page.index("<h2>Check-ins shared") : staff_page.index("</main>")]

    def squeeze(page: str) -> str:
        return re.sub(r"\s+", " ", page).strip()

    assert "Mental health" in shared_part
    assert "Mental health" not in preview  # the preview names topics in the youth's words
    for domain, youth_name in YOUTH_NAMES.items():
        preview = preview.replace(f">{youth_name}<", f">{ALL_DOMAINS[domain]}<")
    assert squeeze(shared_part) in squeeze(preview)  # exactly what they see
    with app.app_context():
        reads_after = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.actor_id == staff.id)
        )
    assert reads_after == reads_before  # the youth looking is not a staff read


def test_a_private_answer_is_shared_only_on_its_own_and_ends_in_90_days(app):
    youth, youth_id = ready_youth(app, "Kim")
    staff = make_staff_on_team(app, youth_id)
    started = youth.post(
        "/youth/check-ins", data={"csrf_token": token(youth), "instrument": "where-im-at"}
    )
    base = started.headers["Location"]
    youth.post(f"{base}/section/1", data={"csrf_token": token(youth), "action": "yes"})
    youth.post(f"{base}/q/1", data={"csrf_token": token(youth), "answer": "safety"})
    youth.post(f"{base}/submit", data={"csrf_token": token(youth)})
    (check_in_id,) = sent_ids(app, youth_id)

    share(youth, "instrument", what="where-im-at", detail="answers", to=staff.id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    assert "Staying safe" not in text(advocate.get(f"/advocate/youth/{youth_id}"))

    form = text(youth.get(f"/youth/check-ins/{check_in_id}/share/1"))
    assert "This is a private answer." in form
    assert "may have to report it" in form
    assert 'value="in_90_days" id="ends-90" checked' in form
    youth.post(
        f"/youth/check-ins/{check_in_id}/share/1",
        data={"csrf_token": token(youth), "to": staff.id, "ends": "in_90_days"},
    )
    assert "Staying safe" in text(advocate.get(f"/advocate/youth/{youth_id}"))
    with app.app_context():
        (grant,) = [g for g in sharing.grants_of(youth_id) if g.scope == sharing.ANSWER]
        assert 89 <= (grant.until - datetime.now(UTC)).days <= 90


def test_a_deleted_check_in_is_gone_for_everyone(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    (check_in_id,) = sent_ids(app, youth_id)
    share(youth, "instrument", what="quick-check-in", detail="answers", to=staff.id)
    confirm = text(youth.get(f"/youth/check-ins/{check_in_id}/delete"))
    assert "This can't be undone." in confirm
    youth.post(f"/youth/check-ins/{check_in_id}/delete", data={"csrf_token": token(youth)})
    assert youth.get(f"/youth/check-ins/{check_in_id}/answers").status_code == 404
    advocate = app.test_client()
    sign_in(advocate, staff)
    assert "Nothing is shared with you." in text(advocate.get(f"/advocate/youth/{youth_id}"))
    other, _ = ready_youth(app, "Zed")
    assert other.get(f"/youth/check-ins/{check_in_id}/answers").status_code == 404


def test_staff_see_a_notice_of_new_shares_and_tell_now_comes_first(app):
    youth, youth_id, _ = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    assert "New shares" not in text(advocate.get("/advocate/"))
    share(youth, "domain", what="hope", to=staff.id)
    home = text(advocate.get("/advocate/"))
    assert "New shares" in home
    assert "shared something with you on" in home
    assert "Hopefulness" not in home  # the notice says that, not what


def test_a_share_can_be_changed_to_end_on_a_date_and_to_include_someone_else(app):
    youth, youth_id, _ = setting_up(app)
    first = make_staff_on_team(app, youth_id)
    second = make_staff_on_team(app, youth_id)
    share(youth, "domain", what="hope", to=first.id)
    with app.app_context():
        (grant,) = sharing.grants_of(youth_id)
    form = text(youth.get(f"/youth/sharing/{grant.id}/change"))
    assert re.search(rf'value="{first.id}" id="to-[\w-]+" checked', form)  # as it is now
    assert not re.search(rf'value="{second.id}" id="to-[\w-]+" checked', form)
    changed = youth.post(
        f"/youth/sharing/{grant.id}/change",
        data={
            "csrf_token": token(youth),
            "to": [first.id, second.id],
            "ends": "on_date",
            "day": "5",
            "month": "3",
            "year": str(datetime.now(UTC).year + 1),
        },
    )
    assert changed.headers["Location"] == "/youth/sharing?note=changed"
    summary = text(youth.get("/youth/sharing"))
    assert "until March 5" in summary or "until 5 March" in summary
    advocate = app.test_client()
    sign_in(advocate, second)
    assert "Hopefulness about the future" in text(advocate.get(f"/advocate/youth/{youth_id}"))
    refused = youth.post(
        f"/youth/sharing/{grant.id}/change",
        data={"csrf_token": token(youth), "ends": "never"},
    )
    assert refused.status_code == 400  # no one chosen: nothing changes
    with app.app_context():
        assert sharing.grant_of(youth_id, grant.id).to == sorted([first.id, second.id])


def test_a_shared_free_text_answer_reaches_staff_without_direction_overrides(app):
    youth, youth_id = ready_youth(app, "Luz")
    staff = make_staff_on_team(app, youth_id)
    # U+202E draws what follows right to left: "abc" + "evil" would show as "abclive".
    send_check_in(youth, "quick-check-in", {1: "7", 6: "other", 7: "abc\u202eevil"})
    share(youth, "instrument", what="quick-check-in", detail="answers", to=staff.id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "abcevil" in page
    assert "\u202e" not in page


def test_a_preferred_name_reaches_staff_without_direction_overrides(app):
    enrolled = enrol_youth(app, "Luz\u202eevil")
    advocate = app.test_client()
    sign_in(advocate, enrolled.advocate)
    for page in (
        text(advocate.get("/advocate/")),
        text(advocate.get(f"/advocate/youth/{enrolled.youth_id}")),
    ):
        assert "Luzevil" in page
        assert "\u202e" not in page
