"""The access matrix: every route and export, tried by every role, with the exact outcome.

Roles (tests/web/matrix_helpers.py): signed out, youth A (whose data it is), youth B, the
advocate who enrolled A and whom A names in shares, an advocate added to A's care team after
A shared, an advocate of the same organisation not on the team, program staff on the team,
an admin not on the team, and another organisation's advocate and admin.

ROUTES below holds, for every endpoint and method the app serves, how to build the URL for
each kind of data and what each role gets. A route the app serves that is not in ROUTES
fails test_every_route_the_app_serves_is_in_the_matrix, naming it. A refused request must
change nothing: every table except the audit log, sessions and throttles is compared before
and after. The second half walks A's data through every share state (shared in six ways,
unshared, expired, revoked, "decide later") and checks what each role sees on the staff page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.web.matrix_helpers import (
    A_TYPED,
    ADMIN,
    ANON,
    ASSIGNED,
    B_TYPED,
    LATER,
    NOTHING,
    OTHER_ADMIN,
    OTHER_ADVOCATE,
    PROGRAM,
    QUICK,
    ROLES,
    STAFF,
    STAFF_NAMES,
    UNASSIGNED,
    WHERE,
    YOUTH_A,
    YOUTH_B,
    YOUTH_NAMES,
    YOUTHS,
    Scenario,
    View,
    add_to_care_team,
    ask_for_reset,
    build,
    changed_tables,
    clock_free,
    fingerprint,
    grant_ids,
    save,
    send_for_b,
    send_quick,
    send_substances,
    send_where_im_at,
    shared_view,
    start,
    submit,
)
from youthvoice.extensions import db
from youthvoice.models import AuditEvent
from youthvoice.services import sharing
from youthvoice.surveys import domains

# Outcomes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    status: int
    location: str | None = None  # a redirect's target; a trailing * matches any rest
    shows: tuple[str, ...] = ()  # text the answer must hold (HTML entities decoded)
    hides: tuple[str, ...] = ()  # text it must not hold
    may_change: bool | None = None  # None: only a 200 or 303 answer may change stored data

    def changes_allowed(self) -> bool:
        return self.status in (200, 303) if self.may_change is None else self.may_change


def ok(*shows: str, hides: tuple[str, ...] = (), may_change: bool | None = None) -> Expect:
    return Expect(200, shows=shows, hides=hides, may_change=may_change)


def redirect(location: str) -> Expect:
    return Expect(302, location)


def done(location: str, *shows: str, may_change: bool | None = None) -> Expect:
    return Expect(303, location, shows=shows, may_change=may_change)


REFUSED = Expect(403)
NOT_FOUND = Expect(404)
TO_YOUTH_SIGN_IN = redirect("/sign-in")
TO_STAFF_SIGN_IN = redirect("/staff/sign-in")
# staff_required("advocate", "admin"): who passes the role check of the /advocate/ pages.
ADVOCATE_PAGE_ROLES = (ASSIGNED, LATER, UNASSIGNED, ADMIN, OTHER_ADVOCATE, OTHER_ADMIN)


def everyone(expect: Expect) -> dict[str, Expect]:
    return dict.fromkeys(ROLES, expect)


def youth_only(a: Expect, b: Expect | None = None) -> dict[str, Expect]:
    """A youth page: sign in first; every staff role is refused; youth B gets `b`
    (by default the same as A: a page about oneself)."""
    return {
        ANON: TO_YOUTH_SIGN_IN,
        **dict.fromkeys(STAFF, REFUSED),
        YOUTH_A: a,
        YOUTH_B: a if b is None else b,
    }


def a_only(a: Expect) -> dict[str, Expect]:
    """A page about one of A's own things, by id: youth B is told it does not exist."""
    return youth_only(a, NOT_FOUND)


def staff_only(allowed: dict[str, Expect]) -> dict[str, Expect]:
    """A staff page: staff sign-in first; youths and every role not listed are refused."""
    return {ANON: TO_STAFF_SIGN_IN, **dict.fromkeys(YOUTHS + STAFF, REFUSED), **allowed}


@dataclass(frozen=True)
class Case:
    """One kind of data for a route: the path (and form) with {placeholders} filled from
    the scenario's ids, and each role's outcome."""

    data_kind: str
    path: str
    expect: dict[str, Expect]
    form: dict[str, object] = field(default_factory=dict)


def one(path: str, expect: dict[str, Expect], data_kind: str = "-", **form: object) -> list[Case]:
    return [Case(data_kind, path, expect, form)]


# Placeholders: {a} {b} youth ids; {q_sent} A's sent quick check-in; {w_sent} A's sent
# where-I'm-at with a private answer; {s_sent} A's sent substances check-in, whose first
# answer can be "over now"; {h_sent} A's sent hope-and-goals (deleted by A last);
# {q_draft} A's quick check-in draft with a distress answer; {w_draft} A's where-I'm-at draft
# with its private section opened; {grant} A's share with the assigned advocate; {reset} a
# PIN reset for A asked for by the assigned advocate; {assigned} {later} … staff ids;
# {a_program} A's program; {role} the acting role, for per-role made-up sign-in names.
CHECK_IN = "/youth/check-ins/{q_draft}"
SENT = "/youth/check-ins/{q_sent}"
PRIVATE_SENT = "/youth/check-ins/{w_sent}"
HAPPENED_SENT = "/youth/check-ins/{s_sent}"  # A's sent substances check-in: it can be over
SHARE_FORM = {"to": "{assigned}", "ends": "never"}

