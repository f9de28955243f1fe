"""What one check-in step is, shared by the runner (bench_step.py) and the locust users.

No imports beyond the standard library: the locust process must not load YouthVoice, and
the runner must not load locust (it patches the standard library with gevent on import).
"""

from __future__ import annotations

import re

PIN = "493817"
INSTRUMENT = "quick-check-in"
# The answer POSTed to question n of quick-check-in (two 0–10 scales, three single choices).
# None is a distress answer: question 3's "0" would redirect to the support page instead.
ANSWERS = {1: "7", 2: "6", 3: "2", 4: "2", 5: "2"}
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHECK_IN_URL = re.compile(r"/youth/check-ins/([0-9a-f]{32})")


def sign_in_name(number: int) -> str:
    """The sign-in name of bench youth number `number` (one per simulated client)."""
    return f"bench-{number:02d}"


def question_number(step: int) -> int:
    """Steps walk questions 1..5 and round again."""
    return step % len(ANSWERS) + 1


def step_form(token: str, number: int) -> dict[str, str]:
    return {"csrf_token": token, "action": "save", "answer": ANSWERS[number]}
