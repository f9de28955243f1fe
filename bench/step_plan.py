"""What one check-in step is, and when each server is driven: shared by bench_step.py (the
runner) and step_locustfile.py (the locust users).

No imports beyond the standard library: the locust process must not load YouthVoice, and
the runner must not load locust (it patches the standard library with gevent on import).

The two servers are driven in turns ("phases") within one locust run, rather than one after
the other: on a shared machine the load from other work changes from one minute to the next,
and turns of a few seconds, in the order A B B A A B B A…, give both servers the same
conditions. In the last GAP_SECONDS of a phase no step starts, so the steps under way finish
before the other server's turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PIN = "493817"
INSTRUMENT = "quick-check-in"
# The answer POSTed to question n of quick-check-in (two 0–10 scales, three single choices).
# None is a distress answer: question 3's "0" would redirect to the support page instead.
ANSWERS = {1: "7", 2: "6", 3: "2", 4: "2", 5: "2"}
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHECK_IN_URL = re.compile(r"/youth/check-ins/([0-9a-f]{32})")

TARGETS = ("app", "baseline")
WARM_UP_PHASE_SECONDS = 2.5  # one turn each, not counted: sign-in, first pages, pools
PHASE_SECONDS = 4.0
GAP_SECONDS = 1.0
PHASES = 10  # counted turns, half each
TAIL_SECONDS = 2.0  # idle at the end, so locust's CSV (written each second) has every step


@dataclass(frozen=True)
class Phase:
    target: str
    begins: float  # seconds after the load starts
    last_start: float  # no step starts after this
    ends: float
    counted: bool


def schedule() -> list[Phase]:
    phases = []
    at = 0.0
    for target in TARGETS:
        phases.append(_phase(target, at, WARM_UP_PHASE_SECONDS, counted=False))
        at += WARM_UP_PHASE_SECONDS
    for turn in range(PHASES):
        target = TARGETS[0] if turn % 4 in (0, 3) else TARGETS[1]  # A B B A A B B A …
        phases.append(_phase(target, at, PHASE_SECONDS, counted=True))
        at += PHASE_SECONDS
    return phases


def _phase(target: str, begins: float, seconds: float, *, counted: bool) -> Phase:
    return Phase(target, begins, begins + seconds - GAP_SECONDS, begins + seconds, counted)


def counted_seconds(target: str) -> float:
    """The time steps against the target may start in, while counted: steps/s divide by it."""
    return sum(p.last_start - p.begins for p in schedule() if p.counted and p.target == target)


def total_seconds() -> float:
    return schedule()[-1].ends + TAIL_SECONDS


def sign_in_name(number: int) -> str:
    """The sign-in name of bench youth number `number` (one per simulated client)."""
    return f"bench-{number:02d}"


def question_number(step: int) -> int:
    """Steps walk questions 1..5 and round again."""
    return step % len(ANSWERS) + 1


def step_form(token: str, number: int) -> dict[str, str]:
    return {"csrf_token": token, "action": "save", "answer": ANSWERS[number]}