ROUTES: dict[str, dict[str, list[Case]]] = {
    # Public pages: the same for everyone.
    "public.index": {"GET": one("/", everyone(ok()))},
    "public.support": {"GET": one("/support", everyone(ok()))},
    "public.staying_safe": {"GET": one("/staying-safe", everyone(ok()))},
    "public.account_deleted": {"GET": one("/account-deleted", everyone(ok()))},
    "public.health": {"GET": one("/healthz", everyone(ok("ok")))},
    "public.set_language": {
        "POST": one("/language", everyone(done("/support")), locale="en", next="/support")
    },
    # Ends the session (tried last, see SESSION_ENDING).
    "public.exit_now": {"GET": one("/exit", everyone(Expect(303, "{exit_url}")))},
    # Sign-in pages: open to all; a wrong name, code or password gets nobody anywhere.
    "auth.youth_sign_in": {
        "GET": one("/sign-in", everyone(ok())),
        "POST": one(
            "/sign-in",
            everyone(ok("The sign-in name or PIN is not right.")),
            name="nobody-{role}",
            secret="000000",
        ),
    },
    "auth.invite": {
        "GET": one("/invite", everyone(ok())),
        "POST": one("/invite", everyone(ok("That invite code does not work.")), code="NOPE-{role}"),
    },
    "auth.choose_sign_in": {
        "GET": one("/invite/choose", everyone(redirect("/invite"))),
        "POST": one(
            "/invite/choose",
            everyone(redirect("/invite")),
            name="taken-{role}",
            secret="592716",
            secret_again="592716",
        ),
    },
    "auth.recover": {
        "GET": one("/recover", everyone(ok())),
        "POST": one("/recover", everyone(ok("That code does not work.")), code="NOPE-{role}"),
    },
    "auth.choose_new_pin": {
        "GET": one("/recover/choose", everyone(redirect("/recover"))),
        "POST": one(
            "/recover/choose",
            everyone(redirect("/recover")),
            secret="592716",
            secret_again="592716",
        ),
    },
    "auth.backup_code_sign_in": {
        "GET": one("/sign-in/backup-code", everyone(ok())),
        "POST": one(
            "/sign-in/backup-code",
            everyone(ok("The sign-in name or backup code is not right.")),
            name="nobody-{role}",
            code="NOPE-NOPE-{role}",
        ),
    },
    "auth.backup_code_new_pin": {
        "GET": one("/sign-in/backup-code/new-pin", everyone(redirect("/sign-in/backup-code"))),
        "POST": one(
            "/sign-in/backup-code/new-pin",
            everyone(redirect("/sign-in/backup-code")),
            secret="592716",
            secret_again="592716",
        ),
    },
    "auth.staff_sign_in": {
        "GET": one("/staff/sign-in", everyone(ok())),
        "POST": one(
            "/staff/sign-in",
            everyone(ok("The email address or password is not right.")),
            email="nobody-{role}@example.org",
            password="not the password at all",
        ),
    },
    "auth.staff_code": {
        "GET": one("/staff/sign-in/code", everyone(TO_STAFF_SIGN_IN)),
        "POST": one("/staff/sign-in/code", everyone(TO_STAFF_SIGN_IN), code="123456"),
    },
    "auth.extend_session": {
        "POST": one("/session/extend", {**everyone(ok()), ANON: Expect(401)}),
    },
    # Ends the session (tried last).
    "auth.sign_out_view": {"POST": one("/sign-out", everyone(done("/")))},
    # The youth's own pages: about oneself, so A and B each get their own.
    "youth.home": {"GET": one("/youth/", youth_only(ok()))},
    "youth.wrong_tries_seen": {"POST": one("/youth/wrong-tries/seen", youth_only(done("/youth/")))},
    "youth.account_notice": {
        "GET": one("/youth/account-notice", youth_only(redirect("/youth/"))),
        "POST": one("/youth/account-notice", youth_only(done("/youth/", may_change=False))),
    },
    "youth.welcome": {"GET": one("/youth/welcome", youth_only(ok()))},
    "youth.assent": {
        "GET": one("/youth/welcome/agree", youth_only(ok())),
        "POST": one(
            "/youth/welcome/agree",
            youth_only(done("/youth/welcome/not-now", may_change=False)),
            answer="no",
        ),
    },
    "youth.not_now": {"GET": one("/youth/welcome/not-now", youth_only(ok()))},
    "youth.statistics": {
        "GET": one("/youth/statistics", youth_only(ok())),
        "POST": one("/youth/statistics", youth_only(done("/youth/")), counted="no"),
    },
    "youth.settings": {
        "GET": one("/youth/settings", youth_only(ok())),
        "POST": one(
            "/youth/settings",
            youth_only(done("/youth/settings?saved=1")),
            language="en",
            discreet_mode="y",
        ),
    },
    "youth.change_pin": {
        "GET": one("/youth/settings/pin", youth_only(ok())),
        "POST": one(
            "/youth/settings/pin",
            youth_only(ok("That is not your PIN or passphrase now.", may_change=False)),
            current="000000",
            secret="592716",
            secret_again="592716",
        ),
    },
    # Each youth's own code, shown once; then turned off again.
    "youth.backup_code": {
        "GET": one("/youth/backup-code", youth_only(ok())),
        "POST": one("/youth/backup-code", youth_only(ok('class="invite-code"'))),
    },
    "youth.turn_off_backup_code": {
        "POST": one("/youth/backup-code/off", youth_only(done("/youth/settings?saved=1")))
    },
    # Ends the session (tried last).
    "youth.sign_out_everywhere": {
        "POST": one("/youth/settings/sign-out-everywhere", youth_only(done("/")))
    },
    "youth.delete_account": {
        "GET": one("/youth/settings/delete", youth_only(ok())),
        # No choice made: the form comes back; the account stays.
        "POST": one(
            "/youth/settings/delete",
            youth_only(Expect(400, shows=("Choose when to delete your account",))),
        ),
    },
    "youth.cancel_deletion": {
        "POST": one(
            "/youth/settings/delete/cancel",
            youth_only(done("/youth/settings?saved=1", may_change=False)),
        )
    },
    "youth.my_data": {"GET": one("/youth/my-data", youth_only(ok()))},
    # The export: each youth gets their own data and nothing of the other's.
    "youth.download_my_data": {
        "POST": one(
            "/youth/my-data/download",
            youth_only(ok(A_TYPED, hides=(B_TYPED,)), ok(B_TYPED, hides=(A_TYPED,))),
            data_kind="json export",
            format="json",
        )
        + one(
            "/youth/my-data/download",
            youth_only(ok("%PDF-")),
            data_kind="pdf export, private answers included",
            format="pdf",
            sensitive="yes",
        )
    },
    "youth.who_has_seen": {
        "GET": one(
            "/youth/who-has-seen",
            youth_only(
                ok(hides=("Bo (",)), ok(hides=tuple(f"{name} (" for name in STAFF_NAMES.values()))
            ),
        )
    },
    "youth.my_check_ins": {
        "GET": one(
            "/youth/check-ins", youth_only(ok("{q_sent}"), ok(hides=("{q_sent}", "{w_sent}")))
        )
    },
    # Check-ins in progress: A's own by id; B is told they do not exist.
    "youth.start_check_in": {
        "POST": one(
            "/youth/check-ins",
            youth_only(done(CHECK_IN + "*"), done("/youth/check-ins/*")),
            instrument=QUICK,
        )
    },
    "youth.check_in": {
        "GET": one(CHECK_IN, a_only(ok()), "draft")
        + one(SENT, a_only(Expect(409)), "sent check-in")
        + one("/youth/check-ins/{unknown}", youth_only(NOT_FOUND), "unknown id")
    },
    "youth.restart": {
        # A's draft has the current questions: nothing to start again, it goes on as it is.
        "POST": one(CHECK_IN + "/restart", a_only(done(CHECK_IN + "/*")), "draft", choice="new")
        + one(SENT + "/restart", a_only(Expect(409)), "sent check-in", choice="new"),
    },
    "youth.question": {
        "GET": one(CHECK_IN + "/q/1", a_only(ok('value="7" id="answer-8" checked')), "draft"),
        "POST": one(
            CHECK_IN + "/q/1", a_only(done(CHECK_IN + "/q/2")), "draft", action="save", answer="7"
        )
        + one(SENT + "/q/1", a_only(Expect(409)), "sent check-in", action="save", answer="1"),
    },
    "youth.support_now": {"GET": one(CHECK_IN + "/q/3/support", a_only(ok()), "draft")},
    "youth.tell_now": {
        "POST": one(
            CHECK_IN + "/q/3/tell",
            a_only(done(CHECK_IN + "/q/3/support?told=1")),
            "draft answer",
            to="{assigned}",
        )
        + one(
            CHECK_IN + "/q/3/tell",
            a_only(Expect(400)),
            "draft answer, to someone off the team",
            to="{unassigned}",
        )
    },
    "youth.opt_in": {
        "GET": one("/youth/check-ins/{w_draft}/section/1", a_only(ok()), "private section"),
        "POST": one(
            "/youth/check-ins/{w_draft}/section/1",
            a_only(done("/youth/check-ins/{w_draft}/q/1")),
            "private section",
            action="yes",
        ),
    },
    "youth.check_out": {
        "GET": one("/youth/check-ins/{w_draft}/section/1/after", a_only(ok()), "private section"),
        "POST": one(
            "/youth/check-ins/{w_draft}/section/1/after",
            a_only(done("/youth/check-ins/{w_draft}/section/1/after/support")),
            "private section",
            feeling="very_upset",
        ),
    },
    "youth.check_out_support": {
        "GET": one(
            "/youth/check-ins/{w_draft}/section/1/after/support", a_only(ok()), "private section"
        )
    },
    "youth.take_break": {
        "GET": one(CHECK_IN + "/break", a_only(ok()), "draft"),
        "POST": one(CHECK_IN + "/break", a_only(done("/youth/?note=kept")), "draft", action="keep"),
    },
    "youth.review": {"GET": one(CHECK_IN + "/review", a_only(ok("7 out of 10")), "draft")},
    "youth.submit": {
        # Sending a sent check-in again changes nothing.
        "POST": one(SENT + "/submit", a_only(done(SENT + "/thanks")), "sent check-in")
    },
    "youth.thanks": {
        "GET": one(SENT + "/thanks", a_only(ok()), "sent check-in")
        + one(CHECK_IN + "/thanks", a_only(NOT_FOUND), "draft")
    },
    # Sent check-ins.
    "youth.sent_check_in": {
        "GET": one(SENT + "/answers", a_only(ok(A_TYPED)), "sent check-in")
        + one(
            PRIVATE_SENT + "/answers",
            a_only(ok("Something I make, like art, music or writing")),
            "sent check-in with a private answer",
        )
        + one(CHECK_IN + "/answers", a_only(NOT_FOUND), "draft")
    },
    "youth.share_check_in": {
        "GET": one(SENT + "/share", a_only(ok()), "sent check-in"),
        "POST": one(
            SENT + "/share",
            a_only(done("/youth/sharing?note=shared")),
            "sent check-in",
            detail="answers",
            **SHARE_FORM,
        ),
    },
    "youth.share_answer": {
        "GET": one(PRIVATE_SENT + "/share/1", a_only(ok("This is a private answer.")), "private"),
        "POST": one(
            PRIVATE_SENT + "/share/1",
            a_only(done("/youth/sharing?note=shared")),
            "private answer",
            to="{assigned}",
            ends="in_90_days",
        ),
    },
    "youth.mark_resolved": {
        "GET": one(HAPPENED_SENT + "/resolved/1", a_only(ok()), "something that happens")
        + one(PRIVATE_SENT + "/resolved/1", a_only(NOT_FOUND), "a change they chose"),
        "POST": one(
            HAPPENED_SENT + "/resolved/1",
            a_only(done(HAPPENED_SENT + "/answers?note=saved")),
            "something that happens",
            month="3",
            year="2025",
        ),
    },
    "youth.delete_check_in": {
        "GET": one("/youth/check-ins/{h_sent}/delete", a_only(ok()), "sent check-in"),
        "POST": one(
            "/youth/check-ins/{h_sent}/delete",
            a_only(done("/youth/check-ins?note=deleted")),
            "sent check-in",
        ),
    },
    # Sharing.
    "youth.sharing_home": {"GET": one("/youth/sharing", youth_only(ok()))},
    "youth.share_choose_kind": {"GET": one("/youth/sharing/new", youth_only(ok()))},
    "youth.share_new": {
        "GET": one("/youth/sharing/new/instrument", youth_only(ok()), "instrument")
        + one("/youth/sharing/new/domain", youth_only(ok()), "domain")
        + one("/youth/sharing/new/nonsense", youth_only(NOT_FOUND), "no such kind"),
        # B cannot name A's advocate: not on B's care team.
        "POST": one(
            "/youth/sharing/new/domain",
            youth_only(
                done("/youth/sharing?note=shared"),
                Expect(400, shows=("Choose at least one person on your team",)),
            ),
            "domain",
            what="hope",
            when="both",
            **SHARE_FORM,
        ),
    },
    "youth.share_preview": {
        "GET": one("/youth/sharing/preview/{assigned}", a_only(ok()), "A's advocate")
        + one(
            "/youth/sharing/preview/{unassigned}",
            youth_only(NOT_FOUND),
            "someone off the care team",
        )
    },
    "youth.change_sharing": {
        "GET": one("/youth/sharing/{grant}/change", a_only(ok()), "share")
        + one("/youth/sharing/{unknown}/change", youth_only(NOT_FOUND), "unknown id"),
        "POST": one(
            "/youth/sharing/{grant}/change",
            a_only(done("/youth/sharing?note=changed")),
            "share",
            **SHARE_FORM,
        )
        + one("/youth/sharing/{unknown}/change", youth_only(NOT_FOUND), "unknown id", **SHARE_FORM),
    },
    "youth.stop_sharing": {
        "POST": one(
            "/youth/sharing/{grant}/stop", a_only(done("/youth/sharing?note=stopped")), "share"
        )
        + one("/youth/sharing/{unknown}/stop", youth_only(NOT_FOUND), "unknown id")
    },
    # Admin pages. Listed before the advocate pages: the reset is approved here before the
    # advocate asks for its code below.
    "admin.home": {
        "GET": one(
            "/admin/",
            staff_only(
                {
                    ADMIN: ok("Asked for by Asha"),
                    OTHER_ADMIN: ok("None right now.", hides=("Asha",)),
                }
            ),
        )
    },
    "admin.approve_recovery": {
        "POST": one(
            "/admin/recovery/{reset}/approve",
            staff_only({ADMIN: done("/admin/")}),
            "A's PIN reset",
        )
        + one(
            "/admin/recovery/{unknown}/approve",
            staff_only({ADMIN: REFUSED}),
            "unknown id",
        )
    },
    "reports.home": {
        "GET": one("/reports/", staff_only(dict.fromkeys((PROGRAM, ADMIN, OTHER_ADMIN), ok())))
    },
    # Advocate pages.
    "advocate.home": {
        "GET": one(
            "/advocate/",
            staff_only(
                {
                    ASSIGNED: ok("Amaru", "New shares", hides=("Bea",)),
                    LATER: ok("Amaru", hides=("New shares", "Bea")),
                    **{
                        role: ok(hides=("Amaru", "Bea"))
                        for role in (UNASSIGNED, ADMIN, OTHER_ADVOCATE, OTHER_ADMIN)
                    },
                }
            ),
        )
    },
    "advocate.young_person": {
        "GET": one(
            "/advocate/youth/{a}",
            staff_only(
                {
                    ASSIGNED: ok("Amaru", "Hopefulness about the future"),
                    LATER: ok("Amaru", "Nothing is shared with you.", hides=("Quick check-in",)),
                }
            ),
            "youth A",
        )
        + one("/advocate/youth/{b}", staff_only({}), "youth B")
        + one(
            "/advocate/youth/{unknown}",
            staff_only(dict.fromkeys(ADVOCATE_PAGE_ROLES, NOT_FOUND)),
            "unknown id",
        )
    },
    "advocate.enrol": {
        "GET": one("/advocate/enrol", staff_only(dict.fromkeys(ADVOCATE_PAGE_ROLES, ok()))),
        # Into A's program: the other organisation cannot choose it.
        "POST": one(
            "/advocate/enrol",
            staff_only(
                {
                    **dict.fromkeys(
                        (ASSIGNED, LATER, UNASSIGNED, ADMIN), ok('class="invite-code"')
                    ),
                    **dict.fromkeys(
                        (OTHER_ADVOCATE, OTHER_ADMIN),
                        ok(hides=('class="invite-code"',), may_change=False),
                    ),
                }
            ),
            "A's program",
            preferred_name="Matrix",
            program="{a_program}",
            consent="y",
            consent_on="{today}",
        ),
    },
    "advocate.request_recovery": {
        # On the team: the reset already asked for is kept, not asked for twice.
        "POST": one(
            "/advocate/youth/{a}/recovery",
            staff_only(dict.fromkeys((ASSIGNED, LATER), done("/advocate/", may_change=False))),
            "youth A",
        )
        + one("/advocate/youth/{b}/recovery", staff_only({}), "youth B")
    },
    "advocate.recovery_code": {
        "POST": one(
            "/advocate/recovery/{reset}/code",
            staff_only({ASSIGNED: ok('class="invite-code"')}),
            "A's approved PIN reset",
        )
        # Asked again (a reload): no second code.
        + one(
            "/advocate/recovery/{reset}/code",
            staff_only(
                {
                    ASSIGNED: Expect(
                        409, shows=("The code was already shown",), hides=("invite-code",)
                    )
                }
            ),
            "A's PIN reset, its code shown",
        )
    },
}

