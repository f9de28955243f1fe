"""Who has seen my answers: each read by staff, refused attempts, PIN resets and wrong PINs,
in plain words on the youth's own page; never another youth's, never the youth's own."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta

from tests.conftest import csrf_token_from
from tests.web.staff_helpers import PASSWORD, StaffLogin, sign_in
from tests.web.test_sharing import send_check_in, share, text
from tests.web.youth_helpers import ready_youth, youth_sign_in
from youthvoice.extensions import db
from youthvoice.models import CareTeamMember, Organisation
from youthvoice.services import access_log, staff_accounts

PAGE = "/youth/who-has-seen"


def staff_named(app, name: str, youth_id: str | None = None, role: str = "advocate"):
    """A staff member with a name of their own, on the youth's care team if one is given."""
    email = f"staff-{secrets.token_hex(4)}@example.org"
    with app.app_context():
        organisation = db.session.query(Organisation).first() or Organisation(name="Test org")
        staff, secret = staff_accounts.create_staff(organisation, role, email, name, PASSWORD)
        if youth_id:
            db.session.add(CareTeamMember(youth_id=youth_id, staff_id=staff.id))
        db.session.commit()
        return StaffLogin(staff.id, email, PASSWORD, secret)


def signed_in(app, login: StaffLogin):
    client = app.test_client()
    sign_in(client, login)
    return client


def rows(page: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", row)).strip()
        for row in re.findall(r'<li class="person">(.*?)</li>', page, re.DOTALL)
    ]


def test_a_shared_check_in_the_advocate_opened_shows_who_and_which_check_in(app):
    youth, youth_id = ready_youth(app, "Luz")
    send_check_in(youth, "quick-check-in", {1: "7", 2: "3", 3: "2", 4: "1", 5: "2"})
    paloma = staff_named(app, "Paloma", youth_id)
    share(youth, "instrument", what="quick-check-in", detail="scores", to=paloma.id)
    assert signed_in(app, paloma).get(f"/advocate/youth/{youth_id}").status_code == 200

    page = text(youth.get(PAGE))
    assert "<h1>Who has seen your answers</h1>" in page
    lines = rows(page)
    assert any(
        line.startswith("Paloma (advocate) saw your “Quick check-in” scores")
        and "on screen" in line
        for line in lines
    ), lines
    assert any(line.startswith("Paloma (advocate) opened your page") for line in lines), lines
    assert "No one has looked at anything of yours yet." not in page
    assert "7 out of 10" not in page  # the log names what was seen, never the answers


def test_before_any_share_the_advocate_list_shows_only_my_name_was_seen(app):
    youth, youth_id = ready_youth(app, "Luz")
    send_check_in(youth, "quick-check-in", {1: "7", 2: "3", 3: "2", 4: "1", 5: "2"})
    teo = staff_named(app, "Teo", youth_id)
    assert signed_in(app, teo).get("/advocate/").status_code == 200

    lines = rows(text(youth.get(PAGE)))
    assert len(lines) == 1, lines
    assert lines[0].startswith("Teo (advocate) saw your name on their list")
    assert "Quick check-in" not in lines[0]


def test_another_youths_log_never_shows_here(app):
    youth, youth_id = ready_youth(app, "Luz")
    send_check_in(youth, "quick-check-in", {1: "7", 2: "3", 3: "2", 4: "1", 5: "2"})
    bruno = staff_named(app, "Bruno", youth_id)
    share(youth, "instrument", what="quick-check-in", detail="answers", to=bruno.id)
    assert signed_in(app, bruno).get(f"/advocate/youth/{youth_id}").status_code == 200
    assert "Bruno (advocate)" in text(youth.get(PAGE))

    other, _other_id = ready_youth(app, "Sol")  # signed up, agreed: their own actions only
    page = text(other.get(PAGE))
    assert "Bruno" not in page
    assert rows(page) == []
    assert "No one has looked at anything of yours yet." in page


def test_someone_not_on_my_team_trying_to_look_shows_as_stopped(app):
    youth, youth_id = ready_youth(app, "Luz")
    outsider = staff_named(app, "Iker")  # not on the care team
    assert signed_in(app, outsider).get(f"/advocate/youth/{youth_id}").status_code == 403

    lines = rows(text(youth.get(PAGE)))
    assert any(
        line.startswith("Iker (advocate) tried to see your name and was stopped") for line in lines
    )


def test_a_pin_reset_request_and_wrong_pins_show(app):
    sign_in_name = f"y{secrets.token_hex(4)}"
    youth, youth_id = ready_youth(app, "Luz", sign_in_name)
    nora = staff_named(app, "Nora", youth_id)
    advocate = signed_in(app, nora)
    asked = advocate.post(
        f"/advocate/youth/{youth_id}/recovery",
        data={"csrf_token": csrf_token_from(advocate, "/advocate/")},
    )
    assert asked.status_code == 303
    stranger = app.test_client()
    for _try in range(2):
        youth_sign_in(stranger, sign_in_name, "000000")

    lines = rows(text(youth.get(PAGE)))
    assert any(line.startswith("Nora (advocate) asked to reset your PIN") for line in lines)
    assert any(
        line.startswith("Someone (maybe you) typed a wrong PIN for your sign-in name")
        and line.endswith("· 2 times")
        for line in lines
    ), lines


def test_the_page_keeps_the_discreet_title_and_works_in_spanish(app):
    youth, _youth_id = ready_youth(app, "Luz")
    page = youth.get(PAGE).get_data(as_text=True)
    assert "<title>Check-in</title>" in page
    assert "Luz" not in page.split("<main", 1)[0]  # nothing personal before the content

    spanish = youth.get(PAGE, headers={"Accept-Language": "es"})
    assert spanish.status_code == 200
    assert '<html lang="es"' in spanish.get_data(as_text=True)


def test_staff_cannot_open_the_youth_page(app):
    staff = signed_in(app, staff_named(app, "Ana"))
    assert staff.get(PAGE).status_code == 403


def test_the_same_look_within_a_minute_is_shown_once_with_a_count():
    now = datetime(2026, 11, 26, 14, 2, 30, tzinfo=UTC)
    look = access_log.Entry(now, "enrolment", "staff", "s1", "Maria", "advocate", "list")
    entries = [
        look,
        access_log.Entry(
            now - timedelta(seconds=20), "enrolment", "staff", "s1", "Maria", "advocate", "list"
        ),
        access_log.Entry(
            now - timedelta(seconds=25), "enrolment", "staff", "s2", "Maria", "advocate", "list"
        ),
        access_log.Entry(
            now - timedelta(minutes=5), "enrolment", "staff", "s1", "Maria", "advocate", "list"
        ),
    ]
    shown = access_log.collapse(entries)
    assert [entry.count for entry in shown] == [2, 1, 1]
    assert [entry.actor_id for entry in shown] == ["s1", "s2", "s1"]
