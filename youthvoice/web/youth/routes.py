"""The youth's own pages: home, the welcome (first use, readable again), assent, statistics."""

from __future__ import annotations

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from youthvoice.extensions import db
from youthvoice.i18n import LOCALE_SESSION_KEY, native_name
from youthvoice.models import Youth
from youthvoice.services import checkins, deletion, recovery, sessions, youth_accounts
from youthvoice.web import device
from youthvoice.web.access import session_hash, sign_in, youth_required
from youthvoice.web.auth.forms import ActionForm, new_secret_ok
from youthvoice.web.errors import too_many_tries
from youthvoice.web.youth import bp, check_ins, home_page
from youthvoice.web.youth.access_log_routes import WHEN_FORMAT
from youthvoice.web.youth.forms import (
    THEME_CHOICES,
    AssentForm,
    ChangePinForm,
    SettingsForm,
    StatisticsForm,
)

WELCOME_STEPS = ("about", "privacy", "safety")


def _me() -> Youth:
    return db.session.get(Youth, g.signed_in.id)


@bp.get("/")
@youth_required
def home() -> str | Response:
    me = _me()
    reset = recovery.unseen_notice(me.id, session_hash())
    if reset is not None and not reset.in_reset_session:
        return redirect(url_for("youth.account_notice"))  # until dismissed, at every visit
    if me.assent_at is None:
        return redirect(url_for("youth.welcome"))
    offers = checkins.offers(me.id, check_ins.instruments(), check_ins.offered_ids())
    wrong_tries = youth_accounts.unseen_wrong_tries(me)
    return render_template(
        "youth/home.html",
        name=youth_accounts.preferred_name(me),
        check_ins=home_page.arrange(offers),
        summary=home_page.summary,
        note=request.args.get("note"),
        action=ActionForm(),
        wrong_tries=[format_datetime(moment, WHEN_FORMAT) for moment in wrong_tries],
        reset=reset,
    )


@bp.post("/wrong-tries/seen")
@youth_required
def wrong_tries_seen() -> Response:
    """The youth has read the wrong PIN tries on their home page: stop showing those."""
    youth_accounts.mark_wrong_tries_seen(_me())
    return redirect(url_for("youth.home"), code=303)


@bp.route("/account-notice", methods=["GET", "POST"])
@youth_required
def account_notice() -> str | Response | tuple[str, int]:
    """Who reset the PIN, who approved, when the new PIN was first used, and the failed tries
    before. It stays until dismissed from a later session than the one the reset started:
    whoever used the reset code may not be the youth, and must not be able to hide it."""
    form = AssentForm()
    refused = False
    if form.validate_on_submit():
        if recovery.mark_seen(g.signed_in.id, session_hash()):
            return redirect(url_for("youth.home"), code=303)
        refused = True  # from the reset's own session: nothing changed
    notice = recovery.unseen_notice(g.signed_in.id, session_hash())
    if notice is None:
        return redirect(url_for("youth.home"))
    page = render_template(
        "youth/account_notice.html", notice=notice, form=form, when_format=WHEN_FORMAT
    )
    return (page, 403) if refused else page


@bp.get("/welcome")
@youth_required
def welcome() -> str:
    step = request.args.get("step", WELCOME_STEPS[0])
    if step not in WELCOME_STEPS:
        abort(404)
    number = WELCOME_STEPS.index(step)
    following = WELCOME_STEPS[number + 1] if number + 1 < len(WELCOME_STEPS) else None
    return render_template(
        f"youth/welcome_{step}.html",
        step_number=number + 1,
        steps=len(WELCOME_STEPS) + 2,
        next_step=following,
        assented=_me().assent_at is not None,
    )


@bp.route("/welcome/agree", methods=["GET", "POST"])
@youth_required
def assent() -> str | Response:
    form = AssentForm()
    if form.validate_on_submit():
        if request.form.get("answer") != "yes":
            return redirect(url_for("youth.not_now"), code=303)
        youth_accounts.record_assent(_me())
        return redirect(url_for("youth.statistics"), code=303)
    return render_template("youth/welcome_assent.html", form=form, steps=len(WELCOME_STEPS) + 2)


