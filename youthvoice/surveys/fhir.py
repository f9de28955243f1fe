"""Instruments as FHIR R4 Questionnaire JSON, and back.

Native FHIR carries what it can (groups, choice answers, enableWhen, min/max, maxLength);
YouthVoice's own meaning (item kind, sensitive, opt-in question, prefer-not/don't-know,
distress answers, scoring, domains) travels in extensions under EXTENSION_BASE, so an
export imports back to the same instrument.
"""

from __future__ import annotations

import json

from youthvoice.surveys.loader import STAGES
from youthvoice.surveys.stages import STAGE_LABELS

EXTENSION_BASE = "https://youthvoice.example/fhir/StructureDefinition/"
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
INSTRUMENT_EXTRAS = {"minutes": "Integer", "content_note": "String"}
OPTION_FLAGS = ("distress", "exclusive")
SECTION_EXTRAS = {"sensitive": "Boolean", "opt_in": "String", "opt_in_minutes": "Integer"}
ITEM_EXTRAS = {
    "hint": "String",
    "low_label": "String",
    "high_label": "String",
    "prefer_not_to_say": "Boolean",
    "dont_know": "Boolean",
    "sensitive": "Boolean",
    "distress_at_or_below": "Integer",
}


def _extension(name: str, kind: str, value: object) -> dict:
    return {"url": EXTENSION_BASE + name, f"value{kind}": value}


def _extras(source: dict, fields: dict[str, str]) -> list[dict]:
    return [_extension(name, kind, source[name]) for name, kind in fields.items() if name in source]


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
        "url": f"{EXTENSION_BASE}Questionnaire/{data['id']}",
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
            {"valueCoding": {"code": code, "display": str(STAGE_LABELS[code])}} for code in STAGES
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
    flags = [_extension(flag, "Boolean", True) for flag in OPTION_FLAGS if option.get(flag)]
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
    if "content_note" in extensions:
        data["content_note"] = extensions["content_note"]
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
    option.update({flag: True for flag in OPTION_FLAGS if flags.get(flag)})
    return option
