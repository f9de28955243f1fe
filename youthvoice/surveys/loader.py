"""Read an instrument file, check it against the schema and the rules a schema cannot say,
and report every problem as one line: file, place in the file, problem."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from youthvoice.paths import resource_dir
from youthvoice.surveys import flow
from youthvoice.surveys.domains import ALL_DOMAINS
from youthvoice.surveys.scoring import NOT_AN_ANSWER, scales_of
from youthvoice.surveys.stages import STAGE_LABELS
from youthvoice.surveys.support import KINDS

SCORABLE_TYPES = {"single_choice", "scale_0_10", "yes_no", "number"}


@dataclass(frozen=True)
class Instrument:
    """A valid instrument, as data, with the hash that pins its content to its version."""

    path: Path
    data: dict
    content_hash: str

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def version(self) -> int:
        return self.data["version"]

    def items(self) -> dict[str, dict]:
        return {item["id"]: item for section in self.data["sections"] for item in section["items"]}

    @property
    def scales(self) -> list[dict]:
        return scales_of(self.data)

    # Worked out once per instrument (they never change): a check-in screen reads them often.
    @cached_property
    def positions(self) -> list[flow.Position]:
        return flow.positions(self.data)

    def position(self, number: int) -> flow.Position | None:
        """The question at this 1-based position; None when there is none (a URL made up)."""
        return self.positions[number - 1] if 1 <= number <= len(self.positions) else None

    def section(self, number: int) -> dict:
        """The section at this 1-based position (screens name sections by position)."""
        return self.data["sections"][number - 1]

    @cached_property
    def sensitive_items(self) -> frozenset[str]:
        return frozenset(flow.sensitive_items(self.data))

    @cached_property
    def sensitive_scales(self) -> frozenset[str]:
        return frozenset(flow.sensitive_scales(self.data))


@dataclass
class Report:
    instruments: list[Instrument] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@cache
def _schema_validator() -> Draft202012Validator:
    schema = json.loads((resource_dir("surveys") / "schema.json").read_text())
    return Draft202012Validator(schema)


def load(path: Path, *, archived: bool = False) -> tuple[Instrument | None, list[str]]:
    """The instrument and no problems, or None and one line per problem.

    An archived (earlier, released) version is only read back for check-ins answered with
    it: rules added since it was released (rhythm, recall, named changes) do not apply."""
    label = _label(path)
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as error:
        where = getattr(error, "problem_mark", None)
        line = f"line {where.line + 1}" if where else "file"
        return None, [f"{label}: {line}: not readable YAML ({_first_line(error)})"]
    problems = [f"{label}: {place}: {problem}" for place, problem in _schema_problems(data)]
    if not problems:
        problems = [
            f"{label}: {place}: {problem}"
            for place, problem in semantic_problems(data, current=not archived)
        ]
    if problems:
        return None, problems
    return Instrument(path, data, content_hash(data)), []


def content_hash(data: dict) -> str:
    """A fingerprint of what the instrument says, not of its layout or comments."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def versions_file(directory: Path | None = None) -> Path:
    return (directory or resource_dir("surveys")) / "versions.json"


def read_versions(path: Path) -> dict[str, dict[str, str]]:
    return json.loads(path.read_text()) if path.exists() else {}


def version_problems(
    instruments: list[Instrument], locked: dict[str, dict[str, str]], *, require_locked: bool
) -> list[str]:
    """A changed instrument must have a new version; `surveys lock` records new versions."""
    problems = []
    for instrument in instruments:
        known = locked.get(instrument.id, {}).get(str(instrument.version))
        if known is None and require_locked:
            problems.append(
                f"{_label(instrument.path)}: version: {instrument.version} is not recorded in "
                "surveys/versions.json; run `flask --app youthvoice surveys lock`"
            )
        elif known is not None and known != instrument.content_hash:
            problems.append(
                f"{_label(instrument.path)}: version: the content changed but version "
                f"{instrument.version} did not; raise the version"
            )
    return problems


def lock_versions(instruments: list[Instrument], path: Path) -> list[str]:
    """Record each instrument's version and hash; returns the ids newly recorded."""
    locked = read_versions(path)
    added = []
    for instrument in instruments:
        versions = locked.setdefault(instrument.id, {})
        if str(instrument.version) not in versions:
            versions[str(instrument.version)] = instrument.content_hash
            added.append(f"{instrument.id} {instrument.version}")
    path.write_text(json.dumps(locked, indent=2, sort_keys=True) + "\n")
    return added


