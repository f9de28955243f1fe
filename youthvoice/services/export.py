"""Download my data: what a youth has, gathered for them alone, as JSON or as a PDF.

Only sent check-ins, never drafts: each with its instrument and version, its answers as
codes and as words in the page language, its scores, and a FHIR QuestionnaireResponse;
then the youth's name, settings and the shares they made. Private answers
(flow.sensitive_items), scores made from them and answer shares of them are left out
unless the youth asks for them; a check-in made only of private questions is then left
out whole, since its title alone says what it was about.

The PDF is drawn in memory by WeasyPrint with a URL fetcher that reads nothing but
data: URLs (after Indico), so no answer text can make it open a file or the network; its
styles (templates/youth/data/pdf.css) are given as a string, not linked.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

from youthvoice import audit
from youthvoice.extensions import db
from youthvoice.models import StaffUser, Youth
from youthvoice.paths import resource_dir
from youthvoice.policy import Viewer, YouthData
from youthvoice.services import (
    checkins,
    reading,
    sharing,
    staff_accounts,
    stage_history,
    youth_accounts,
)
from youthvoice.services.answer_text import answer_text, survey_text
from youthvoice.services.sharing_text import grant_summary
from youthvoice.surveys import fhir, flow, stage_moves
from youthvoice.surveys.catalogue import answered_with
from youthvoice.surveys.domains import youth_domain_label
from youthvoice.surveys.loader import Instrument

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

FORMATS = ("pdf", "json")
FILE_NAMES = {"pdf": "check-in.pdf", "json": "check-in.json"}  # nothing personal in them
ANSWER_SCOPES = {"answer", sharing.ANSWER_NOW}  # shares of one answer


# Gathering -----------------------------------------------------------------------------


def collect(youth_id: str, instruments: dict[str, Instrument], include_sensitive: bool) -> dict:
    """Everything the youth has, read as that youth through the access policy."""
    reading.read(Viewer("youth", youth_id), YouthData(youth_id, "export"), via="export")
    youth = db.session.get(Youth, youth_id)
    sent = sorted(
        checkins.submitted(youth_id, instruments),
        key=lambda state: state.record.submitted_at,
        reverse=True,
    )
    found = [_check_in(state, include_sensitive) for state in sent]
    return {
        "made_at": _iso(datetime.now(UTC)),
        "private_answers_included": include_sensitive,
        "preferred_name": youth_accounts.preferred_name(youth),
        "settings": {
            "language": youth.language,
            "discreet_mode": youth.discreet_mode,
            "counted_in_statistics": youth.statistics_consent,
            "statistics_decided_at": _iso(youth.statistics_decided_at),
            "agreed_at": _iso(youth.assent_at),
        },
        "check_ins": [entry for entry in found if entry is not None],
        "shares": _shares(youth_id, sent, instruments, include_sensitive),
    }


def _check_in(state: checkins.CheckInState, include_sensitive: bool) -> dict | None:
    instrument = state.instrument
    every_item = {position.item["id"] for position in instrument.positions}
    if not include_sensitive and every_item <= instrument.sensitive_items:
        return None
    answers, kept = _answers(state, include_sensitive)
    entry = {
        "id": state.id,
        "instrument": {
            "id": instrument.id,
            "title": survey_text(instrument.data["title"]),
            "version": instrument.version,
        },
        "submitted_at": _iso(state.record.submitted_at),
        "language": state.language,
        "answers": answers,
        "scores": _scores(state, include_sensitive),
    }
    if include_sensitive:
        entry["private_sections"] = state.sections  # the yes or no to each opt-in question
    moves = _stage_moves(state, include_sensitive)
    if moves:
        entry["stage_moves"] = moves
    entry["fhir"] = fhir.questionnaire_response(
        instrument.data,
        state.id,
        kept,
        state.record.submitted_at,
        state.language,
        skipped={item_id for item_id in state.skipped if item_id in _items(answers)},
    )
    return entry


def _answers(state: checkins.CheckInState, include_sensitive: bool) -> tuple[list, dict]:
    """Every question in words and codes, each with its state (answered, skipped, doesn't
    apply, not reached), and the codes kept (for the FHIR response)."""
    private = state.instrument.sensitive_items
    notes = getattr(state, "notes", {})
    answers, kept = [], {}
    for position in state.instrument.positions:
        item, value = position.item, state.answers.get(position.item["id"])
        if item["id"] in private and not include_sensitive:
            continue
        if value is not None:
            kept[item["id"]] = value
        answer = {
            "item": item["id"],
            "question": survey_text(item["text"]),
            "state": str(state.state_of(item["id"])),
            "code": value,
            "answer": answer_text(item, value),
            "private": item["id"] in private,
        }
        if item["id"] in notes:
            answer["note"] = notes[item["id"]]
        answers.append(answer)
    return answers, kept


def _items(answers: list[dict]) -> set[str]:
    return {answer["item"] for answer in answers}


def _stage_moves(state: checkins.CheckInState, include_sensitive: bool) -> list[dict]:
    """How each stage moved since the last check-in about the same change, as codes and as
    the sentence the youth's own view says. A move names its change's area: it is left out
    when the stage question or what names its change is private."""
    private = _stage_questions(state.instrument) & state.instrument.sensitive_items
    if private and not include_sensitive:
        return []
    return [{**move, "said": stage_history.move_sentence(move)} for move in state.moves]


def _stage_questions(instrument: Instrument) -> set[str]:
    """Each stage question and the questions naming its change."""
    return {
        item.get(key)
        for item in stage_moves.stage_items(instrument.data)
        for key in ("id", "change", "own_words")
    } - {None}


def _scores(state: checkins.CheckInState, include_sensitive: bool) -> list[dict]:
    private = state.instrument.sensitive_scales
    topics = _score_topics(state.instrument)
    return [
        {
            "scale": scale["id"],
            "domain": scale["domain"],
            "topic": topics[scale["id"]],
            "value": state.scores[scale["id"]],
        }
        for scale in state.instrument.scales
        if state.scores.get(scale["id"]) is not None  # None: too few answers for a score
        and (include_sensitive or scale["id"] not in private)
    ]


def _score_topics(instrument: Instrument) -> dict[str, str]:
    """Each score by its topic; when one check-in has two scores on a topic, each also
    says which part of the check-in it comes from ("… · School")."""
    scales = instrument.scales
    domains = [scale["domain"] for scale in scales]
    section_of = {position.item["id"]: position.section for position in instrument.positions}
    topics = {}
    for scale in scales:
        topic = youth_domain_label(scale["domain"])  # the young person's own file
        section = section_of[scale["items"][0]]
        if domains.count(scale["domain"]) > 1 and "title" in section:
            topic = f"{topic} · {survey_text(section['title'])}"
        topics[scale["id"]] = topic
    return topics


def _shares(
    youth_id: str,
    sent: list[checkins.CheckInState],
    instruments: dict[str, Instrument],
    include_sensitive: bool,
) -> list[dict]:
    grants = sharing.grants_of(youth_id)
    names = _staff_names({staff_id for grant in grants for staff_id in grant.to})
    instrument_of = {state.id: state.instrument for state in sent}
    now = datetime.now(UTC)
    found = []
    for grant in grants:
        if not include_sensitive and _private_answer_share(grant, instrument_of, instruments):
            continue
        share = {
            "summary": grant_summary(grant, names, instruments),
            "with": [names.get(staff_id) for staff_id in grant.to],
            "scope": grant.scope,
            "ref": grant.ref,
            "detail": grant.detail,
            "when": grant.when,
            "made_at": _iso(grant.created_at),
            "until": _iso(grant.until),
            "stopped_at": _iso(grant.revoked_at),
            "in_force": grant.in_force(now),
        }
        if grant.scope == sharing.ANSWER_NOW and grant.answer:
            share["answer"] = _told_answer(grant.answer, instruments)
        found.append(share)
    return found


def _staff_names(staff_ids: set[str]) -> dict[str, str]:
    """The people the youth shared with, by the names they saw when sharing."""
    found = {}
    for staff_id in staff_ids:
        staff = db.session.get(StaffUser, staff_id)
        if staff is not None:
            found[staff_id] = staff_accounts.display_name(staff)
    return found


def _private_answer_share(
    grant: sharing.Grant,
    instrument_of: dict[str, Instrument],
    instruments: dict[str, Instrument],
) -> bool:
    """A share of one private answer. When its instrument is unknown, any instrument
    where that question is private makes it private: leaving out is the safe mistake."""
    if grant.scope not in ANSWER_SCOPES or not grant.answer:
        return False
    answer = grant.answer
    item_id = answer.get("item")
    instrument = answered_with(
        instruments, answer.get("instrument", ""), answer.get("version")
    ) or instrument_of.get(grant.ref)
    if instrument is not None:
        return item_id in flow.sensitive_items(instrument.data)
    return any(item_id in flow.sensitive_items(each.data) for each in instruments.values())


def _told_answer(answer: dict, instruments: dict[str, Instrument]) -> dict:
    instrument = answered_with(instruments, answer.get("instrument", ""), answer.get("version"))
    item = instrument.items().get(answer.get("item", "")) if instrument else None
    told = {"instrument": answer.get("instrument"), "item": answer.get("item")}
    told["code"] = answer.get("value")
    if item is not None:
        told["question"] = survey_text(item["text"])
        told["answer"] = answer_text(item, answer.get("value"))
    return told


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


# Files ---------------------------------------------------------------------------------


def as_json(collected: dict) -> bytes:
    """Pretty-printed UTF-8 (names and answers in any script stay readable)."""
    return (json.dumps(collected, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class URLRefused(ValueError):
    """The PDF asked for something outside itself. Says nothing about what it was."""


def refusing_fetcher(url: str) -> URLFetcherResponse:
    """Only data: URLs, decoded here without any opener; file:, http(s): and everything
    else are refused."""
    from weasyprint.urls import URLFetcherResponse

    if not url.lower().startswith("data:"):
        raise URLRefused("the PDF may only use data: URLs")
    header, _comma, payload = url[len("data:") :].partition(",")
    body = unquote_to_bytes(payload)
    if header.lower().endswith(";base64"):
        header, body = header[: -len(";base64")], base64.b64decode(body)
    return URLFetcherResponse(url, body, {"Content-Type": header or "text/plain"})


@cache
def _refusing_fetcher_class() -> type:
    """WeasyPrint's fetcher class, every fetch going through refusing_fetcher. (WeasyPrint
    is imported on the first PDF, not with the app: it takes half a second.)"""
    import weasyprint

    class RefusingFetcher(weasyprint.URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            return refusing_fetcher(url)

    return RefusingFetcher


@cache
def print_css() -> str:
    """The PDF's styles, handed to WeasyPrint as a string. (Templates may hold no <style>
    element: the scan for what the Content-Security-Policy forbids reads them all.)"""
    return (resource_dir("templates") / "youth" / "data" / "pdf.css").read_text(encoding="utf-8")


def render_pdf(html: str, css: str | None = None) -> bytes:
    """The PDF of this HTML, in memory, with the print styles (or `css`). Nothing is
    fetched: not a linked stylesheet, an image, a font, a file, nor anything on the network."""
    import weasyprint

    fetcher = _refusing_fetcher_class()()
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    styles = weasyprint.CSS(string=print_css() if css is None else css, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[styles])


def record_download(youth_id: str, file_format: str, include_sensitive: bool) -> None:
    audit.append(
        audit.Actor("youth", youth_id),
        "youth.data_downloaded",
        youth_id,
        {"format": file_format, "sensitive": include_sensitive},
    )
