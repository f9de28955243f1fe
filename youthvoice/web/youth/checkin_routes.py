"""The check-in pages: one question per screen, saved as the youth goes.

Every page of a check-in lives here: start, intro, questions, the support screen after a
distress answer and its "tell my advocate now", a sensitive section's opt-in and
check-out, the break, the review, sending and thanks. Each opens the check-in through
check_ins.open_own, and asks the check-in (services.checkins) where to go next.

URLs carry only a random check-in id and positions (`/q/3`), never an instrument or item
id, so the browser history says nothing about what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from youthvoice.services import checkins, sharing, stage_history, support
from youthvoice.services.answer_text import answer_text, choice_labels
from youthvoice.services.checkins import CHECK_OUT, INTRO, OPT_IN, QUESTION, REVIEW, Screen
from youthvoice.surveys.answers import Answer, Parsed, form_values, is_distress, parse, specials
from youthvoice.surveys.support import support_kinds
from youthvoice.web.access import youth_required
from youthvoice.web.youth import bp
from youthvoice.web.youth.check_ins import DRAFT, EITHER, SENT, instruments, offered_ids, open_own
from youthvoice.web.youth.share_forms import team_ids, team_on_care_team
from youthvoice.web.youth_messages import answer_problem

# The page of each kind of screen; a screen with a number has it in its URL.
PAGES = {
    INTRO: "youth.check_in",
    OPT_IN: "youth.opt_in",
    QUESTION: "youth.question",
    CHECK_OUT: "youth.check_out",
    REVIEW: "youth.review",
}


def _screen_url(state: checkins.CheckInState, screen: Screen) -> str:
    numbered = {"number": screen.number} if screen.number else {}
    return url_for(PAGES[screen.kind], check_in_id=state.id, **numbered)


def _after(state: checkins.CheckInState, screen: Screen) -> str:
    """Where "Continue" goes: onwards; when changing an answer, back to the review, unless
    the change brought up a follow-up question not seen yet."""
    following = state.following(screen)
    if request.args.get("change") and screen.kind != OPT_IN:
        if following.kind == QUESTION and not state.seen(following.number):
            return _screen_url(state, following) + "?change=1"
        return url_for("youth.review", check_in_id=state.id)
    return _screen_url(state, following)


def _back(state: checkins.CheckInState, screen: Screen) -> str:
    if request.args.get("change"):
        return url_for("youth.review", check_in_id=state.id)
    return _screen_url(state, state.preceding(screen))


def _to_break(state: checkins.CheckInState) -> Response:
    return redirect(url_for("youth.take_break", check_in_id=state.id), code=303)


@bp.post("/check-ins")
@youth_required
def start_check_in() -> Response:
    instrument_id = request.form.get("instrument", "")
    try:
        state = checkins.start(
            g.signed_in.id, instrument_id, instruments(), offered_ids(), str(get_locale())
        )
    except checkins.NotOffered:
        abort(404)
    if state.has_progress() and not state.outdated:
        return redirect(_screen_url(state, state.resume_point()), code=303)
    return redirect(url_for("youth.check_in", check_in_id=state.id), code=303)


@bp.get("/check-ins/<check_in_id>")
@youth_required
def check_in(check_in_id: str) -> str:
    """The intro; for a draft of an earlier version, the choice to start again."""
    state = open_own(check_in_id, DRAFT)
    return render_template(
        "youth/checkin/intro.html",
        state=state,
        instrument=state.instrument.data,
        start_url=_screen_url(state, state.start_point()),
        questions_changed=_questions_changed(state),
    )


def _questions_changed(state: checkins.CheckInState) -> bool:
    """The draft was started with earlier questions, and the new ones can be started."""
    return state.outdated and state.instrument.id in offered_ids()


@bp.post("/check-ins/<check_in_id>/restart")
@youth_required
def restart(check_in_id: str) -> Response:
    """The youth's choice for a draft of earlier questions: start again with the new ones
    (the draft is deleted), or finish the earlier ones (the draft goes on as it is)."""
    state = open_own(check_in_id, DRAFT)
    if request.form.get("choice") != "new" or not _questions_changed(state):
        return redirect(_screen_url(state, state.start_point()), code=303)
    state = checkins.restart(state, instruments(), offered_ids(), str(get_locale()))
    return redirect(url_for("youth.check_in", check_in_id=state.id), code=303)


@bp.route("/check-ins/<check_in_id>/q/<int:number>", methods=["GET", "POST"])
@youth_required
def question(check_in_id: str, number: int) -> str | Response:
    state = open_own(check_in_id, DRAFT)
    screen = Screen(QUESTION, number)
    if screen not in state.screens:
        return redirect(_screen_url(state, state.resume_point()))
    item = state.instrument.position(number).item
    if request.method == "GET":
        return _question_page(state, screen, form_values(item, state.answers.get(item["id"])))
    action = request.form.get("action", "save")
    sent = request.form.to_dict(flat=False)
    parsed = parse(item, {} if action == "skip" else sent, date.today())
    if action == "break" and parsed == Parsed():
        return _to_break(state)  # a break is not a skip: the question stays not reached
    if parsed.problem is None:
        checkins.save_answer(state, item["id"], parsed.value)
        return redirect(_after_saving(state, screen, action, parsed.value), code=303)
    if action == "break":  # a break never loses the way out to a typing mistake
        return _to_break(state)
    return _question_page(state, screen, _sent_values(sent), answer_problem(parsed.problem, item))


def _after_saving(
    state: checkins.CheckInState, screen: Screen, action: str, value: Answer | None
) -> str:
    """A break; the support screen after a distress answer; else onwards."""
    if action == "break":
        return url_for("youth.take_break", check_in_id=state.id)
    if is_distress(state.instrument.position(screen.number).item, value):
        return url_for("youth.support_now", check_in_id=state.id, number=screen.number)
    return _after(state, screen)


def _question_page(
    state: checkins.CheckInState, screen: Screen, values: dict, problem: str | None = None
) -> tuple[str, int]:
    position = state.instrument.position(screen.number)
    place, total = state.question_count(screen)
    page = render_template(
        "youth/checkin/question.html",
        state=state,
        item=position.item,
        section=position.section,
        choices=_choices(position.item),
        extras=specials(position.item),
        stage=_stage(state, position.item),
        values=values,
        problem=problem,
        place=place,
        total=total,
        back_url=_back(state, screen),
    )
    return page, (400 if problem else 200)


def _stage(state: checkins.CheckInState, item: dict) -> stage_history.StageQuestion | None:
    """A stage of change question names the change and what was said last time."""
    if item["type"] != "stage_of_change":
        return None
    return stage_history.stage_question(state, item)


def _sent_values(sent: dict[str, list[str]]) -> dict[str, object]:
    """What the youth typed, shown again with the error (WCAG 3.3.7)."""
    answers = sent.get("answer", [])
    return {
        "chosen": answers + sent.get("special", []),
        "text": answers[0] if answers else "",
        "special": (sent.get("special") or [""])[0],
        "month": (sent.get("month") or [""])[0],
        "year": (sent.get("year") or [""])[0],
    }


@dataclass(frozen=True)
class Choice:
    code: str
    label: str  # in the page's language
    input_id: str


def _choices(item: dict) -> list[Choice]:
    """The item's answers in order, labelled, each with its input's id ("answer-first" for
    the first, where the error summary links). Made here rather than in the template, which
    draws them on every question."""
    return [
        Choice(code, label, "answer-first" if number == 1 else f"answer-{number}")
        for number, (code, label) in enumerate(choice_labels(item), 1)
    ]


@bp.get("/check-ins/<check_in_id>/q/<int:number>/support")
@youth_required
def support_now(check_in_id: str, number: int) -> str:
    """The support that fits the answer just saved (support for feeling low when there is
    no such answer now: the page was opened again after the answer changed)."""
    state = open_own(check_in_id, DRAFT)
    screen = Screen(QUESTION, number)
    position = state.instrument.position(number)
    if position is None:
        abort(404)
    kinds = support_kinds(position.item, state.answers.get(position.item["id"]))
    return render_template(
        "youth/checkin/support_now.html",
        state=state,
        number=number,
        support=support.screen_for(kinds),
        team=team_on_care_team(),
        told=request.args.get("told"),
        continue_url=_after(state, screen),
        back_url=_screen_url(state, screen),
    )


@bp.post("/check-ins/<check_in_id>/q/<int:number>/tell")
@youth_required
def tell_now(check_in_id: str, number: int) -> Response:
    """ "Tell my advocate now": a copy of just this answer, for the person chosen."""
    state = open_own(check_in_id, DRAFT)
    position = state.instrument.position(number)
    if position is None or position.item["id"] not in state.answers:
        abort(404)
    to = request.form.get("to", "")
    if to not in team_ids(team_on_care_team()):
        abort(400)
    sharing.create(
        g.signed_in.id,
        [to],
        sharing.ANSWER_NOW,
        state.id,
        until=datetime.now(UTC) + timedelta(days=sharing.SENSITIVE_DAYS),
        answer=_copy_of_answer(state, position.item["id"]),
    )
    return redirect(
        url_for("youth.support_now", check_in_id=state.id, number=number, told=1), code=303
    )


def _copy_of_answer(state: checkins.CheckInState, item_id: str) -> dict:
    """The answer as told: it stays as it was, whatever the draft says later."""
    return {
        "instrument": state.instrument.id,
        "version": state.instrument.version,
        "item": item_id,
        "value": state.answers[item_id],
    }


@bp.route("/check-ins/<check_in_id>/section/<int:number>", methods=["GET", "POST"])
@youth_required
def opt_in(check_in_id: str, number: int) -> str | Response:
    state = open_own(check_in_id, DRAFT)
    screen = Screen(OPT_IN, number)
    if screen not in state.screens:
        return redirect(_screen_url(state, state.resume_point()))
    section = state.instrument.section(number)
    if request.method == "GET":
        return render_template(
            "youth/checkin/opt_in.html", state=state, section=section, back_url=_back(state, screen)
        )
    action = request.form.get("action")
    if action in ("yes", "no"):
        checkins.choose_section(state, section["id"], action == "yes")
    if action == "break":
        return _to_break(state)
    return redirect(_screen_url(state, state.following(screen)), code=303)


@bp.route("/check-ins/<check_in_id>/section/<int:number>/after", methods=["GET", "POST"])
@youth_required
def check_out(check_in_id: str, number: int) -> str | Response:
    """How they feel after a sensitive section, one tap; "very upset" leads to support."""
    state = open_own(check_in_id, DRAFT)
    screen = Screen(CHECK_OUT, number)
    if screen not in state.screens:
        return redirect(_screen_url(state, state.resume_point()))
    section_id = state.instrument.section(number)["id"]
    if request.method == "GET":
        return render_template(
            "youth/checkin/check_out.html",
            state=state,
            number=number,
            feelings=support.FEELINGS,
            chosen=state.feelings.get(section_id),
            continue_url=_after(state, screen),
        )
    feeling = request.form.get("feeling", "")
    if feeling not in support.FEELINGS:
        abort(400)
    checkins.save_feeling(state, section_id, feeling)
    if support.after_feeling(feeling):
        return redirect(
            url_for("youth.check_out_support", check_in_id=state.id, number=number), 303
        )
    return redirect(_after(state, screen), code=303)


@bp.get("/check-ins/<check_in_id>/section/<int:number>/after/support")
@youth_required
def check_out_support(check_in_id: str, number: int) -> str:
    """Support after saying they feel very upset (nothing to tell: no answer is named)."""
    state = open_own(check_in_id, DRAFT)
    screen = Screen(CHECK_OUT, number)
    if screen not in state.screens:
        abort(404)
    return render_template(
        "youth/checkin/support_now.html",
        state=state,
        number=None,
        support=support.screen_for(support.after_feeling(support.VERY_UPSET)),
        continue_url=_after(state, screen),
        back_url=_screen_url(state, screen),
    )


@bp.route("/check-ins/<check_in_id>/break", methods=["GET", "POST"])
@youth_required
def take_break(check_in_id: str) -> str | Response:
    state = open_own(check_in_id, DRAFT)
    if request.method == "GET":
        return render_template(
            "youth/checkin/break.html",
            state=state,
            days=checkins.DRAFT_DAYS,
            back_url=_screen_url(state, state.resume_point()),
        )
    action = request.form.get("action")
    if action == "discard":  # asked first, on a page of its own: it works with JavaScript off
        return render_template(
            "youth/checkin/break.html",
            state=state,
            confirm_delete=True,
            back_url=url_for("youth.take_break", check_in_id=state.id),
        )
    if action == "delete":
        checkins.discard(state)
        return redirect(url_for("youth.home", note="discarded"), code=303)
    return redirect(url_for("youth.home", note="kept"), code=303)


@bp.get("/check-ins/<check_in_id>/review")
@youth_required
def review(check_in_id: str) -> str:
    state = open_own(check_in_id, DRAFT)
    return render_template(
        "youth/checkin/review.html",
        state=state,
        rows=_review_rows(state),
        back_url=_screen_url(state, state.preceding(Screen(REVIEW))),
    )


def _review_rows(state: checkins.CheckInState) -> list[dict[str, object]]:
    """One row per question shown now, one per sensitive section said no to, and one per
    check-out answered."""
    rows = []
    for screen in state.screens:
        if screen.kind == QUESTION:
            rows.append(_answer_row(state, screen.number))
        elif screen.kind == OPT_IN and not _said_yes(state, screen.number):
            rows.append(_declined_row(state, screen.number))
        elif screen.kind == CHECK_OUT and _felt(state, screen.number):
            rows.append(_feeling_row(state, screen.number))
    return rows


def _felt(state: checkins.CheckInState, section_number: int) -> str | None:
    return state.feelings.get(state.instrument.section(section_number)["id"])


def _feeling_row(state: checkins.CheckInState, number: int) -> dict[str, object]:
    return {
        "question": str(support.FEELING_QUESTION),  # in the page's language already
        "answer": support.FEELINGS[_felt(state, number)],
        "change_url": url_for("youth.check_out", check_in_id=state.id, number=number, change=1),
    }


def _said_yes(state: checkins.CheckInState, section_number: int) -> bool:
    return state.sections.get(state.instrument.section(section_number)["id"]) == "yes"


def _answer_row(state: checkins.CheckInState, number: int) -> dict[str, object]:
    item = state.instrument.position(number).item
    return {
        "question": item["text"],
        "answer": answer_text(item, state.answers.get(item["id"])),
        "state": state.state_of(item["id"]),
        "change_url": url_for("youth.question", check_in_id=state.id, number=number, change=1),
    }


def _declined_row(state: checkins.CheckInState, number: int) -> dict[str, object]:
    return {
        "question": state.instrument.section(number)["opt_in"],
        "answer": None,
        "declined": True,
        "change_url": url_for("youth.opt_in", check_in_id=state.id, number=number),
    }


@bp.post("/check-ins/<check_in_id>/submit")
@youth_required
def submit(check_in_id: str) -> Response:
    state = open_own(check_in_id, EITHER)
    checkins.submit(state)  # a second press of Send changes nothing
    return redirect(url_for("youth.thanks", check_in_id=state.id), code=303)


@bp.get("/check-ins/<check_in_id>/thanks")
@youth_required
def thanks(check_in_id: str) -> str:
    state = open_own(check_in_id, SENT)
    return render_template("youth/checkin/thanks.html", state=state, remembered=state.remembered())
