"""Instruments as FHIR R4 Questionnaire JSON, and back; sent check-ins as
QuestionnaireResponse JSON (for the youth's own download).

Native FHIR carries what it can (groups, choice answers, enableWhen, min/max, maxLength);
YouthVoice's own meaning (item kind, sensitive, opt-in question, prefer-not/don't-know,
distress answers, scoring, domains) travels in extensions under EXTENSION_BASE, so an
export imports back to the same instrument.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from youthvoice.surveys.loader import STAGES
from youthvoice.surveys.stages import STAGE_TEXTS

FHIR_BASE = "https://youthvoice.example/fhir/"
EXTENSION_BASE = FHIR_BASE + "StructureDefinition/"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
FHIR_TYPES = {
    "single_choice": "choice",
    "multiple_choice": "choice",
    "stage_of_change": "choice",
    "scale_0_10": "integer",
    "number": "integer",
    "yes_no": "boolean",
    "month_year": "date",
    "text": "string",
}
# Instrument, section and item fields that travel as extensions, with their FHIR value type.
INSTRUMENT_EXTRAS = {
    "minutes": "Integer",
    "content_note": "String",
    "discreet_title": "String",
    "rhythm": "Code",
    "recall": "Code",
    "group": "Code",
}
OPTION_FLAGS = ("distress", "exclusive")
SECTION_EXTRAS = {
    "sensitive": "Boolean",
    "opt_in": "String",
    "opt_in_minutes": "Integer",
    "check_out": "Boolean",
}
ITEM_EXTRAS = {
    "hint": "String",
    "low_label": "String",
    "high_label": "String",
    "prefer_not_to_say": "Boolean",
    "dont_know": "Boolean",
    "not_applicable": "String",
    "sensitive": "Boolean",
    "happens": "Boolean",
    "remember": "Boolean",
    "distress_at_or_below": "Integer",
    "support": "Code",
    "change": "Code",
    "direction": "Code",
    "own_words": "Code",
}


def _extension(name: str, kind: str, value: object) -> dict:
    return {"url": EXTENSION_BASE + name, f"value{kind}": value}


def _extras(source: dict, fields: dict[str, str]) -> list[dict]:
    return [_extension(name, kind, source[name]) for name, kind in fields.items() if name in source]


def questionnaire_url(data: dict) -> str:
    """The canonical url, [base]/Questionnaire/[id] as FHIR names a Questionnaire (a
    StructureDefinition path would claim it is a profile); the version travels apart."""
    return f"{FHIR_BASE}Questionnaire/{data['id']}"


def to_questionnaire(data: dict) -> dict:
    extensions = [
        _extension("domains", "String", json.dumps(data["domains"])),
        *_extras(data, INSTRUMENT_EXTRAS),
    ]
    if "scoring" in data:
        extensions.append(_extension("scoring", "String", json.dumps(data["scoring"])))
    return {
        "resourceType": "Questionnaire",
        "id": data["id"],
        "url": questionnaire_url(data),
        "version": str(data["version"]),
        "name": data["id"].replace("-", "_"),
        "title": data["title"],
        "status": "active",
        "description": data["intro"],
        "extension": extensions,
        "item": [_section(section) for section in data["sections"]],
    }


def _section(section: dict) -> dict:
    group = {"linkId": section["id"], "type": "group", "item": [_item(i) for i in section["items"]]}
    if "title" in section:
        group["text"] = section["title"]
    if extras := _extras(section, SECTION_EXTRAS):
        group["extension"] = extras
    return group


def _item(item: dict) -> dict:
    kind = item["type"]
    question = {"linkId": item["id"], "type": FHIR_TYPES[kind], "text": item["text"]}
    extensions = [_extension("item-type", "Code", kind), *_extras(item, ITEM_EXTRAS)]
    if kind == "multiple_choice":
        question["repeats"] = True
    if kind in ("single_choice", "multiple_choice"):
        question["answerOption"] = [_option(option) for option in item["options"]]
    if kind == "stage_of_change":
        question["answerOption"] = [
            {"valueCoding": {"code": code, "display": STAGE_TEXTS[code]}} for code in STAGES
        ]
    if kind == "scale_0_10":
        item = {**item, "min": 0, "max": 10}
    if kind in ("number", "scale_0_10"):
        extensions += [
            {"url": MIN_VALUE, "valueInteger": item["min"]},
            {"url": MAX_VALUE, "valueInteger": item["max"]},
        ]
    if "max_length" in item:
        question["maxLength"] = item["max_length"]
    if "show_if" in item:
        question["enableBehavior"] = "any"
        question["enableWhen"] = [
            {"question": item["show_if"]["item"], "operator": "=", "answerCoding": {"code": code}}
            for code in item["show_if"]["in"]
        ]
    question["extension"] = extensions
    return question


def _option(option: dict) -> dict:
    answer = {"valueCoding": {"code": option["code"], "display": option["label"]}}
    # distress names its support kind (a code); earlier versions said only true.
    flags = [
        _extension(flag, "Boolean" if option[flag] is True else "Code", option[flag])
        for flag in OPTION_FLAGS
        if option.get(flag)
    ]
    if flags:
        answer["extension"] = flags
    return answer


def from_questionnaire(resource: dict) -> dict:
    extensions = _read_extensions(resource.get("extension", []))
    data = {
        "id": resource["id"],
        "version": int(resource["version"]),
        "title": resource["title"],
        "intro": resource["description"],
        "minutes": extensions["minutes"],
        "domains": json.loads(extensions["domains"]),
    }
    data.update({name: extensions[name] for name in INSTRUMENT_EXTRAS if name in extensions})
    data["sections"] = [_read_section(group) for group in resource["item"]]
    if "scoring" in extensions:
        data["scoring"] = json.loads(extensions["scoring"])
    return data


def _read_extensions(extensions: list[dict]) -> dict[str, object]:
    values = {}
    for extension in extensions:
        value = next(v for k, v in extension.items() if k.startswith("value"))
        if extension["url"] in (MIN_VALUE, MAX_VALUE):
            values["min" if extension["url"] == MIN_VALUE else "max"] = value
        elif extension["url"].startswith(EXTENSION_BASE):
            values[extension["url"].removeprefix(EXTENSION_BASE)] = value
    return values


def _read_section(group: dict) -> dict:
    section: dict = {"id": group["linkId"]}
    if "text" in group:
        section["title"] = group["text"]
    extras = _read_extensions(group.get("extension", []))
    section.update({name: extras[name] for name in SECTION_EXTRAS if name in extras})
    section["items"] = [_read_item(question) for question in group["item"]]
    return section


def _read_item(question: dict) -> dict:
    extras = _read_extensions(question["extension"])
    kind = extras["item-type"]
    item: dict = {"id": question["linkId"], "type": kind, "text": question["text"]}
    item.update({name: extras[name] for name in ITEM_EXTRAS if name in extras})
    if kind in ("single_choice", "multiple_choice"):
        item["options"] = [_read_option(option) for option in question["answerOption"]]
    if kind == "number":
        item["min"], item["max"] = extras["min"], extras["max"]
    if "maxLength" in question:
        item["max_length"] = question["maxLength"]
    if "enableWhen" in question:
        conditions = question["enableWhen"]
        codes = [condition["answerCoding"]["code"] for condition in conditions]
        item["show_if"] = {"item": conditions[0]["question"], "in": codes}
    return item


def _read_option(answer: dict) -> dict:
    option = {"code": answer["valueCoding"]["code"], "label": answer["valueCoding"]["display"]}
    flags = _read_extensions(answer.get("extension", []))
    option.update({flag: flags[flag] for flag in OPTION_FLAGS if flags.get(flag)})
    return option


# Answers ---------------------------------------------------------------------------------

SPECIAL_ANSWER_SYSTEM = EXTENSION_BASE + "special-answer"
SPECIAL_ANSWERS = {
    "prefer_not_to_say": "Prefer not to say",
    "dont_know": "I don't know",
    "not_applicable": "Doesn't apply",
}


def questionnaire_response(
    instrument_data: dict,
    check_in_id: str,
    answers: dict,
    submitted_at: datetime,
    language: str | None,
    *,
    skipped: set[str] = frozenset(),
) -> dict:
    """A sent check-in as a FHIR R4 QuestionnaireResponse of the Questionnaire above.

    Answers keep their codes (with the option's label as display); numbers are integers,
    a month is a partial date ("2025-03"); prefer-not-to-say, don't-know and doesn't-apply
    are codings in SPECIAL_ANSWER_SYSTEM. A question skipped with "Skip this question" is
    an item with no answer and the answer-state extension "skipped"; a question never
    reached or not shown is left out, and so is a section with nothing in it. The texts are
    the instrument's own, as in the Questionnaire; the language the youth answered in
    travels as an extension.
    """
    resource: dict = {
        "resourceType": "QuestionnaireResponse",
        "id": check_in_id,
        "questionnaire": f"{questionnaire_url(instrument_data)}|{instrument_data['version']}",
        "status": "completed",
        "authored": submitted_at.astimezone(UTC).isoformat(timespec="seconds"),
    }
    if language:
        resource["extension"] = [_extension("language", "Code", language.replace("_", "-"))]
    groups = [
        _answered_section(section, answers, skipped) for section in instrument_data["sections"]
    ]
    if groups := [group for group in groups if group is not None]:
        resource["item"] = groups
    return resource


def _answered_section(section: dict, answers: dict, skipped: set[str]) -> dict | None:
    items = []
    for item in section["items"]:
        question = {"linkId": item["id"], "text": item["text"]}
        if answers.get(item["id"]) not in (None, "", []):
            items.append({**question, "answer": _answers(item, answers[item["id"]])})
        elif item["id"] in skipped:
            items.append({**question, "extension": [_extension("answer-state", "Code", "skipped")]})
    if not items:
        return None
    group = {"linkId": section["id"]}
    if "title" in section:
        group["text"] = section["title"]
    group["item"] = items
    return group


def _answers(item: dict, value: str | list[str]) -> list[dict]:
    if isinstance(value, str) and value in SPECIAL_ANSWERS:
        coding = {"system": SPECIAL_ANSWER_SYSTEM, "code": value, "display": SPECIAL_ANSWERS[value]}
        return [{"valueCoding": coding}]
    kind = item["type"]
    if kind in ("single_choice", "multiple_choice"):
        labels = {option["code"]: option["label"] for option in item["options"]}
        chosen = value if isinstance(value, list) else [value]
        return [{"valueCoding": {"code": code, "display": labels[code]}} for code in chosen]
    if kind == "stage_of_change":
        return [{"valueCoding": {"code": value, "display": STAGE_TEXTS[value]}}]
    if kind == "yes_no":  # the Questionnaire says boolean, so the answer is one
        return [{"valueBoolean": value == "yes"}]
    if kind in ("number", "scale_0_10"):
        return [{"valueInteger": int(value)}]
    if kind == "month_year":
        return [{"valueDate": value}]  # FHIR dates may stop at the month: "2025-03"
    return [{"valueString": value}]