# Routes that end the caller's session: tried after all others, in this order; each one
# must end the caller's session (when it says so) and no one else's.
SESSION_ENDING = (
    ("youth.sign_out_everywhere", "POST"),
    ("auth.sign_out_view", "POST"),
    ("public.exit_now", "GET"),
)


def served_routes(app) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_the_app_serves_is_in_the_matrix(app):
    served = served_routes(app)
    listed = {(endpoint, method) for endpoint, methods in ROUTES.items() for method in methods}
    missing = sorted(f"{method} {endpoint}" for endpoint, method in served - listed)
    gone = sorted(f"{method} {endpoint}" for endpoint, method in listed - served)
    assert not missing, f"routes not in the access matrix (add them to ROUTES): {missing}"
    assert not gone, f"routes in the access matrix that the app does not serve: {gone}"
    assert set(ROUTES) == {endpoint for endpoint, _ in served}
    for endpoint, methods in ROUTES.items():
        for method, cases in methods.items():
            for case in cases:
                lacking = set(ROLES) - set(case.expect)
                assert not lacking, (
                    f"{method} {endpoint} ({case.data_kind}): no outcome for {lacking}"
                )


# Walking the routes ---------------------------------------------------------------------

SIZE: dict[str, int] = {}
# Whatever the route and whatever the status: text only these roles may ever get back.
ONLY_FOR = {
    A_TYPED: {YOUTH_A},  # typed by A; no page in the route walk shows A's answers to others
    B_TYPED: {YOUTH_B},
    YOUTH_NAMES[YOUTH_A]: {YOUTH_A, ASSIGNED, LATER},  # A's name: A and A's care team
    YOUTH_NAMES[YOUTH_B]: {YOUTH_B},
}


