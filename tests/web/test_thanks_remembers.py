"""The thanks page gives back the one thing the young person wrote to keep (their goal, the
change they named): escaped, on their own page only, never in the title or the address."""

from __future__ import annotations

import html
import re

from tests.conftest import csrf_token_from
from tests.web.youth_helpers import ready_youth, save, start_check_in

GOAL = "Get my <b>GED</b> & a job"
GOAL_QUESTION = 9  # hope-and-goals: eight statements, then the goal


def send(client, check_in: str):
    token = csrf_token_from(client, "/youth/settings")
    sent = client.post(f"{check_in}/submit", data={"csrf_token": token})
    assert sent.status_code == 303
    return sent.headers["Location"]


def test_the_goal_written_is_given_back_on_the_thanks_page(app):
    client, _ = ready_youth(app)
    check_in = start_check_in(client, "hope-and-goals")
    save(client, f"{check_in}/q/{GOAL_QUESTION}", answer=f"  {GOAL}\n")
    thanks = send(client, check_in)
    page = client.get(thanks).get_data(as_text=True)
    assert "Something to remember" in page
    assert "Get my &lt;b&gt;GED&lt;/b&gt; &amp; a job" in page  # escaped, never markup
    assert "<b>GED</b>" not in page
    assert "GED" not in re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
    assert "GED" not in thanks


def test_nothing_is_given_back_when_nothing_was_written(app):
    client, _ = ready_youth(app)
    check_in = start_check_in(client, "hope-and-goals")
    save(client, f"{check_in}/q/1", answer="2")
    save(client, f"{check_in}/q/{GOAL_QUESTION}", action="skip")
    page = html.unescape(client.get(send(client, check_in)).get_data(as_text=True))
    assert "Something to remember" not in page
    assert "Thank you. Your check-in is sent." in page


def test_the_named_change_is_given_back_and_only_to_its_young_person(app):
    client, _ = ready_youth(app)
    check_in = start_check_in(client, "where-im-at")
    save(client, f"{check_in}/section/1", action="yes")
    save(client, f"{check_in}/q/1", answer="school")
    save(client, f"{check_in}/q/2", answer="Go to school 3 days a week")
    thanks = send(client, check_in)
    assert "Go to school 3 days a week" in client.get(thanks).get_data(as_text=True)
    someone_else, _ = ready_youth(app)
    assert someone_else.get(thanks).status_code == 404