@bp.get("/welcome/not-now")
@youth_required
def not_now() -> str:
    return render_template("youth/not_now.html")


@bp.route("/statistics", methods=["GET", "POST"])
@youth_required
def statistics() -> str | Response:
    me = _me()
    form = StatisticsForm()
    if form.validate_on_submit() or (request.method == "POST" and not form.counted.data):
        # Skipping the question is the same as No.
        youth_accounts.set_statistics_choice(me, form.counted.data == "yes")
        return redirect(url_for("youth.home"), code=303)
    if request.method == "GET" and me.statistics_decided_at is not None:
        form.counted.data = "yes" if me.statistics_consent else "no"
    return render_template("youth/statistics.html", form=form, steps=len(WELCOME_STEPS) + 2)


@bp.route("/settings", methods=["GET", "POST"])
@youth_required
def settings() -> str | Response:
    me = _me()
    form = SettingsForm(data=None if request.method == "POST" else _current_settings(me))
    form.language.choices = [
        SelectChoice(code, native_name(code)) for code in current_app.config["YOUTHVOICE_LOCALES"]
    ]
    if form.validate_on_submit():
        youth_accounts.save_settings(
            me, form.language.data, bool(form.discreet_mode.data), form.theme.data or me.theme
        )
        session[LOCALE_SESSION_KEY] = form.language.data
        return redirect(url_for("youth.settings", saved=1), code=303)
    return render_template(
        "youth/settings.html",
        form=form,
        me=me,
        saved=request.args.get("saved"),
        action=ActionForm(),
        theme_about=THEME_CHOICES,
    )


def _current_settings(me: Youth) -> dict[str, object]:
    return {
        "language": me.language or str(get_locale()),
        "discreet_mode": me.discreet_mode,
        "theme": me.theme,
    }


@bp.route("/settings/pin", methods=["GET", "POST"])
@youth_required
def change_pin() -> str | Response:
    me = _me()
    form = ChangePinForm()
    if form.validate_on_submit():
        checked = youth_accounts.check_own_secret(me, form.current.data, device.source())
        if checked.retry_after:
            return too_many_tries(checked.retry_after)
        if not checked.ok:
            form.current.errors.append(_("That is not your PIN or passphrase now."))
        elif new_secret_ok(form):
            youth_accounts.change_secret(me, form.secret.data)
            before = session_hash()
            sessions.revoke_all("youth", me.id)
            sign_in("youth", me.id)  # this device stays signed in; the others are not
            recovery.carry_reset_session(before, session_hash())
            return redirect(url_for("youth.settings", saved=1), code=303)
    return render_template("youth/change_pin.html", form=form)


@bp.post("/settings/sign-out-everywhere")
@youth_required
def sign_out_everywhere() -> Response:
    sessions.revoke_all("youth", g.signed_in.id)
    session.clear()
    return redirect(url_for("public.index"), code=303)


@bp.route("/settings/delete", methods=["GET", "POST"])
@youth_required
def delete_account() -> str | Response:
    me = _me()
    problem = None
    if request.method == "POST":
        choice = request.form.get("when")
        if choice == "now":
            deletion.delete_now(me)
            session.clear()
            return redirect(url_for("public.account_deleted"), code=303)
        if choice == "later":
            deletion.schedule(me)
            return redirect(url_for("youth.settings", saved=1), code=303)
        problem = _("Choose when to delete your account")
    return render_template("youth/delete_account.html", problem=problem, days=deletion.WAIT.days), (
        400 if problem else 200
    )


@bp.post("/settings/delete/cancel")
@youth_required
def cancel_deletion() -> Response:
    deletion.cancel(_me())
    return redirect(url_for("youth.settings", saved=1), code=303)
