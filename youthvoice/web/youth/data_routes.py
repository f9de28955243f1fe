"""Download my data: a PDF and a JSON file of what the youth has.

A POST, so nothing about the download is in the URL or the history; the file name says
only "check-in"; the page warns first that the file stays on the device.
"""

from __future__ import annotations

from datetime import datetime

from flask import abort, g, render_template, request
from flask_babel import format_datetime
from werkzeug.wrappers import Response

from youthvoice.i18n import native_name
from youthvoice.services import export
from youthvoice.web.access import youth_required
from youthvoice.web.youth import bp, check_ins

MEDIA_TYPES = {"pdf": "application/pdf", "json": "application/json; charset=utf-8"}


@bp.get("/my-data")
@youth_required
def my_data() -> str:
    return render_template("youth/data/my_data.html")


@bp.post("/my-data/download")
@youth_required
def download_my_data() -> Response:
    file_format = request.form.get("format", "")
    if file_format not in export.FORMATS:
        abort(400)
    include_sensitive = request.form.get("sensitive") == "yes"
    youth_id = g.signed_in.id
    collected = export.collect(youth_id, check_ins.instruments(), include_sensitive)
    if file_format == "pdf":
        body = export.render_pdf(pdf_html(collected))
    else:
        body = export.as_json(collected)
    export.record_download(youth_id, file_format, include_sensitive)
    response = Response(body, content_type=MEDIA_TYPES[file_format])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{export.FILE_NAMES[file_format]}"'
    )
    return response


def pdf_html(collected: dict) -> str:
    """The PDF's HTML: standalone, no URLs, every value escaped by Jinja (the styles are
    added by export.render_pdf)."""
    language = collected["settings"]["language"]
    return render_template(
        "youth/data/pdf.html",
        data=collected,
        made_at=_when(collected["made_at"], "long"),
        language_name=native_name(language) if language else None,
        sent_on=lambda check_in: _when(check_in["submitted_at"], "medium"),
    )


def _when(moment: str, style: str) -> str:
    return format_datetime(datetime.fromisoformat(moment), style)