def load_all(paths: list[Path]) -> Report:
    """Every file is checked; one broken file never hides the others' problems."""
    report = Report()
    seen: dict[str, Path] = {}
    for path in sorted(paths):
        instrument, problems = load(path)
        report.problems += problems
        if instrument is None:
            continue
        if instrument.id in seen:
            first = _label(seen[instrument.id])
            report.problems.append(
                f"{_label(path)}: id: {instrument.id!r} is already used by {first}"
            )
            continue
        seen[instrument.id] = path
        report.instruments.append(instrument)
    return report


def instrument_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or resource_dir("surveys")).glob("*.yaml"))


def file_label(path: Path) -> str:
    """A file as problem lines name it (the archive's checks name files the same way)."""
    return _label(path)


def _label(path: Path) -> str:
    try:
        return str(path.relative_to(resource_dir("surveys").parent))
    except ValueError:
        return str(path)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def _schema_problems(data: object) -> list[tuple[str, str]]:
    errors = sorted(_schema_validator().iter_errors(data), key=lambda error: list(error.path))
    return [(_place(error.path) or "(top)", _schema_message(error)) for error in errors]


def _place(path) -> str:
    place = ""
    for part in path:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else str(part))
    return place


def _schema_message(error) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field")
    return error.message


def semantic_problems(data: dict, *, current: bool = True) -> list[tuple[str, str]]:
    """What the schema cannot check: ids, references, codes, scoring, sensitivity; and for
    an instrument offered now, its rhythm and recall window and its named changes."""
    problems: list[tuple[str, str]] = []
    if current:
        problems += rhythm_problems(data) + happens_problems(data) + remember_problems(data)
    problems += [
        (f"domains[{index}]", f"unknown domain {domain!r}")
        for index, domain in enumerate(data["domains"])
        if domain not in ALL_DOMAINS
    ]
    items_so_far: dict[str, dict] = {}
    section_ids: set[str] = set()
    for s_index, section in enumerate(data["sections"]):
        where = f"sections[{s_index}]"
        if section["id"] in section_ids:
            problems.append((f"{where}.id", f"{section['id']!r} is used twice"))
        section_ids.add(section["id"])
        if section.get("sensitive") and "opt_in" not in section:
            problems.append((where, "a sensitive section needs an opt_in question"))
        for i_index, item in enumerate(section["items"]):
            place = f"{where}.items[{i_index}]"
            problems += [
                (f"{place}{sub}", problem) for sub, problem in _item_problems(item, items_so_far)
            ]
            if current and item["type"] == "stage_of_change":
                problems += [
                    (f"{place}{sub}", problem)
                    for sub, problem in _stage_problems(item, items_so_far)
                ]
            items_so_far[item["id"]] = item
    problems += _scoring_problems(scales_of(data), items_so_far)
    problems += support_problems(data, current=current)
    return problems


def _item_problems(item: dict, earlier: dict[str, dict]) -> list[tuple[str, str]]:
    problems = []
    if item["id"] in earlier:
        problems.append((".id", f"{item['id']!r} is used twice"))
    kind = item["type"]
    if kind in ("single_choice", "multiple_choice"):
        if "options" not in item:
            problems.append(("", f"a {kind} item needs options"))
        else:
            codes = [option["code"] for option in item["options"]]
            problems += [
                (f".options[{index}].code", f"code {code!r} is used twice")
                for index, code in enumerate(codes)
                if code in codes[:index]
            ]
            problems += [
                (f".options[{index}].code", f"{code!r} is reserved: use {code}: true instead")
                for index, code in enumerate(codes)
                if code in NOT_AN_ANSWER
            ]
        if kind == "single_choice":
            problems += [
                (f".options[{index}].exclusive", "only a multiple_choice answer can be exclusive")
                for index, option in enumerate(item["options"])
                if option.get("exclusive")
            ]
    elif "options" in item:
        problems.append((".options", f"a {kind} item has no options"))
    if "distress_at_or_below" in item and kind not in ("scale_0_10", "number"):
        problems.append((".distress_at_or_below", "only a scale_0_10 or number item can have this"))
    if kind == "number" and ("min" not in item or "max" not in item or item["min"] > item["max"]):
        problems.append(("", "a number item needs min and max, with min not above max"))
    if kind == "text" and "max_length" not in item:
        problems.append(("", "a text item needs max_length"))
    if "show_if" in item:
        problems += _show_if_problems(item["show_if"], earlier)
    return problems


def _show_if_problems(condition: dict, earlier: dict[str, dict]) -> list[tuple[str, str]]:
    target = earlier.get(condition["item"])
    if target is None:
        return [(".show_if.item", f"{condition['item']!r} is not an earlier item")]
    known = answer_codes(target)
    if known is None:
        return []
    return [
        (f".show_if.in[{index}]", f"{code!r} is not an answer of {condition['item']!r}")
        for index, code in enumerate(condition["in"])
        if code not in known
    ]


