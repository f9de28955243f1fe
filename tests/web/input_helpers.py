"""Helpers for the hostile-input tests: question pages of each item type, the share forms
with a valid baseline, and a snapshot of stored data to compare before and after."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.web.matrix_helpers import changed_tables, fingerprint
from tests.web.youth_helpers import save, start_check_in
from youthvoice.surveys import flow

__all__ = ["changed_tables", "fingerprint"]


def first_of_kind(app: Flask, kind: str) -> tuple[str, dict, flow.Position]:
    """The first question of this item type in the instruments offered: (instrument id,
    instrument data, position)."""
    instruments = app.extensions["youthvoice.instruments"]
    for instrument_id in app.extensions["youthvoice.offered"]:
        data = instruments[instrument_id].data
        for position in flow.positions(data):
            if position.item["type"] == kind:
                return instrument_id, data, position
    raise LookupError(f"no offered instrument has a {kind} question")


def question_of_kind(app: Flask, client: FlaskClient, kind: str) -> str:
    """The path of a question of this item type that the youth can answer now, in a
    check-in started for it: its sensitive section opened and any earlier answer its
    show_if needs given."""
    instrument_id, data, position = first_of_kind(app, kind)
    path = start_check_in(client, instrument_id)
    _open_the_way(client, path, data, position)
    return f"{path}/q/{position.number}"


def _open_the_way(client: FlaskClient, path: str, data: dict, position: flow.Position) -> None:
    if position.section.get("sensitive"):
        save(client, f"{path}/section/{position.section_number}", action="yes")
    condition = position.item.get("show_if")
    if condition is None:
        return
    earlier = next(p for p in flow.positions(data) if p.item["id"] == condition["item"])
    _open_the_way(client, path, data, earlier)
    save(client, f"{path}/q/{earlier.number}", answer=condition["in"][-1])


def end_date_fields(day: date | None = None) -> dict[str, str]:
    """A share that ends on a day a month from now, as the form sends it."""
    day = day or date.today() + timedelta(days=30)
    return {"ends": "on_date", "day": str(day.day), "month": str(day.month), "year": str(day.year)}


def share_forms(ids: dict[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Every form that ends a share on a date: its path and fields a youth could send,
    with the ids from youth_helpers.visiting_check_ins."""
    who = {"to": ids["advocate"], **end_date_fields()}
    return {
        "new instrument share": (
            "/youth/sharing/new/instrument",
            {"what": "quick-check-in", "detail": "scores", "when": "both", **who},
        ),
        "new topic share": ("/youth/sharing/new/domain", {"what": "hope", "when": "both", **who}),
        "check-in share": (f"/youth/check-ins/{ids['sent']}/share", {"detail": "scores", **who}),
        "one answer share": (f"/youth/check-ins/{ids['sent']}/share/1", who),
        "change a share": (f"/youth/sharing/{ids['grant']}/change", who),
    }
