"""FHIR R4 Questionnaire export and import, validated by fhir.resources."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from flask.cli import FlaskGroup

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


def test_every_shipped_instrument_exports_from_the_command_as_a_valid_questionnaire(runner):
    shipped = loader.load_all(loader.instrument_files()).instruments
    assert len(shipped) == len(loader.instrument_files())
    # As `flask --app youthvoice` runs a command: FlaskGroup pushes an app context first.
    flask_command = FlaskGroup(load_dotenv=False)
    failed = {}
    for instrument in shipped:
        exported = runner.invoke(flask_command, args=["surveys", "export", instrument.id])
        if exported.exit_code != 0:
            failed[instrument.id] = repr(exported.exception) or exported.output
            continue
        questionnaire = Questionnaire.model_validate_json(exported.output)
        assert questionnaire.id == instrument.id
    assert failed == {}


def test_stages_of_change_export_in_the_instruments_own_words_whatever_the_page_language(app):
    where_im_at = loader.load(loader.resource_dir("surveys") / "where-im-at.yaml")[0]
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        resource = fhir.to_questionnaire(where_im_at.data)
    stages = [
        question
        for group in resource["item"]
        for question in group["item"]
        if question["extension"][0]["valueCode"] == "stage_of_change"
    ]
    displays = [option["valueCoding"]["display"] for option in stages[0]["answerOption"]]
    assert displays[:2] == ["I'm not thinking about it", "I'm thinking about it"]


def test_the_canonical_url_names_a_questionnaire_and_responses_point_to_it():
    resource = fhir.to_questionnaire(VALID)
    assert resource["url"] == "https://youthvoice.example/fhir/Questionnaire/sample"
    assert "StructureDefinition" not in resource["url"]
    response = fhir.questionnaire_response(VALID, "c1", {}, datetime(2026, 1, 5, tzinfo=UTC), "en")
    parsed = QuestionnaireResponse.model_validate(response)
    assert parsed.questionnaire == f"{resource['url']}|{resource['version']}"
