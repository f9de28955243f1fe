"""Recommendation 4.3, "this is over now": offered only on an answer about something that
happens (harm, pressure, being away, drinking…), never on who someone is or a change they
chose; staff see it only with the shared answer."""

from __future__ import annotations

from tests.web.staff_helpers import sign_in
from tests.web.test_sharing import make_staff_on_team, sent_ids, text, token
from tests.web.youth_helpers import ready_youth, save, start_check_in

OVER_NOW = "This is over now"


def send(client, instrument: str, answers: dict[int, str]) -> str:
    """A sent check-in with its (private) first section opened; returns its path."""
    base = start_check_in(client, instrument)
    save(client, f"{base}/section/1", action="yes")
    for number, answer in answers.items():
        save(client, f"{base}/q/{number}", answer=answer)
    client.post(f"{base}/submit", data={"csrf_token": token(client)})
    return base


def test_over_now_is_offered_on_each_answer_about_something_that_happens(app):
    youth, _youth_id = ready_youth(app)
    drinking = send(youth, "substances", {1: "1", 3: "0", 7: "no"})  # alcohol, weed, help?
    page = text(youth.get(f"{drinking}/answers"))
    assert page.count(OVER_NOW) == 2  # how often they drank, and used weed
    assert f"{drinking}/resolved/1" in page
    assert f"{drinking}/resolved/3" in page
    assert f"{drinking}/resolved/7" not in page  # wanting help is not something that happens
    assert youth.get(f"{drinking}/resolved/7").status_code == 404


def test_a_change_they_chose_is_never_over(app):
    youth, _youth_id = ready_youth(app)
    change = send(youth, "where-im-at", {1: "creative"})
    assert OVER_NOW not in text(youth.get(f"{change}/answers"))
    assert youth.get(f"{change}/resolved/1").status_code == 404
    refused = youth.post(
        f"{change}/resolved/1", data={"csrf_token": token(youth), "month": "3", "year": "2025"}
    )
    assert refused.status_code == 404


def test_staff_see_over_now_only_with_the_shared_answer(app):
    youth, youth_id = ready_youth(app, "Kim")
    staff = make_staff_on_team(app, youth_id)
    send(youth, "substances", {1: "2"})
    (check_in_id,) = sent_ids(app, youth_id)
    youth.post(
        f"/youth/check-ins/{check_in_id}/resolved/1",
        data={"csrf_token": token(youth), "month": "3", "year": "2025"},
    )
    assert "Over now. Last happened March 2025" in text(
        youth.get(f"/youth/check-ins/{check_in_id}/answers")
    )
    advocate = app.test_client()
    sign_in(advocate, staff)
    assert "Last happened" not in text(advocate.get(f"/advocate/youth/{youth_id}"))
    youth.post(
        f"/youth/check-ins/{check_in_id}/share/1",
        data={"csrf_token": token(youth), "to": staff.id, "ends": "in_90_days"},
    )
    assert "Last happened March 2025" in text(advocate.get(f"/advocate/youth/{youth_id}"))
