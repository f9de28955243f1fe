"""The youth's sent check-ins: see them, share one (or one answer), mark a past concern
as resolved, delete one. Drafts are not here: they belong to the check-in pages."""

from __future__ import annotations

from datetime import date

from flask import abort, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from youthvoice.services import checkins, sharing, stage_history, support
from youthvoice.surveys.answers import parse
from youthvoice.web.access import youth_required
from youthvoice.web.youth import bp
from youthvoice.web.youth.check_ins import SENT, instruments, open_own
from youthvoice.web.youth.share_forms import (
    read_detail,
    read_who_and_until,
    team_ids,
    team_on_care_team,
)
from youthvoice.web.youth_messages import answer_problem


def _answered(state: checkins.CheckInState, number: int) -> dict:
    """The item at this position of a sent check-in, when it was answered; else 404."""
    position = state.instrument.position(number)
    if position is None or position.item["id"] not in state.answers:
        abort(404)
    return position.item


@bp.get("/check-ins")
@youth_required
def my_check_ins() -> str:
    return render_template(
        "youth/history/list.html", sent=checkins.submitted(g.signed_in.id, instruments())
    )


@bp.get("/check-ins/<check_in_id>/answers")
@youth_required
def sent_check_in(check_in_id: str) -> str:
    state = open_own(check_in_id, SENT)
    rows = [
        {
            "number": position.number,
            "item": position.item,
            "value": state.answers.get(position.item["id"]),
            "state": state.state_of(position.item["id"]),
            "happens": position.item.get("happens", False),
            "resolved": state.notes.get(position.item["id"]),
        }
        for position in state.instrument.positions
        if state.seen(position.number)
    ]
    return render_template(
        "youth/history/view.html",
        state=state,
        rows=rows,
        moves=stage_history.read_back(state),
        felt=support.feelings_of(state),
        note=request.args.get("note"),
    )


@bp.route("/check-ins/<check_in_id>/share", methods=["GET", "POST"])
@youth_required
def share_check_in(check_in_id: str) -> str | Response:
    state = open_own(check_in_id, SENT)
    team = team_on_care_team()
    errors: dict[str, str] = {}
    if request.method == "POST":
        detail, errors = read_detail()
        to, until, who_errors = read_who_and_until(team_ids(team))
        errors |= who_errors
        if not errors:
            sharing.create(
                g.signed_in.id, to, sharing.CHECK_IN, state.id, detail=detail, until=until
            )
            return redirect(url_for("youth.sharing_home", note="shared"), code=303)
    return render_template(
        "youth/history/share_check_in.html",
        state=state,
        team=team,
        errors=errors,
        sent=request.form,
    ), (400 if errors else 200)


@bp.route("/check-ins/<check_in_id>/share/<int:number>", methods=["GET", "POST"])
@youth_required
def share_answer(check_in_id: str, number: int) -> str | Response:
    """One answer, ticked on its own: the only way a private answer is ever shared."""
    state = open_own(check_in_id, SENT)
    item = _answered(state, number)
    private = item["id"] in state.instrument.sensitive_items
    team = team_on_care_team()
    errors: dict[str, str] = {}
    if request.method == "POST":
        to, until, errors = read_who_and_until(team_ids(team))
        if not errors:
            answer = {"item": item["id"]}
            sharing.create(g.signed_in.id, to, sharing.ANSWER, state.id, until=until, answer=answer)
            return redirect(url_for("youth.sharing_home", note="shared"), code=303)
    return render_template(
        "youth/history/share_answer.html",
        state=state,
        item=item,
        value=state.answers[item["id"]],
        private=private,
        team=team,
        errors=errors,
        # A private answer's share ends after 90 days unless the youth picks otherwise.
        sent=request.form if request.method == "POST" else _defaults(private),
    ), (400 if errors else 200)


def _defaults(private: bool) -> MultiDict:
    return MultiDict({"ends": "in_90_days"} if private else {})


@bp.route("/check-ins/<check_in_id>/resolved/<int:number>", methods=["GET", "POST"])
@youth_required
def mark_resolved(check_in_id: str, number: int) -> str | Response:
    """Recommendation 4.3: a past concern, marked resolved, with roughly when it last
    happened. Staff see it only where the answer itself is shared. Only an item that
    describes something that happens (`happens: true`) can be over: never who someone is."""
    state = open_own(check_in_id, SENT)
    item = _answered(state, number)
    if not item.get("happens"):
        abort(404)
    problem = None
    if request.method == "POST":
        if request.form.get("action") == "clear":
            checkins.set_note(state, item["id"], None)
        else:
            when = parse({"type": "month_year"}, request.form.to_dict(flat=False), date.today())
            problem = when.problem
            if problem is None:
                checkins.set_note(state, item["id"], {"resolved": True, "last": when.value})
        if problem is None:
            return redirect(
                url_for("youth.sent_check_in", check_in_id=state.id, note="saved"), code=303
            )
    return render_template(
        "youth/history/resolved.html",
        state=state,
        item=item,
        note=state.notes.get(item["id"]),
        problem=answer_problem(problem, {}) if problem else None,
        sent=request.form,
    ), (400 if problem else 200)


@bp.route("/check-ins/<check_in_id>/delete", methods=["GET", "POST"])
@youth_required
def delete_check_in(check_in_id: str) -> str | Response:
    state = open_own(check_in_id, SENT)
    if request.method == "POST":
        checkins.delete_sent(state)
        return redirect(url_for("youth.my_check_ins", note="deleted"), code=303)
    return render_template("youth/history/delete.html", state=state)
