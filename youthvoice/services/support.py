"""The support lines a check-in offers, as data, and which of them fit an answer.

Each kind of support (surveys/support.py) has a few words and its own lines: 211 after
"not enough food", the National Runaway Safeline when there is no safe place tonight, the
trafficking hotline only where the young person's own answer is about being made or
pressured to do things, 911 only where harm is happening now (and after telling their
advocate). National lines only (RESEARCH.md section 11): check each before a release.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from youthvoice.surveys.support import SupportKind


@dataclass(frozen=True)
class Action:
    """A button that calls or texts a line (tel: and sms: links open the phone's own app)."""

    label: str
    href: str


@dataclass(frozen=True)
class Line:
    name: str
    says: tuple[str, ...]  # sentences: who it is for, how to reach it
    actions: tuple[Action, ...] = ()


LIFELINE = Line(
    _l("988 Suicide & Crisis Lifeline"),
    (_l("Call or text 988, any time, day or night."), _l("For Spanish, press 2.")),
    (Action(_l("Call 988"), "tel:988"), Action(_l("Text 988"), "sms:988")),
)
TREVOR = Line(
    _l("The Trevor Project"),
    (
        _l("For LGBTQ+ young people."),
        _l("Call 1-866-488-7386."),
        _l("Text START to 678-678."),
    ),
    (
        Action(_l("Call Trevor"), "tel:+18664887386"),
        Action(_l("Text Trevor"), "sms:678678?body=START"),
    ),
)
TWO_ONE_ONE = Line(
    _l("211"),
    (
        _l("Call 211 to find food, a place to stay, and help with bills near you."),
        _l("Or text your ZIP code to 898-211."),
    ),
    (Action(_l("Call 211"), "tel:211"), Action(_l("Text 211"), "sms:898211")),
)
RUNAWAY_SAFELINE = Line(
    _l("National Runaway Safeline"),
    (
        _l("For young people away from home, or thinking about leaving."),
        _l("Call or text 1-800-786-2929."),
        _l("Chat at 1800runaway.org."),
    ),
    (
        Action(_l("Call the Safeline"), "tel:+18007862929"),
        Action(_l("Text the Safeline"), "sms:+18007862929"),
    ),
)
TRAFFICKING_HOTLINE = Line(
    _l("National Human Trafficking Hotline"),
    (
        _l("Call 1-888-373-7888."),
        _l("Text 233733."),
        _l("The people who answer are not the police."),
    ),
    (
        Action(_l("Call the hotline"), "tel:+18883737888"),
        Action(_l("Text the hotline"), "sms:233733"),
    ),
)
SAMHSA_HELPLINE = Line(
    _l("SAMHSA National Helpline"),
    (
        _l("Free help with alcohol and drugs, any time, in English and Spanish."),
        _l("Call 1-800-662-4357."),
    ),
    (Action(_l("Call the helpline"), "tel:+18006624357"),),
)
EMERGENCY = Line(
    _l("911"),
    (_l("If you are in danger right now, call 911."),),
    (Action(_l("Call 911"), "tel:911"),),
)


@dataclass(frozen=True)
class Kind:
    heading: str
    words: str
    lines: tuple[Line, ...]
    tell_first: bool = False  # "Tell <advocate> now" before any line


KINDS = {
    SupportKind.FEELING_LOW: Kind(
        _l("When things feel hard"),
        _l("You don't have to go through this alone. You can talk to someone now."),
        (LIFELINE, TREVOR),
    ),
    SupportKind.BASIC_NEEDS: Kind(
        _l("Help with food and other basics"),
        _l("You should have what you need. These people can help you find it."),
        (TWO_ONE_ONE,),
    ),
    SupportKind.SAFE_PLACE_TONIGHT: Kind(
        _l("A safe place to stay"),
        _l("You can get help to find a safe place to stay tonight."),
        (RUNAWAY_SAFELINE, TWO_ONE_ONE),
    ),
    SupportKind.HARM_NOW: Kind(
        _l("Your safety comes first"),
        _l("It is never your fault. You can get help now."),
        (EMERGENCY, LIFELINE),
        tell_first=True,
    ),
    SupportKind.PRESSURED: Kind(
        _l("No one should make you do things"),
        _l("It is never your fault. You can talk to someone who knows how to help."),
        (TRAFFICKING_HOTLINE,),
    ),
    SupportKind.SUBSTANCES: Kind(
        _l("Help with alcohol or drugs"),
        _l("You can talk to someone for free. They will not judge you."),
        (SAMHSA_HELPLINE, LIFELINE),
    ),
}


@dataclass(frozen=True)
class Part:
    """One kind on the screen, with only the lines an earlier kind did not show."""

    kind: Kind
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Screen:
    parts: tuple[Part, ...]
    tell_first: bool


def screen_for(kinds: Iterable[SupportKind]) -> Screen:
    """What the support screen shows for these kinds: each kind's words, and each line
    once (an answer needing food and a bed shows 211 once)."""
    shown: set[int] = set()  # by identity: a line's words are lazy, translated when drawn
    parts = []
    for kind in dict.fromkeys(kinds) or [SupportKind.FEELING_LOW]:
        lines = tuple(line for line in KINDS[kind].lines if id(line) not in shown)
        shown.update(id(line) for line in lines)
        parts.append(Part(KINDS[kind], lines))
    return Screen(tuple(parts), any(part.kind.tell_first for part in parts))


# The check-out after a sensitive section: how they feel, one tap, kept as their own answer.
FEELING_QUESTION = _l("How are you feeling after these questions?")
FEELINGS = {
    "ok": _l("OK"),
    "a_bit_upset": _l("A bit upset"),
    "very_upset": _l("Very upset"),
    "prefer_not_to_say": _l("Prefer not to say"),
}
VERY_UPSET = "very_upset"


def after_feeling(feeling: str) -> list[SupportKind]:
    """The support a check-out answer calls for: feeling low after "very upset"."""
    return [SupportKind.FEELING_LOW] if feeling == VERY_UPSET else []


@dataclass(frozen=True)
class Felt:
    section_title: str  # survey text, untranslated
    feeling: str  # in the page's language


def feelings_of(state) -> list[Felt]:
    """What the young person said at each check-out of their check-in, section by section."""
    return [
        Felt(section.get("title", ""), FEELINGS[state.feelings[section["id"]]])
        for section in state.instrument.data["sections"]
        if state.feelings.get(section["id"]) in FEELINGS
    ]