# CSRF tokens are random letters and digits: one held "Bea" by chance once. Not a page's text.
TOKENS = re.compile(r"[\w-]{20,}\.[\w-]{4,}\.[\w-]{10,}")  # payload.time.signature


def leaks(where: str, role: str, body: str) -> list[str]:
    body = TOKENS.sub("", body)
    return [
        f"{where}: shows {text!r}, which is not for {role}"
        for text, allowed in ONLY_FOR.items()
        if role not in allowed and text in body
    ]


def _fill(value: object, values: dict[str, str]) -> object:
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    return str(value).format(**values)


def _matches(location: str, wanted: str) -> bool:
    return location.startswith(wanted[:-1]) if wanted.endswith("*") else location == wanted


class Walker:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.adapter = scenario.app.url_map.bind("localhost")
        self.problems: list[str] = []
        self.tried = 0

    def values(self, role: str) -> dict[str, str]:
        return {key: str(value) for key, value in self.scenario.ids.items()} | {
            "role": role.replace(" ", "-").replace("'", "")
        }

    def attempt(self, endpoint: str, method: str, case: Case, role: str) -> Expect:
        app, client = self.scenario.app, self.scenario.clients[role]
        values = self.values(role)
        path = case.path.format(**values)
        where = f"{method} {endpoint} [{case.data_kind}] as {role} ({path})"
        matched, _ = self.adapter.match(path.split("?")[0], method=method)
        assert matched == endpoint, f"{where}: the path reaches {matched}"
        expect = case.expect[role]
        form = {key: _fill(value, values) for key, value in case.form.items()}
        watch = method == "POST" and not expect.changes_allowed()
        before = fingerprint(app) if watch else None
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": self.scenario.token(role), **form})
        self.tried += 1
        self.check(where, role, response, expect, values)
        if before is not None:
            changed = changed_tables(before, fingerprint(app))
            if changed:
                self.problems.append(f"{where}: refused, yet changed {changed}")
        return expect

    def check(
        self, where: str, role: str, response, expect: Expect, values: dict[str, str]
    ) -> None:
        body = html.unescape(response.get_data().decode("utf-8", "replace"))
        self.problems += leaks(where, role, body)
        if response.status_code != expect.status:
            self.problems.append(f"{where}: {response.status_code}, expected {expect.status}")
            return
        if expect.location is not None:
            location = response.headers.get("Location", "")
            if not _matches(location, expect.location.format(**values)):
                self.problems.append(f"{where}: went to {location!r}, not {expect.location!r}")
        for text in expect.shows:
            if text.format(**values) not in body:
                self.problems.append(f"{where}: does not show {text!r}")
        for text in expect.hides:
            if text.format(**values) in body:
                self.problems.append(f"{where}: shows {text!r}")

    def walk(self, endpoint: str, method: str) -> None:
        for case in ROUTES[endpoint][method]:
            for role in ROLES:
                self.attempt(endpoint, method, case, role)

    def walk_session_ending(self) -> None:
        """Each of these ends only the caller's session; everyone is signed in again after
        it (staff with the next TOTP step), except after the last."""
        signed_in = set(ROLES) - {ANON}
        for number, (endpoint, method) in enumerate(SESSION_ENDING):
            last = number == len(SESSION_ENDING) - 1
            for case in ROUTES[endpoint][method]:
                for role in ROLES:
                    expect = self.attempt(endpoint, method, case, role)
                    ends = role != ANON and expect.status == 303
                    for other in sorted(signed_in):
                        wanted = not (ends and other == role)
                        if self.scenario.is_signed_in(other) != wanted:
                            self.problems.append(
                                f"{method} {endpoint} as {role}: {other} is "
                                f"{'not ' if wanted else ''}signed in afterwards"
                            )
                    if ends:
                        signed_in.discard(role)
                        if not last:
                            self.scenario.sign_in(role, again=role in STAFF)
                            signed_in.add(role)
                    self.scenario.forget_token(role)


