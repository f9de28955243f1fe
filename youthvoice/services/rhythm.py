"""When a check-in is due: from the rhythm its instrument declares and when one was last sent.

Pure (times in, an answer out), so the boundaries are tested as a table. Due is about what
the questions look back over, not how long they take: a monthly check-in asked every week
would count the same days four times.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# Due again this long after the last one was sent. Four weeks, not a calendar month: a
# youth who checks in on a Monday is asked again on a Monday.
BETWEEN = {
    "weekly": timedelta(days=7),
    "monthly": timedelta(days=28),
    "quarterly": timedelta(days=90),
}
ONCE = "once"  # due until sent once; after that, only if the youth chooses it
ON_REQUEST = "on_request"  # never due; always there to choose


def is_due(rhythm: str, last_sent: datetime | None, now: datetime) -> bool:
    if rhythm == ON_REQUEST:
        return False
    if last_sent is None:
        return True
    next_time = next_due(rhythm, last_sent)
    return next_time is not None and now >= next_time


def next_due(rhythm: str, last_sent: datetime | None) -> datetime | None:
    """When a check-in sent at last_sent is due again; None when it never will be by itself
    (sent once, on request only) or has never been sent (then it is due now, if ever)."""
    if last_sent is None or rhythm not in BETWEEN:
        return None
    return last_sent + BETWEEN[rhythm]
