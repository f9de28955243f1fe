"""The check-in pages: one question per screen, saved as the youth goes.

URLs carry only a random check-in id and positions (`/q/3`), never an instrument or item
id, so the browser history says nothing about what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from youthvoice.extensions import db
from youthvoice.services import checkins
from youthvoice.services.answer_text import answer_text, choice_labels
from youthvoice.surveys import flow
from youthvoice.surveys.answers import form_values, is_distress, parse, specials
from youthvoice.web.access import youth_required
from youthvoice.web.auth.forms import ActionForm
from youthvoice.web.youth import bp
from youthvoice.web.youth_messages import answer_problem


def _instruments() -> dict:
    return current_app.extensions["youthvoice.instruments"]


def _offered() -> tuple[str, ...]:
    return current_app.extensions["youthvoice.offered"]


def _editable(check_in_id: str) -> checkins.CheckInState:
    try:
        return checkins.editable(g.signed_in.id, check_in_id, _instruments())
    except checkins.CheckInNotFound:
        db.session.commit()  # an out-of-date draft found on the way was purged
        abort(404)
    except checkins.AlreadySubmitted:
        abort(409)


def _screen_url(state: checkins.CheckInState, screen: flow.Screen) -> str:
    endpoints = {
        flow.INTRO: ("youth.check_in", {}),
        flow.OPT_IN: ("youth.opt_in", {"number": screen.number}),
        flow.QUESTION: ("youth.question", {"number": screen.number}),
        flow.CHECK_OUT: ("youth.check_out", {"number": screen.number}),
        flow.REVIEW: ("youth.review", {}),
    }
    endpoint, values = endpoints[screen.kind]
    return url_for(endpoint, check_in_id=state.id, **values)


def _after(state: checkins.CheckInState, screen: flow.Screen) -> str:
    """Where "Continue" goes: onwards; when changing an answer, back to the review, unless
    the change brought up a follow-up question not seen yet."""
    following = flow.following(state.screens(), screen)
    if request.args.get("change") and screen.kind != flow.OPT_IN:
        if following.kind == flow.QUESTION and not _seen(state, following):
            return _screen_url(state, following) + "?change=1"
        return url_for("youth.review", check_in_id=state.id)
    return _screen_url(state, following)


def _seen(state: checkins.CheckInState, screen: flow.Screen) -> bool:
    item_id = flow.positions(state.instrument.data)[screen.number - 1].item["id"]
    return item_id in state.answers or item_id in state.skipped


def _back(state: checkins.CheckInState, screen: flow.Screen) -> str:
    if request.args.get("change"):
        return url_for("youth.review", check_in_id=state.id)
    return _screen_url(state, flow.preceding(state.screens(), screen))


@bp.post("/check-ins")
@youth_required
def start_check_in() -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        state = checkins.start(
            g.signed_in.id,
            request.form.get("instrument", ""),
            _instruments(),
            _offered(),
            str(get_locale()),
        )
    except checkins.NotOffered:
        abort(404)
    db.session.commit()
    if state.has_progress():
        return redirect(_screen_url(state, state.resume_point()), code=303)
    return redirect(url_for("youth.check_in", check_in_id=state.id), code=303)


@bp.get("/check-ins/<check_in_id>")
@youth_required
def check_in(check_in_id: str) -> str:
    state = _editable(check_in_id)
    first = flow.following(state.screens(), flow.Screen(flow.INTRO))
    return render_template(
        "youth/checkin/intro.html",
        state=state,
        instrument=state.instrument.data,
        start_url=_screen_url(state, state.resume_point() if state.has_progress() else first),
    )


@bp.route("/check-ins/<check_in_id>/q/<int:number>", methods=["GET", "POST"])
@youth_required
def question(check_in_id: str, number: int) -> str | Response:
    state = _editable(check_in_id)
    screen = flow.Screen(flow.QUESTION, number)
    screens = state.screens()
    if screen not in screens:
        return redirect(_screen_url(state, state.resume_point()))
    position = flow.positions(state.instrument.data)[number - 1]
    item = position.item
    problem = None
    values = form_values(item, state.answers.get(item["id"]))
    if request.method == "POST":
        # CSRFProtect has checked the token before any view runs (as for every POST); this
        # page is the one a check-in repeats, so it does not build a form to check it again.
        action = request.form.get("action", "save")
        sent = request.form.to_dict(flat=False)
        parsed = parse(item, {} if action == "skip" else sent, date.today())
        if parsed.problem is None:
            checkins.save_answer(state, item["id"], parsed.value)
            db.session.commit()
            if action == "break":
                return redirect(url_for("youth.take_break", check_in_id=state.id), code=303)
            if is_distress(item, parsed.value):
                return redirect(
                    url_for("youth.support_now", check_in_id=state.id, number=number), code=303
                )
            return redirect(_after(state, screen), code=303)
        if action == "break":  # a break never loses the way out to a typing mistake
            return redirect(url_for("youth.take_break", check_in_id=state.id), code=303)
        problem = answer_problem(parsed.problem, item)
        values = _sent_values(sent)
    place, total = flow.question_count(screens, screen)
    return render_template(
        "youth/checkin/question.html",
        state=state,
        item=item,
        section=position.section,
        choices=_choices(item),
        extras=specials(item),
        values=values,
        problem=problem,
        place=place,
        total=total,
        back_url=_back(state, screen),
    ), (400 if problem else 200)


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
    from youthvoice.web.youth.sharing_routes import team_on_care_team

    state = _editable(check_in_id)
    screen = flow.Screen(flow.QUESTION, number)
    return render_template(
        "youth/checkin/support_now.html",
        state=state,
        number=number,
        team=team_on_care_team(),
        told=request.args.get("told"),
        continue_url=_after(state, screen),
        back_url=_screen_url(state, screen),
    )


@bp.route("/check-ins/<check_in_id>/section/<int:number>", methods=["GET", "POST"])
@youth_required
def opt_in(check_in_id: str, number: int) -> str | Response:
    state = _editable(check_in_id)
    screen = flow.Screen(flow.OPT_IN, number)
    if screen not in state.screens():
        return redirect(_screen_url(state, state.resume_point()))
    section = state.instrument.data["sections"][number - 1]
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        action = request.form.get("action")
        if action in ("yes", "no"):
            checkins.choose_section(state, section["id"], action == "yes")
            db.session.commit()
        if action == "break":
            return redirect(url_for("youth.take_break", check_in_id=state.id), code=303)
        return redirect(_screen_url(state, flow.following(state.screens(), screen)), code=303)
    return render_template(
        "youth/checkin/opt_in.html",
        state=state,
        section=section,
        back_url=_back(state, screen),
    )


@bp.get("/check-ins/<check_in_id>/section/<int:number>/after")
@youth_required
def check_out(check_in_id: str, number: int) -> str:
    state = _editable(check_in_id)
    screen = flow.Screen(flow.CHECK_OUT, number)
    return render_template(
        "youth/checkin/check_out.html",
        state=state,
        continue_url=_screen_url(state, flow.following(state.screens(), screen)),
    )


@bp.route("/check-ins/<check_in_id>/break", methods=["GET", "POST"])
@youth_required
def take_break(check_in_id: str) -> str | Response:
    state = _editable(check_in_id)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        if request.form.get("action") == "discard":
            checkins.discard(state)
            db.session.commit()
            return redirect(url_for("youth.home", note="discarded"), code=303)
        return redirect(url_for("youth.home", note="kept"), code=303)
    return render_template(
        "youth/checkin/break.html",
        state=state,
        days=checkins.DRAFT_DAYS,
        back_url=_screen_url(state, state.resume_point()),
    )


@bp.get("/check-ins/<check_in_id>/review")
@youth_required
def review(check_in_id: str) -> str:
    state = _editable(check_in_id)
    return render_template(
        "youth/checkin/review.html",
        state=state,
        rows=_review_rows(state),
        form=ActionForm(),
        back_url=_screen_url(state, flow.preceding(state.screens(), flow.Screen(flow.REVIEW))),
    )


def _review_rows(state: checkins.CheckInState) -> list[dict[str, object]]:
    """One row per question shown now, and one per sensitive section said no to."""
    positions = flow.positions(state.instrument.data)
    rows = []
    for screen in state.screens():
        if screen.kind == flow.QUESTION:
            item = positions[screen.number - 1].item
            rows.append(
                {
                    "question": item["text"],
                    "answer": answer_text(item, state.answers.get(item["id"])),
                    "change_url": url_for(
                        "youth.question", check_in_id=state.id, number=screen.number, change=1
                    ),
                }
            )
        elif screen.kind == flow.OPT_IN:
            section = state.instrument.data["sections"][screen.number - 1]
            if state.sections.get(section["id"]) != "yes":
                rows.append(
                    {
                        "question": section["opt_in"],
                        "answer": None,
                        "declined": True,
                        "change_url": url_for(
                            "youth.opt_in", check_in_id=state.id, number=screen.number
                        ),
                    }
                )
    return rows


@bp.post("/check-ins/<check_in_id>/submit")
@youth_required
def submit(check_in_id: str) -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        state = checkins.open_check_in(g.signed_in.id, check_in_id, _instruments())
    except checkins.CheckInNotFound:
        db.session.commit()  # an out-of-date draft found on the way was purged
        abort(404)
    checkins.submit(state)  # a second press of Send changes nothing
    db.session.commit()
    return redirect(url_for("youth.thanks", check_in_id=state.id), code=303)


@bp.get("/check-ins/<check_in_id>/thanks")
@youth_required
def thanks(check_in_id: str) -> str:
    try:
        state = checkins.open_check_in(g.signed_in.id, check_in_id, _instruments())
    except checkins.CheckInNotFound:
        db.session.commit()  # an out-of-date draft found on the way was purged
        abort(404)
    if not state.submitted:
        abort(404)
    return render_template("youth/checkin/thanks.html", state=state)