def route_scenario(app) -> Scenario:
    """A's data in every state the routes need, B's own check-in, a share and a PIN reset."""
    scenario = build(app)
    ids = scenario.ids
    ids["q_sent"] = send_quick(scenario)
    ids["w_sent"] = send_where_im_at(scenario)
    ids["s_sent"] = send_substances(scenario)
    hope = start(scenario, YOUTH_A, "hope-and-goals")
    save(scenario, YOUTH_A, f"{hope}/q/1", answer="2")
    ids["h_sent"] = submit(scenario, YOUTH_A, hope)
    draft = start(scenario, YOUTH_A, QUICK)
    save(scenario, YOUTH_A, f"{draft}/q/1", answer="7")
    scenario.post(YOUTH_A, f"{draft}/q/3", action="save", answer="0")  # then the support page
    ids["q_draft"] = draft.rsplit("/", 1)[1]
    where = start(scenario, YOUTH_A, WHERE)
    save(scenario, YOUTH_A, f"{where}/section/1", action="yes")
    ids["w_draft"] = where.rsplit("/", 1)[1]
    send_for_b(scenario)
    shared = scenario.post(
        YOUTH_A,
        "/youth/sharing/new/domain",
        what="hope",
        when="both",
        to=ids["assigned"],
        ends="never",
    )
    assert shared.status_code == 303
    (ids["grant"],) = grant_ids(app, str(ids["a"]), str(ids["assigned"]))
    add_to_care_team(app, str(ids["a"]), scenario.logins[LATER].id)  # after the share
    ids["reset"] = ask_for_reset(scenario)
    ids["unknown"] = "0" * 32
    ids["today"] = datetime.now(UTC).date().isoformat()
    return scenario


