"""The check-ins on the youth's home page: what to finish, the one to do now, the rest by group.

A wall of equal Start buttons gives no place to begin, so one check-in is put first: the
quick check-in (group "now") when it is due, else the first due one in the program's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from youthvoice.i18n import translate
from youthvoice.services.checkins import Offer
from youthvoice.surveys.loader import Instrument

NOW = "now"
# "More check-ins" shows its groups in this order; the quick check-in sits with feelings.
GROUP_HEADINGS = {
    "feelings": _l("How I feel"),
    "daily_life": _l("My everyday life"),
    "safety": _l("Staying safe"),
    "me": _l("About me and my goals"),
}
SHOWN_UNDER = {NOW: "feelings"}
RHYTHM_WORDS = {
    "weekly": _l("Your weekly check-in."),
    "monthly": _l("Your monthly check-in."),
    "quarterly": _l("Your check-in every 3 months."),
    "once": _l("You do this one only once."),
}
FIRST_TIME = _l("A good place to start.")
# A sentence ends at . ! or ? and a space, or at a full stop that needs no space (。).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class Group:
    key: str  # the instruments' `group` (feelings, daily_life, safety, me)
    heading: str
    offers: list[Offer]


@dataclass(frozen=True)
class HomeCheckIns:
    drafts: list[Offer]
    now: Offer | None  # the one check-in to start now
    why_now: str  # why that one, in plain words
    up_to_date: bool  # nothing is due, started or not
    soonest: Offer | None  # when up to date: the one due next (None: none comes due by itself)
    quick: Offer | None  # when up to date: the quick check-in, there to do all the same
    groups: list[Group]  # everything else the youth may start


def arrange(offers: list[Offer], now: datetime | None = None) -> HomeCheckIns:
    drafts = [offer for offer in offers if offer.draft_id]
    startable = [offer for offer in offers if not offer.draft_id]
    first = _first_due(startable)
    up_to_date = not any(offer.due for offer in offers)
    quick = next((o for o in startable if _group(o) == NOW), None) if up_to_date else None
    soonest = _soonest(offers) if up_to_date else None
    rest = [offer for offer in startable if offer is not first and offer is not quick]
    why = _why_now(first, offers, now or datetime.now(UTC)) if first else ""
    return HomeCheckIns(drafts, first, why, up_to_date, soonest, quick, _grouped(rest))


def summary(instrument: Instrument) -> str:
    """What a check-in asks about, in one line: the first sentence of its intro, in the page
    language (survey text stays in the instrument files)."""
    return SENTENCE_END.split(translate(instrument.data["intro"]).strip(), maxsplit=1)[0]


def _group(offer: Offer) -> str:
    return offer.instrument.data["group"]


def _shown_under(offer: Offer) -> str:
    return SHOWN_UNDER.get(_group(offer), _group(offer))


def _first_due(offers: list[Offer]) -> Offer | None:
    due = [offer for offer in offers if offer.due]
    return next((offer for offer in due if _group(offer) == NOW), due[0] if due else None)


def _soonest(offers: list[Offer]) -> Offer | None:
    dated = [offer for offer in offers if offer.next_due is not None]
    return min(dated, key=lambda offer: offer.next_due, default=None)


def _why_now(offer: Offer, offers: list[Offer], now: datetime) -> str:
    if all(each.last_sent is None for each in offers):
        return str(FIRST_TIME)
    words = str(RHYTHM_WORDS.get(offer.rhythm, ""))
    if offer.last_sent is None:
        return words
    days = (now - offer.last_sent).days
    since = ngettext(
        "It's been %(num)d day since your last one.",
        "It's been %(num)d days since your last one.",
        days,
    )
    return f"{words} {since}".strip()


def _grouped(offers: list[Offer]) -> list[Group]:
    groups = []
    for key, heading in GROUP_HEADINGS.items():
        members = [offer for offer in offers if _shown_under(offer) == key]
        if members:
            groups.append(Group(key, str(heading), members))
    return groups
