"""Youth pages name topics in a young person's words, never the frameworks' names; a score
shown to anyone says what it is out of."""

from __future__ import annotations

from tests.web.staff_helpers import sign_in
from tests.web.test_sharing import make_staff_on_team, setting_up, share, text
from youthvoice.surveys.domains import ALL_DOMAINS, YOUTH_NAMES


def test_the_sharing_topics_are_in_a_young_persons_words(app):
    youth, _youth_id, _advocate = setting_up(app)
    topics = text(youth.get("/youth/sharing/new/domain"))
    assert "Hope for what is next" in topics
    assert "Where I live" in topics
    assert [str(name) for name in ALL_DOMAINS.values() if str(name) in topics] == []


def test_a_shared_topic_is_summed_up_in_the_youths_words(app):
    youth, youth_id, _advocate = setting_up(app)
    staff = make_staff_on_team(app, youth_id)
    share(youth, "domain", what="placement_stability", to=staff.id)
    assert "can see your Where I live scores" in text(youth.get("/youth/sharing"))


def test_scores_say_what_they_are_out_of_for_staff_and_in_the_youths_preview(app):
    youth, youth_id, _advocate = setting_up(app)  # doing 7 and calm 3, safe 2, hope 1, talk 2
    staff = make_staff_on_team(app, youth_id)
    share(youth, "instrument", what="quick-check-in", detail="scores", to=staff.id)
    advocate = app.test_client()
    sign_in(advocate, staff)
    staff_page = text(advocate.get(f"/advocate/youth/{youth_id}"))
    preview = text(youth.get(f"/youth/sharing/preview/{staff.id}"))
    for page in (staff_page, preview):
        for score in ("5 out of 10", "2 out of 3", "1 out of 3", "2 out of 2"):
            assert score in page
    assert "Mental health" in staff_page
    assert str(YOUTH_NAMES["mental_health"]) in preview
    assert "Mental health" not in preview
