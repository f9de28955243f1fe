"""Audit appends per second with 4 writer processes, each committing every event.

SQLite always; PostgreSQL too when YOUTHVOICE_BENCH_POSTGRES names a server
(e.g. postgresql://postgres@127.0.0.1:5432/test), in a throw-away database.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import time

import psycopg
from sqlalchemy import make_url

from bench.common import temporary_app, temporary_settings
from config import Settings
from youthvoice import audit, create_app
from youthvoice.crypto import keys
from youthvoice.extensions import db

WRITERS = 4
EVENTS_PER_WRITER = 250


def _writer(settings: Settings, number: int, ready, start) -> None:
    app = create_app(settings)
    with app.app_context():
        ready.release()
        start.wait()
        for event in range(EVENTS_PER_WRITER):
            actor = audit.Actor("staff", f"writer-{number}")
            audit.append(actor, "youth_data.read", "youth-bench", {"n": event})
            db.session.commit()
        db.engine.dispose()


def appends_per_second(settings: Settings) -> tuple[float, bool]:
    app = temporary_app(settings)
    with app.app_context():
        keys().create_data_key("youth-bench")
        db.session.commit()
        db.engine.dispose()
    context = multiprocessing.get_context("spawn")
    ready, start = context.Semaphore(0), context.Event()
    workers = [
        context.Process(target=_writer, args=(settings, n, ready, start)) for n in range(WRITERS)
    ]
    for process in workers:
        process.start()
    for _ in workers:
        ready.acquire()
    began = time.perf_counter()
    start.set()
    for process in workers:
        process.join()
    elapsed = time.perf_counter() - began
    with app.app_context():
        intact = audit.verify().ok
        db.engine.dispose()
    return WRITERS * EVENTS_PER_WRITER / elapsed, intact


def postgres_settings(server: str) -> tuple[Settings, str]:
    name = f"youthvoice_bench_{secrets.token_hex(4)}"
    base = make_url(server).set(drivername="postgresql")
    with psycopg.connect(base.render_as_string(hide_password=False), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = base.set(drivername="postgresql+psycopg", database=name)
    return temporary_settings(url.render_as_string(hide_password=False)), name


def drop(server: str, name: str) -> None:
    base = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report() -> None:
    rate, intact = appends_per_second(temporary_settings())
    print(f"audit appends, {WRITERS} writers, SQLite:     {rate:8.0f}/s  intact: {intact}")
    server = os.environ.get("YOUTHVOICE_BENCH_POSTGRES")
    if server:
        settings, name = postgres_settings(server)
        try:
            rate, intact = appends_per_second(settings)
        finally:
            drop(server, name)
        print(f"audit appends, {WRITERS} writers, PostgreSQL: {rate:8.0f}/s  intact: {intact}")


if __name__ == "__main__":
    report()