def answer_codes(item: dict) -> set[str] | None:
    """The codes an item can be answered with, or None when the answer is free (number, text)."""
    kind = item["type"]
    if kind in ("single_choice", "multiple_choice"):
        return {option["code"] for option in item.get("options", [])}
    if kind == "yes_no":
        return {"yes", "no"}
    if kind == "scale_0_10":
        return {str(value) for value in range(11)}
    if kind == "stage_of_change":
        return set(STAGES)
    return None


STAGES = tuple(STAGE_LABELS)

# How far back a rhythm's check-ins may look: a longer recall counts the same days twice.
RHYTHM_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92, "once": None, "on_request": None}
RECALL_DAYS = {"none": 0, "today": 1, "week": 7, "month": 31, "three_months": 92}
# Words that set a look-back window, in the English source text.
RECALL_WORDS = {
    "week": ("this week", "last week", "past week", "last 7 days", "past 7 days"),
    "month": ("this month", "last month", "past month", "last 30 days", "past 30 days"),
    "three_months": ("last 3 months", "past 3 months", "last three months"),
}


def rhythm_problems(data: dict) -> list[tuple[str, str]]:
    """An instrument offered now says how often (rhythm), how far back its questions look
    (recall) and where it sits on the home page (group); the questions look back over that
    one window, and it is no longer than the time between check-ins."""
    missing = [(key, "is missing") for key in ("rhythm", "recall", "group") if key not in data]
    if missing:
        return missing
    problems = []
    between, recall = RHYTHM_DAYS[data["rhythm"]], data["recall"]
    if between is not None and RECALL_DAYS[recall] > between:
        problems.append(
            ("recall", f"{recall!r} looks back further than a {data['rhythm']} check-in")
        )
    for place, text in _texts_with_places(data):
        for window, words in RECALL_WORDS.items():
            said = next((word for word in words if word in text.lower()), None)
            if said and window != recall:
                problems.append((place, f"says {said!r} but the recall window is {recall!r}"))
    return problems


# Items in these say who the young person is, or where they stand on a change they chose:
# nothing that happens to them, so never "over now" (Recommendation 4.3 is for past concerns).
IDENTITY_DOMAINS = frozenset({"self_concept"})
READINESS_DOMAINS = frozenset({"stage_of_change"})


def happens_problems(data: dict) -> list[tuple[str, str]]:
    """`happens: true` (the young person may mark it "over now") only on something that
    happens: never on an identity item (an instrument about self_concept) or a readiness
    item (a stage_of_change item, or any item of a stage-of-change instrument or scale)."""
    problems = []
    for s_index, section in enumerate(data["sections"]):
        for i_index, item in enumerate(section["items"]):
            reason = _why_it_never_happens(item, data) if item.get("happens") else None
            if reason:
                problems.append((f"sections[{s_index}].items[{i_index}].happens", reason))
    return problems


def remember_problems(data: dict) -> list[tuple[str, str]]:
    """`remember: true` marks the one answer the thanks page gives back to the young person
    ("something you wanted to remember"): their own words, so a text item, and one at most."""
    problems = []
    marked = 0
    for s_index, section in enumerate(data["sections"]):
        for i_index, item in enumerate(section["items"]):
            if not item.get("remember"):
                continue
            where = f"sections[{s_index}].items[{i_index}].remember"
            marked += 1
            if marked > 1:
                problems.append((where, "only one item in an instrument can be remembered"))
            if item["type"] != "text":
                problems.append((where, "only a text item (the young person's own words)"))
    return problems


def _why_it_never_happens(item: dict, data: dict) -> str | None:
    domains = set(data["domains"])
    if domains & IDENTITY_DOMAINS:
        return "an identity item (in a self_concept instrument) is not something that happens"
    readiness_items = {
        item_id
        for scale in scales_of(data)
        if scale["domain"] in READINESS_DOMAINS
        for item_id in scale["items"]
    }
    if (
        item["type"] == "stage_of_change"
        or item["id"] in readiness_items
        or domains & READINESS_DOMAINS
    ):
        return "a readiness item (stage of change) is not something that happens"
    return None


def _texts_with_places(data: dict) -> list[tuple[str, str]]:
    found = []
    for s_index, section in enumerate(data["sections"]):
        for i_index, item in enumerate(section["items"]):
            place = f"sections[{s_index}].items[{i_index}]"
            found += [
                (f"{place}.{key}", item[key])
                for key in ("text", "hint", "not_applicable")
                if key in item
            ]
            found += [
                (f"{place}.options[{o_index}].label", option["label"])
                for o_index, option in enumerate(item.get("options", []))
            ]
    return found