def test_every_route_with_every_role(app):
    walker = Walker(route_scenario(app))
    ordered = [
        (endpoint, method)
        for method in ("GET", "POST")
        for endpoint, methods in ROUTES.items()
        if method in methods and (endpoint, method) not in SESSION_ENDING
    ]
    for endpoint, method in ordered:
        walker.walk(endpoint, method)
    walker.walk_session_ending()
    SIZE["routes"] = walker.tried
    assert walker.tried >= 950
    cases = sum(len(cases) for methods in ROUTES.values() for cases in methods.values())
    assert walker.tried == cases * len(ROLES)
    assert not walker.problems, "\n".join(walker.problems)


# What each role sees of each kind of data, in each share state --------------------------

SCORE_LABELS = (
    "Mental health",
    "Physical safety",
    "Hopefulness about the future",
    "Connection to caregivers, mentors and providers",
)
# (7 + 3) / 2 of 10, then the three answers as codes, each out of its highest answer
QUICK_SCORES = ("5 out of 10", "2 out of 3", "1 out of 3", "2 out of 2")
QUICK_QUESTIONS = (
    "How are you doing today?",
    "How calm do you feel today?",
    "How safe do you feel today?",
    "Today, I feel good things can come my way.",
    "Is there someone you can talk to if you need to?",
    "What do you need right now?",
    "What else do you need?",
)
QUICK_ANSWERS_SHOWN = (
    "7 out of 10",
    "3 out of 10",
    "Mostly safe",
    "A little true",
    "Yes, for sure",
    "Food, Something else",
    A_TYPED,
)
WHERE_QUESTIONS = (
    "What is the change about?",  # private
    "In your own words, what is the change?",  # private
    "Which way do you want it to go?",
    "Where are you with this change?",
    "How much does this change matter to you?",
    "How sure are you that you can make this change?",
)
READINESS = "Stage of change and readiness"  # three scales: the stage and the two rulers
NS = "Not shared"


OFFICIAL_NAMES = {
    str(name): str(domains.ALL_DOMAINS[domain]) for domain, name in domains.YOUTH_NAMES.items()
}


def in_frameworks_words(view: View) -> View:
    """A youth's preview names each score's topic in their own words: read it back as
    staff see it, to compare the rest exactly."""
    check_ins = tuple(
        (title, tuple((OFFICIAL_NAMES.get(key, key), value) for key, value in scores), answers)
        for title, scores, answers in view.check_ins
    )
    return View(view.told, check_ins)


def quick(scores: tuple[str, ...], answers: tuple[str, ...]) -> tuple:
    return (
        "Quick check-in",
        tuple(zip(SCORE_LABELS, scores, strict=True)),
        tuple(zip(QUICK_QUESTIONS, answers, strict=True)),
    )


def where(scores: tuple[str, ...], answers: tuple[str, ...]) -> tuple:
    return (
        "Where I'm at",
        tuple(zip((READINESS,) * 3, scores, strict=True)),
        tuple(zip(WHERE_QUESTIONS, answers, strict=True)),
    )


# Exactly what the assigned advocate sees for each way of sharing. A broad share never
# includes the private answer (which areas matter) nor the scores made from private answers.
SEES = {
    "instrument scores": View(check_ins=(quick(QUICK_SCORES, (NS,) * 7),)),
    "instrument scores and answers": View(check_ins=(quick(QUICK_SCORES, QUICK_ANSWERS_SHOWN),)),
    "domain hope": View(check_ins=(quick((NS, NS, "1 out of 3", NS), (NS,) * 7),)),
    "one check-in with answers": View(
        check_ins=(
            where(
                ("Not enough answers for a score", "8 out of 10", "6 out of 10"),
                (
                    NS,
                    NS,
                    "Start something or do more of it",
                    "Not asked",
                    "8 out of 10",
                    "6 out of 10",
                ),
            ),
        )
    ),
    "one private answer": View(
        check_ins=(where((NS,) * 3, ("Something I make, like art, music or writing",) + (NS,) * 5),)
    ),
    "tell now": View(told=(("How safe do you feel today?", "I don't feel safe today"),)),
}


