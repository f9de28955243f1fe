"""FHIR R4 Questionnaire export and import, validated by fhir.resources."""

from __future__ import annotations

import json

from fhir.resources.R4B.questionnaire import Questionnaire

from tests.surveys.test_loader import VALID
from youthvoice.surveys import fhir, loader


def normalised(data: dict) -> dict:
    return json.loads(json.dumps(data, sort_keys=True))


def test_export_is_a_valid_questionnaire_and_imports_back_the_same(tmp_path):
    resource = fhir.to_questionnaire(VALID)
    parsed = Questionnaire.model_validate(resource)  # raises on anything FHIR forbids
    assert parsed.item[0].item[2].enableWhen[0].question == "hope_1"
    imported = fhir.from_questionnaire(json.loads(parsed.model_dump_json()))
    assert normalised(imported) == normalised(VALID)


def test_choice_answers_carry_their_codes_not_only_their_labels():
    resource = fhir.to_questionnaire(VALID)
    options = resource["item"][0]["item"][0]["answerOption"]
    assert [option["valueCoding"]["code"] for option in options] == ["1", "2", "3"]


def test_export_and_import_commands(tmp_path, runner, monkeypatch):
    from tests.surveys.test_loader import write
    from youthvoice import cli

    monkeypatch.setattr(cli, "instrument_files", lambda directory=None: [write(tmp_path, VALID)])
    exported = runner.invoke(args=["surveys", "export", "sample"])
    assert exported.exit_code == 0, exported.output
    Questionnaire.model_validate_json(exported.output)
    source = tmp_path / "sample.json"
    source.write_text(exported.output)
    target = tmp_path / "imported.yaml"
    imported = runner.invoke(args=["surveys", "import", str(source), str(target)])
    assert imported.exit_code == 0, imported.output
    instrument, problems = loader.load(target)
    assert problems == []
    assert normalised(instrument.data) == normalised(VALID)