def _stage_problems(item: dict, earlier: dict[str, dict]) -> list[tuple[str, str]]:
    """A stage answer means nothing without the change it is about and its direction."""
    problems = []
    for key in ("change", "direction"):
        if key not in item:
            problems.append(("", f"a stage_of_change item needs {key}: (an earlier item)"))
    for key, kinds in (
        ("change", {"single_choice"}),
        ("direction", {"single_choice"}),
        ("own_words", {"text"}),
    ):
        if key not in item:
            continue
        target = earlier.get(item[key])
        if target is None:
            problems.append((f".{key}", f"{item[key]!r} is not an earlier item"))
        elif target["type"] not in kinds:
            problems.append((f".{key}", f"{item[key]!r} must be a {' or '.join(kinds)} item"))
    return problems


def _scoring_problems(every_scale: list[dict], items: dict[str, dict]) -> list[tuple[str, str]]:
    problems = []
    for index, scale in enumerate(every_scale):
        where = f"scoring.scales[{index}]"
        if scale["domain"] not in ALL_DOMAINS:
            problems.append((f"{where}.domain", f"unknown domain {scale['domain']!r}"))
        for position, item_id in enumerate(scale["items"]):
            item = items.get(item_id)
            if item is None:
                problems.append((f"{where}.items[{position}]", f"no item {item_id!r}"))
            elif scale["method"] == "stage":
                if item["type"] != "stage_of_change" or len(scale["items"]) != 1:
                    problems.append(
                        (f"{where}.items", "a stage scale has one stage_of_change item")
                    )
            elif item["type"] not in SCORABLE_TYPES or not _numeric(item):
                problems.append((f"{where}.items[{position}]", f"{item_id!r} cannot be scored"))
        for position, item_id in enumerate(scale.get("reverse", [])):
            if item_id not in scale["items"]:
                problems.append(
                    (f"{where}.reverse[{position}]", f"{item_id!r} is not in the scale")
                )
        if scale["min_answered"] > len(scale["items"]):
            problems.append((f"{where}.min_answered", "is more than the scale's items"))
    return problems


def _numeric(item: dict) -> bool:
    if item["type"] != "single_choice":
        return True
    return all(option["code"].lstrip("-").isdigit() for option in item["options"])


KIND_NAMES = ", ".join(sorted(KINDS))


def support_problems(data: dict, *, current: bool = True) -> list[tuple[str, str]]:
    """Each distress rule names a known support kind, so the screen after the answer offers
    what fits it (earlier versions said only `distress: true`); a check-out is a sensitive
    section's, and one that leaves it out holds no distress answer."""
    problems = []
    for s_index, section in enumerate(data["sections"]):
        where = f"sections[{s_index}]"
        if "check_out" in section and not section.get("sensitive"):
            problems.append((f"{where}.check_out", "only a sensitive section has a check-out"))
        elif current and _identity_with_check_out(section, data):
            problems.append((where, "an identity section gets no check-out: say check_out: false"))
        for i_index, item in enumerate(section["items"]):
            place = f"{where}.items[{i_index}]"
            problems += [
                (f"{place}{sub}", problem) for sub, problem in _item_support_problems(item, current)
            ]
            if current and section.get("check_out") is False and _has_distress_rule(item):
                problems.append((f"{place}", "a distress answer needs its section's check-out"))
    return problems


def _item_support_problems(item: dict, current: bool) -> list[tuple[str, str]]:
    problems = []
    for index, option in enumerate(item.get("options", [])):
        problems += [
            (f".options[{index}].distress", problem)
            for problem in _kind_problems(option.get("distress", False), current)
        ]
    if "distress_at_or_below" in item:
        problems += [
            (".support", problem) for problem in _kind_problems(item.get("support", True), current)
        ]
    elif "support" in item:
        problems.append((".support", "only an item with distress_at_or_below has this"))
    return problems


def _kind_problems(named: str | bool, current: bool) -> list[str]:
    if named is True:
        return [f"name the support kind ({KIND_NAMES})"] if current else []
    if named is False or named in KINDS:
        return []
    return [f"unknown support kind {named!r} (one of {KIND_NAMES})"]


def _identity_with_check_out(section: dict, data: dict) -> bool:
    """Questions about who they are (gender, pronouns) are private, not distressing: no
    "How are you feeling after these questions?" after them."""
    identity = set(data["domains"]) & IDENTITY_DOMAINS
    return bool(identity) and section.get("sensitive", False) and section.get("check_out", True)


def _has_distress_rule(item: dict) -> bool:
    options = item.get("options", [])
    return "distress_at_or_below" in item or any(option.get("distress") for option in options)
