"""Look at the bytes a database copy would hold: what a dump or a stolen file reveals."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import make_url

from youthvoice.extensions import db


def raw_database_bytes() -> bytes:
    """Everything on disk for SQLite (file, WAL, shared memory), or a pg_dump for PostgreSQL."""
    db.session.commit()
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        db.engine.dispose()  # close connections so nothing is held only in memory
        base = Path(url.database)
        files = [base, *(base.with_name(base.name + suffix) for suffix in ("-wal", "-shm"))]
        return b"".join(path.read_bytes() for path in files if path.exists())
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    dump = subprocess.run(
        ["pg_dump", "--data-only", "--inserts", plain], capture_output=True, check=True, timeout=120
    )
    return dump.stdout


def found_in_storage(values: list[str]) -> list[str]:
    """Which of these distinctive values a copy of the database reveals, in any common encoding."""
    raw = raw_database_bytes()
    found = []
    for value in values:
        encodings = {
            value.encode("utf-8"),
            value.encode("utf-16-le"),
            value.encode().hex().encode(),
        }
        if any(encoded in raw for encoded in encodings):
            found.append(value)
    return found