class ShareStates:
    """A's data through every share state; after each step, every role opens the staff
    page for A, and the outcome is compared with what that role must see."""

    def __init__(self, app) -> None:
        self.app = app
        self.scenario = build(app)
        self.q_sent = send_quick(self.scenario)
        self.w_sent = send_where_im_at(self.scenario)
        send_for_b(self.scenario)
        self.a = str(self.scenario.ids["a"])
        self.page = f"/advocate/youth/{self.a}"
        self.assigned = self.scenario.logins[ASSIGNED].id
        self.later_on_team = False
        self.nothing: dict[str, bytes] = {}  # each role's "decide later" page
        self.problems: list[str] = []
        self.looked = 0
        self.told: dict[str, object] = {}

    def get(self, role: str, path: str):
        self.looked += 1
        return self.scenario.clients[role].get(path)

    def look(self, state: str, wanted: View) -> None:
        for role in ROLES:
            self.look_as(state, role, wanted if role == ASSIGNED else NOTHING)
        self.look_at_previews(state, wanted)
        self.look_at_notices(state, wanted)

    def look_as(self, state: str, role: str, wanted: View) -> None:
        response = self.get(role, self.page)
        where_ = f"{state}: {role}"
        if role != ASSIGNED:  # (what the assigned advocate sees is compared in full below)
            self.problems += leaks(where_, role, html.unescape(response.get_data(as_text=True)))
        if role == ANON:
            expected = (302, "/staff/sign-in")
        elif role == ASSIGNED or (role == LATER and self.later_on_team):
            expected = (200, None)
        else:  # youths, program staff, and staff not on A's care team
            expected = (403, None)
        got = (response.status_code, response.headers.get("Location"))
        if got != expected:
            self.problems.append(f"{where_}: got {got}, expected {expected}")
            return
        if response.status_code != 200:
            return
        page = response.get_data(as_text=True)
        if shared_view(page) != wanted:
            self.problems.append(f"{where_}: sees {shared_view(page)}, expected {wanted}")
        if wanted == NOTHING:
            if "Nothing is shared with you." not in page:
                self.problems.append(f"{where_}: no 'Nothing is shared with you.'")
            body = clock_free(response.get_data())
            if self.nothing.setdefault(role, body) != body:
                self.problems.append(
                    f"{where_}: the page is not byte-identical to the first one showing nothing"
                )

    def look_at_previews(self, state: str, wanted: View) -> None:
        """A's preview of each person on the team is what that person sees; B has none."""
        team = [(ASSIGNED, wanted)] + ([(LATER, NOTHING)] if self.later_on_team else [])
        for role, view in team:
            preview = self.get(YOUTH_A, f"/youth/sharing/preview/{self.scenario.logins[role].id}")
            seen = in_frameworks_words(shared_view(preview.get_data(as_text=True)))
            if preview.status_code != 200 or seen != view:
                self.problems.append(f"{state}: A's preview of {role} is not what they see")
        if self.get(YOUTH_B, f"/youth/sharing/preview/{self.assigned}").status_code != 404:
            self.problems.append(f"{state}: B opened a preview of A's advocate")

    def look_at_notices(self, state: str, wanted: View) -> None:
        """The advocate's "New shares" notice (a link to A's page) only while a share is on."""
        home = html.unescape(self.get(ASSIGNED, "/advocate/").get_data(as_text=True))
        notice = (
            home.split("<h2>New shares</h2>", 1)[1].split("</ul>")[0]
            if "New shares" in home
            else ""
        )
        if bool(notice) != (wanted != NOTHING):
            self.problems.append(f"{state}: the new-share notice is {'on' if notice else 'off'}")
        if notice and f'href="{self.page}"' not in notice:
            self.problems.append(f"{state}: the notice does not link to A's page")
        if ("Wants you to see an answer now" in notice) != bool(wanted.told):
            self.problems.append(f"{state}: the tell-now tag is wrong")

    # A's actions, through A's pages (and the service, for a share already past its end).

    def share(self, path: str, **form: object) -> None:
        response = self.scenario.post(YOUTH_A, path, **form)
        assert response.status_code == 303, response.get_data(as_text=True)

    def to_assigned(self) -> dict[str, str]:
        return {"to": self.assigned, "ends": "never"}

    def stop_all(self) -> None:
        for grant_id in grant_ids(self.app, self.a, self.assigned):
            stopped = self.scenario.post(YOUTH_A, f"/youth/sharing/{grant_id}/stop")
            assert stopped.headers["Location"] == "/youth/sharing?note=stopped"

    def expired(self, scope: str, ref: str, **extra: object) -> None:
        with self.app.app_context():
            gone = datetime.now(UTC) - timedelta(seconds=1)
            sharing.create(self.a, [self.assigned], scope, ref, until=gone, **extra)
            db.session.commit()

    def tell_now(self) -> None:
        base = start(self.scenario, YOUTH_A, QUICK)
        self.scenario.post(YOUTH_A, f"{base}/q/3", action="save", answer="0")
        self.share(f"{base}/q/3/tell", to=self.assigned)
        with self.app.app_context():
            grants = sharing.grants_of(self.a)  # newest first
            grant = next(grant for grant in grants if grant.scope == sharing.ANSWER_NOW)
            self.told = {"ref": grant.ref, "answer": grant.answer}
            db.session.remove()

    def kinds(self) -> dict[str, tuple]:
        """Each way of sharing: how A shares it, and the same share already ended."""
        broad = {"when": "both", **self.to_assigned()}
        instrument = "/youth/sharing/new/instrument"
        return {
            "instrument scores": (
                lambda: self.share(instrument, what=QUICK, detail="scores", **broad),
                lambda: self.expired(sharing.INSTRUMENT, QUICK),
            ),
            "instrument scores and answers": (
                lambda: self.share(instrument, what=QUICK, detail="answers", **broad),
                lambda: self.expired(sharing.INSTRUMENT, QUICK, detail=sharing.ANSWERS),
            ),
            "domain hope": (
                lambda: self.share("/youth/sharing/new/domain", what="hope", **broad),
                lambda: self.expired(sharing.DOMAIN, "hope"),
            ),
            "one check-in with answers": (
                lambda: self.share(
                    f"/youth/check-ins/{self.w_sent}/share", detail="answers", **self.to_assigned()
                ),
                lambda: self.expired(sharing.CHECK_IN, self.w_sent, detail=sharing.ANSWERS),
            ),
            "one private answer": (
                lambda: self.share(
                    f"/youth/check-ins/{self.w_sent}/share/1", to=self.assigned, ends="in_90_days"
                ),
                lambda: self.expired(sharing.ANSWER, self.w_sent, answer={"item": "change_area"}),
            ),
            "tell now": (
                self.tell_now,
                lambda: self.expired(
                    sharing.ANSWER_NOW, str(self.told["ref"]), answer=self.told["answer"]
                ),
            ),
        }


