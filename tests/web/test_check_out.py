"""The check-out after a sensitive section: how the young person feels, one tap, kept as
their own private answer; "very upset" leads to support; never after questions about who
they are (gender, pronouns, race)."""

from __future__ import annotations

import pytest

from tests.support.raw_storage import found_in_storage
from tests.web.staff_helpers import sign_in
from tests.web.test_checkins import answer, start, text
from tests.web.test_sharing import make_staff_on_team, sent_ids, token
from tests.web.youth_helpers import ready_youth

FEELING = "How are you feeling after these questions?"


def through_substances(client) -> str:
    """Said yes to the questions about alcohol and drugs, answered one, at the check-out."""
    base = start(client, "substances")
    answer(client, f"{base}/section/1", "yes")
    answer(client, f"{base}/q/1", answer="0")
    for number in (3, 5, 7):
        answer(client, f"{base}/q/{number}", "skip")
    return base


def test_very_upset_leads_to_support_for_feeling_low_then_on(app):
    client, _ = ready_youth(app)
    base = through_substances(client)
    upset = answer(client, f"{base}/section/1/after", feeling="very_upset")
    assert upset.headers["Location"] == f"{base}/section/1/after/support"
    page = text(client.get(upset.headers["Location"]))
    assert "988 Suicide & Crisis Lifeline" in page
    assert "1-866-488-7386" in page  # the Trevor Project
    assert "1-888-373-7888" not in page
    assert "call 911" not in page
    assert f'href="{base}/review"' in page


@pytest.mark.parametrize("feeling", ["ok", "a_bit_upset", "prefer_not_to_say"])
def test_other_feelings_go_straight_on(app, feeling):
    client, _ = ready_youth(app)
    base = through_substances(client)
    felt = answer(client, f"{base}/section/1/after", feeling=feeling)
    assert felt.headers["Location"] == f"{base}/review"


def test_a_feeling_not_offered_is_refused(app):
    client, _ = ready_youth(app)
    base = through_substances(client)
    assert answer(client, f"{base}/section/1/after", feeling="furious").status_code == 400


def test_the_feeling_is_the_young_person_s_own_private_answer(app):
    youth, youth_id = ready_youth(app)
    staff = make_staff_on_team(app, youth_id)
    base = through_substances(youth)
    answer(youth, f"{base}/section/1/after", feeling="a_bit_upset")
    review = text(youth.get(f"{base}/review"))
    assert FEELING in review
    assert "A bit upset" in review
    assert f'href="{base}/section/1/after?change=1"' in review
    youth.post(f"{base}/submit", data={"csrf_token": token(youth)})
    (check_in_id,) = sent_ids(app, youth_id)
    sent = text(youth.get(f"/youth/check-ins/{check_in_id}/answers"))
    assert "How you felt after the private questions" in sent
    assert "A bit upset" in sent
    with app.app_context():
        assert found_in_storage(["a_bit_upset"]) == []

    # Shared as a whole and the one private answer on its own: the feeling stays theirs.
    youth.post(
        f"/youth/check-ins/{check_in_id}/share",
        data={"csrf_token": token(youth), "detail": "answers", "to": staff.id, "ends": "never"},
    )
    youth.post(
        f"/youth/check-ins/{check_in_id}/share/1",
        data={"csrf_token": token(youth), "to": staff.id, "ends": "never"},
    )
    advocate = app.test_client()
    sign_in(advocate, staff)
    staff_page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    assert "Alcohol and drugs" in staff_page  # the shared answer is there
    assert "A bit upset" not in staff_page
    assert FEELING not in staff_page


def test_saying_no_to_the_section_forgets_the_feeling(app):
    client, _ = ready_youth(app)
    base = through_substances(client)
    answer(client, f"{base}/section/1/after", feeling="very_upset")
    answer(client, f"{base}/section/1", "no")
    assert "Very upset" not in text(client.get(f"{base}/review"))


def test_the_gender_and_pronoun_questions_end_without_a_check_out(app):
    client, _ = ready_youth(app)
    base = start(client, "about-me-identity")
    answer(client, f"{base}/section/2", "yes")
    answer(client, f"{base}/q/17", "skip")  # gender
    after = answer(client, f"{base}/q/19", "skip")  # pronouns: the section's last question
    assert after.headers["Location"] == f"{base}/q/21"
    assert client.get(f"{base}/section/2/after").status_code == 302
