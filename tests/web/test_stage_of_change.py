"""A change the young person names, over two where-I'm-at check-ins: the stage question
names it, says what they said last time, and the move is read back in their view of the
check-in and in their download."""

from __future__ import annotations

import html
import json
import re

from tests.conftest import csrf_token_from
from tests.support.raw_storage import found_in_storage
from tests.web.youth_helpers import ready_youth, save, start_check_in

WORDS = "go to school <b>3</b> days a week"  # typed by the young person: shown as text


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def stage_page(client, area: str = "school", words: str | None = WORDS) -> tuple[str, str]:
    """A where-I'm-at check-in up to its stage question: its path and the question's page."""
    base = start_check_in(client, "where-im-at")
    save(client, f"{base}/section/1", action="yes")
    save(client, f"{base}/q/1", answer=area)
    if words is not None:
        save(client, f"{base}/q/2", answer=words)
    save(client, f"{base}/q/3", answer="start")
    page = client.get(f"{base}/q/4")
    assert page.status_code == 200
    return base, page.get_data(as_text=True)


def send(client, base: str, stage: str) -> None:
    save(client, f"{base}/q/4", answer=stage)
    token = csrf_token_from(client, "/youth/settings")
    assert client.post(f"{base}/submit", data={"csrf_token": token}).status_code == 303


def download(client, sensitive: bool) -> dict:
    data = {"csrf_token": csrf_token_from(client, "/youth/my-data"), "format": "json"}
    if sensitive:
        data["sensitive"] = "yes"
    return json.loads(client.post("/youth/my-data/download", data=data).get_data(as_text=True))


def test_the_stage_question_names_the_change_in_the_young_person_s_words(app):
    client, _ = ready_youth(app)
    _base, page = stage_page(client)
    heading = re.search(r'<h1 id="question">(.*?)</h1>', page).group(1)
    assert (
        heading == "Where are you with this change: go to school &lt;b&gt;3&lt;/b&gt; days a week?"
    )
    assert "<b>3</b>" not in page  # their words are text, never markup
    assert "<title>Check-in</title>" in page
    said = html.unescape(page)
    assert "The way you want it to go: Start something or do more of it." in said
    assert "Last time" not in said  # nothing sent about it yet
    # Every step with what it means in time, in order, and the way back apart.
    steps = re.findall(r'<li class="stage-path__step">.*?value="(\w+)"', page, re.DOTALL)
    assert steps == ["not_thinking", "thinking", "getting_ready", "doing_it", "keeping_it_up"]
    assert "I plan to start in the next month" in said
    assert "I had started, and it's harder now. That happens. You can start again." in said
    assert 'aria-describedby="answer-3-when"' in page


def test_without_own_words_the_change_is_named_by_its_area(app):
    client, _ = ready_youth(app)
    _base, page = stage_page(client, area="money", words=None)
    assert "Where are you with this change: Money?" in html.unescape(page)


def test_a_second_check_in_about_the_same_change_says_last_time_and_reads_back_the_move(app):
    client, _ = ready_youth(app)
    first, _page = stage_page(client)
    send(client, first, "thinking")
    assert "Since last time" not in text(client.get(f"{first}/answers"))  # the first: no move

    # The same change, typed again a little differently.
    second, page = stage_page(client, words="Go to school <b>3</b> days a week ")
    assert (
        "Last time you said: “I'm thinking about it” about “Go to school <b>3</b> days a week”. "
        "Where are you now?"
    ) in html.unescape(page)
    send(client, second, "getting_ready")

    with app.app_context():  # the move is kept inside the check-in's ciphertext
        assert found_in_storage(["getting_ready", '"move": "forward"', "go to school"]) == []

    view = text(client.get(f"{second}/answers"))
    assert "Since last time" in view
    assert "You moved a step forward: from thinking about it to getting ready." in view

    entries = {entry["id"]: entry for entry in download(client, sensitive=True)["check_ins"]}
    assert entries[second.rsplit("/", 1)[1]]["stage_moves"] == [
        {
            "change": "school",
            "from": "thinking",
            "to": "getting_ready",
            "move": "forward",
            "said": "You moved a step forward: from thinking about it to getting ready.",
        }
    ]
    assert "stage_moves" not in entries[first.rsplit("/", 1)[1]]
    # Moves are as private as the stage question: not in a download without private answers.
    assert "stage_moves" not in json.dumps(download(client, sensitive=False))


def test_another_change_has_no_last_time_and_a_step_back_is_said_without_blame(app):
    client, _ = ready_youth(app)
    first, _page = stage_page(client)
    send(client, first, "keeping_it_up")
    _other, page = stage_page(client, area="money", words=None)
    assert "Last time" not in page

    again, page = stage_page(client)
    assert "Last time you said: “I've kept it up”" in html.unescape(page)
    send(client, again, "starting_again")
    view = text(client.get(f"{again}/answers"))
    assert (
        "You went from keeping it up to starting again. "
        "It's been harder lately. That's part of change."
    ) in view
