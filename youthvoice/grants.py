"""A share grant as plain values: what a youth shared, with whom, from when, until when.

It lives below the services so the access policy (policy.py) can decide from grants
without reading storage; services/sharing.py records, seals, opens and revokes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

INSTRUMENT = "instrument"  # every check-in of one instrument
DOMAIN = "domain"  # the scores of one domain (e.g. hope), across instruments
CHECK_IN = "check_in"  # one check-in
ANSWER = "answer"  # one answer of one sent check-in (the only way to share a sensitive one)
ANSWER_NOW = "answer_now"  # "Tell my advocate now": a copy of one answer, as it was then
SCOPES = (INSTRUMENT, DOMAIN, CHECK_IN, ANSWER, ANSWER_NOW)
SCORES, ANSWERS = "scores", "answers"
PAST, FUTURE, BOTH = "past", "future", "both"


@dataclass(frozen=True)
class Grant:
    """One opened grant. Times are timezone-aware (UTC)."""

    id: str
    youth_id: str
    created_at: datetime
    to: list[str]
    scope: str
    ref: str
    detail: str = SCORES
    when: str = BOTH
    until: datetime | None = None
    answer: dict | None = None  # ANSWER: item; ANSWER_NOW: instrument, item, value
    revoked_at: datetime | None = None

    def in_force(self, now: datetime) -> bool:
        """Stopping and expiry count at once: checked on every read, no job needed."""
        if self.revoked_at is not None:
            return False
        return self.until is None or now < self.until

    def covers_time(self, submitted_at: datetime) -> bool:
        """Past shares cover check-ins sent until the share was made; future ones, after."""
        if self.when == PAST:
            return submitted_at <= self.created_at
        if self.when == FUTURE:
            return submitted_at > self.created_at
        return True