def test_what_each_role_sees_in_each_share_state(app):
    """Six ways of sharing, each shared, then revoked, then expired; before them "decide
    later" and "unshared". Only the assigned advocate ever sees anything, and exactly what
    was shared; every page showing nothing is byte-identical, for the same client, to the
    first one (clock_free blanks only the session countdown and the CSRF time stamps)."""
    states = ShareStates(app)
    youth = states.scenario.clients[YOUTH_A]

    # "Decide later": A sent both check-ins, read the thanks page and chose "Decide later".
    thanks = youth.get(f"/youth/check-ins/{states.q_sent}/thanks").get_data(as_text=True)
    assert 'href="/youth/">Decide later' in thanks
    youth.get("/youth/")
    states.look("decide later", NOTHING)

    # Unshared: everything A has, shared with someone else on A's team, not these people.
    program = someone_else_on_the_team(states.scenario)
    for instrument in (QUICK, WHERE):
        states.share(
            "/youth/sharing/new/instrument",
            what=instrument,
            detail="answers",
            when="both",
            to=program,
            ends="never",
        )
    states.share(f"/youth/check-ins/{states.w_sent}/share/1", to=program, ends="never")
    states.look("unshared", NOTHING)

    cases = 2
    for kind, (make, make_expired) in states.kinds().items():
        make()
        if not states.later_on_team:
            add_to_care_team(app, states.a, states.scenario.logins[LATER].id)  # after the share
            states.later_on_team = True
        states.look(f"shared: {kind}", SEES[kind])
        states.stop_all()  # then the advocate opens the same link again
        states.look(f"revoked: {kind}", NOTHING)
        make_expired()
        states.look(f"expired: {kind}", NOTHING)
        cases += 3
    assert cases == 2 + 3 * len(SEES)

    # A's "who has seen" names everyone who read, and everyone who tried and was stopped.
    log = html.unescape(youth.get("/youth/who-has-seen").get_data(as_text=True))
    for line in (
        "Asha (advocate) saw your “Quick check-in” scores and answers",
        "Asha (advocate) saw your “Where I'm at” answers",
        "Asha (advocate) saw the answer you chose to tell them",
        "Leon (advocate) opened your page and saw your name",
        "Uma (advocate) tried to see your name and was stopped",
        "Ade (admin) tried to see your name and was stopped",
        "Otto (advocate) tried to see your name and was stopped",
        "Olga (admin) tried to see your name and was stopped",
    ):
        if line not in log:
            states.problems.append(f"A's access log lacks: {line}")
    if "Leon (advocate) saw your" in log:
        states.problems.append("A's access log says the later advocate saw a check-in")
    b_log = html.unescape(
        states.scenario.clients[YOUTH_B].get("/youth/who-has-seen").get_data(as_text=True)
    )
    for name in STAFF_NAMES.values():
        if f"{name} (" in b_log:
            states.problems.append(f"B's access log names {name}")

    SIZE["share states"] = states.looked
    SIZE["share cases"] = cases
    assert cases == 20
    assert not states.problems, "\n".join(states.problems)


def test_a_youth_s_preview_is_never_recorded_as_a_staff_read(app):
    """The preview shows the youth exactly what a staff member sees. The youth looking is
    not that person reading: nothing may be audited as their read, told-now answers included."""
    scenario = build(app)
    a = str(scenario.ids["a"])
    assigned = scenario.logins[ASSIGNED].id
    send_quick(scenario)
    scenario.post(
        YOUTH_A,
        "/youth/sharing/new/instrument",
        what=QUICK,
        detail="answers",
        when="both",
        to=assigned,
        ends="never",
    )
    base = start(scenario, YOUTH_A, QUICK)
    scenario.post(YOUTH_A, f"{base}/q/3", action="save", answer="0")
    told = scenario.post(YOUTH_A, f"{base}/q/3/tell", to=assigned)
    assert told.status_code == 303

    def reads_by_assigned() -> int:
        with app.app_context():
            found = db.session.scalars(
                select(AuditEvent).where(
                    AuditEvent.subject_id == a, AuditEvent.actor_id == assigned
                )
            ).all()
            db.session.remove()
            return len(found)

    before = reads_by_assigned()
    preview = scenario.clients[YOUTH_A].get(f"/youth/sharing/preview/{assigned}")
    assert shared_view(preview.get_data(as_text=True)).told == SEES["tell now"].told
    assert reads_by_assigned() == before, "the youth's preview was audited as the advocate's read"
    log = html.unescape(scenario.clients[YOUTH_A].get("/youth/who-has-seen").get_data(as_text=True))
    assert "Asha" not in log  # the advocate never opened anything


def someone_else_on_the_team(scenario) -> str:
    """An advocate on A's care team who is none of the roles the matrix looks through."""
    import secrets

    from tests.web.staff_helpers import make_staff
    from youthvoice.models import CareTeamMember

    other = make_staff(scenario.app, "advocate", f"else-{secrets.token_hex(4)}@example.org")
    with scenario.app.app_context():
        db.session.add(CareTeamMember(youth_id=str(scenario.ids["a"]), staff_id=other.id))
        db.session.commit()
        db.session.remove()
    return other.id


def test_matrix_size():
    """The size of the matrix (pytest -s prints it); each walk asserts its own count."""
    routes = len({(e, m) for e, methods in ROUTES.items() for m in methods})
    route_cases = sum(len(cases) for methods in ROUTES.values() for cases in methods.values())
    print(
        f"\naccess matrix: {routes} routes (endpoint × method) in {route_cases} cases "
        f"(kinds of data) × {len(ROLES)} roles = {route_cases * len(ROLES)} requests; "
        f"staff view: {len(SEES)} kinds of share × shared/revoked/expired + unshared + "
        f"decide later = {len(SEES) * 3 + 2} states × {len(ROLES)} roles"
    )
    assert route_cases * len(ROLES) >= 950
    assert len(SEES) * 3 + 2 == 20
