"""Check-in step under gunicorn: steps per second and p95, beside a bare Flask + Flask-WTF app.

One step is what a youth does per question: GET the question page, then POST its answer, with
everything YouthVoice does on the way (session, CSRF, access policy, decrypting and
re-encrypting the check-in, audit, commit). bench/baseline_app.py does the same GET + POST of
a form of the same size with no database and no crypto. Both are served by gunicorn with
2 sync workers on 127.0.0.1, and locust (headless, bench/step_locustfile.py) drives them at
1, 10 and 20 clients, each client in a closed loop with no think time. Within each locust run
the clients take turns between the two servers (bench/step_plan.py), so both see the same
machine even when other work on it comes and goes.

Budgets (issue #6): the app's steps/s ≥ 0.5 × the baseline's; with one client a step's p95
< 25 ms; at 10 and 20 clients the app's p95 ≤ 2.5 × the baseline's. Exits 1 when one fails.
Then PROFILE_STEPS steps run in-process through the test client under pyinstrument, to show
where a step's time goes.
"""

from __future__ import annotations

import csv
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import MISSING, dataclass, fields, replace
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from bench import baseline_app
from bench.common import temporary_app, temporary_settings
from bench.step_plan import (
    ANSWERS,
    CHECK_IN_URL,
    CSRF_FIELD,
    INSTRUMENT,
    PIN,
    TARGETS,
    counted_seconds,
    question_number,
    sign_in_name,
    step_form,
    total_seconds,
)
from config import Settings, load_settings
from youthvoice import create_app
from youthvoice.extensions import db
from youthvoice.models import Organisation, Program
from youthvoice.services import staff_accounts, throttle, youth_accounts

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "step_locustfile.py"
# What gunicorn loads for each target, and a page that answers 200 once it is up.
SERVERS = {
    "app": ("youthvoice:create_app()", "/"),
    "baseline": ("bench.baseline_app:create_app()", "/q/1"),
}
WORKERS = 2
CLIENTS = (1, 10, 20)
PROFILE_STEPS = 300
PROFILE_YOUTH = max(CLIENTS)  # the bench youth the in-process profile signs in as
STAFF_PASSWORD = "bench advocate password, not for real use"  # noqa: S105

MIN_THROUGHPUT_RATIO = 0.5
ONE_CLIENT_P95_MS = 25
MAX_P95_RATIO = 2.5


@dataclass(frozen=True)
class Measured:
    steps: int
    failures: int
    steps_per_second: float
    p95_ms: float
    problems: str = ""


# Set-up ----------------------------------------------------------------------------------


def bench_settings() -> Settings:
    """A fresh SQLite file and key file; fast Argon2, since sign-in is not what is measured."""
    return replace(temporary_settings(), argon2_memory_kib=1024, argon2_time_cost=1)


def enrol_bench_youth(settings: Settings, count: int) -> None:
    """Migrate the database (`init`) and add `count` youth with a sign-in and assent."""
    app = temporary_app(settings)
    with app.app_context():
        organisation = Organisation(name="Bench organisation")
        program = Program(name="Bench program", organisation=organisation)
        db.session.add_all([organisation, program])
        db.session.flush()
        advocate, _totp = staff_accounts.create_staff(
            organisation, "advocate", "bench-advocate@example.org", "Bench", STAFF_PASSWORD
        )
        db.session.flush()
        for number in range(count):
            youth, code = youth_accounts.enrol(advocate, "", program.id, date.today())
            invite, _wait = youth_accounts.find_invite(code, throttle.Source("bench"))
            youth_accounts.complete_invite(invite, sign_in_name(number), PIN)
            youth_accounts.record_assent(youth)
            youth_accounts.set_statistics_choice(youth, False)
        db.session.commit()
        db.engine.dispose()


def server_environment(settings: Settings) -> dict[str, str]:
    """The environment that makes create_app() in gunicorn load exactly these settings."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("YOUTHVOICE_") and name != "DATABASE_URL"
    }
    for spec in fields(Settings):
        value = getattr(settings, spec.name)
        default = spec.default_factory() if spec.default_factory is not MISSING else spec.default
        if value == default:
            continue
        name = "DATABASE_URL" if spec.name == "database_url" else f"YOUTHVOICE_{spec.name.upper()}"
        environ[name] = os.pathsep.join(value) if isinstance(value, tuple) else str(value)
    if load_settings(environ) != settings:
        raise SystemExit("bench: the environment does not reproduce the bench settings")
    return environ


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    target: str, environ: dict[str, str], folder: Path, stack: ExitStack
) -> tuple[int, Path]:
    """gunicorn with WORKERS sync workers for the target; stopped when the stack closes."""
    spec, _probe = SERVERS[target]
    port = free_port()
    log = folder / f"gunicorn-{target}.log"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", spec]
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environ, stdout=output, stderr=subprocess.STDOUT
        )
    stack.callback(stop, server)
    return port, log


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_answering(target: str, port: int, log: Path, seconds: float = 30) -> None:
    _spec, probe = SERVERS[target]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"bench: gunicorn for {target} did not answer:\n{log.read_text()[-2000:]}")


# Load --------------------------------------------------------------------------------------


def run_locust(clients: int, ports: dict[str, int], folder: Path) -> dict[str, Measured]:
    """One locust run at this many clients, taking turns between the servers; per server."""
    prefix = folder / f"clients-{clients}"
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["-u", str(clients), "-r", str(clients), "-t", f"{math.ceil(total_seconds())}s"]
    command += ["--host", f"http://127.0.0.1:{ports['app']}", "--csv", str(prefix)]
    command += ["--only-summary", "--loglevel", "WARNING"]
    environ = {**os.environ, "BENCH_STEP_BASELINE_HOST": f"http://127.0.0.1:{ports['baseline']}"}
    finished = subprocess.run(
        command,
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=total_seconds() + 60,
        check=False,
    )
    said = finished.stdout + finished.stderr
    rows = _csv_rows(Path(f"{prefix}_stats.csv"))
    failures = _failures(Path(f"{prefix}_failures.csv"))
    found = {}
    for target in TARGETS:
        step = rows.get((target, "step"))
        if step is None or not int(step["Request Count"]):
            problem = f"no steps measured; locust said: {said[-1500:]}"
            found[target] = Measured(0, 0, float("nan"), float("nan"), problem)
            continue
        mine = [row for (kind, name), row in rows.items() if target in (kind, name.split(":")[0])]
        steps = int(step["Request Count"])
        found[target] = Measured(
            steps=steps,
            failures=sum(int(row["Failure Count"]) for row in mine),
            steps_per_second=steps / counted_seconds(target),
            p95_ms=float(step["95%"]),
            problems="; ".join(failures.get(target, [])),
        )
    return found


def _csv_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """Locust's statistics, by (type, name): ("app", "step"), ("GET", "app: GET question")…"""
    if not path.exists():
        return {}
    with path.open(newline="") as handle:
        return {(row["Type"], row["Name"]): row for row in csv.DictReader(handle)}


def _failures(path: Path) -> dict[str, list[str]]:
    """What failed, by server."""
    found: dict[str, list[str]] = defaultdict(list)
    if path.exists():
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                target = row["Method"] if row["Method"] in TARGETS else row["Name"].split(":")[0]
                found[target].append(f"{row['Name']}: {row['Error']} (x{row['Occurrences']})")
    return found


def verdict(clients: int, app: Measured, baseline: Measured) -> list[str]:
    """The budgets this row misses (empty: all met)."""
    missed = []
    if app.problems or baseline.problems or app.failures or baseline.failures:
        missed.append("requests failed")
    if not app.steps_per_second >= MIN_THROUGHPUT_RATIO * baseline.steps_per_second:
        missed.append(f"steps/s < {MIN_THROUGHPUT_RATIO} x baseline")
    if clients == 1 and not app.p95_ms < ONE_CLIENT_P95_MS:
        missed.append(f"p95 >= {ONE_CLIENT_P95_MS} ms")
    if clients > 1 and not app.p95_ms <= MAX_P95_RATIO * baseline.p95_ms:
        missed.append(f"p95 > {MAX_P95_RATIO} x baseline")
    return missed


def measure(settings: Settings, folder: Path) -> bool:
    """Every client count against both servers; prints the table; True when all budgets hold."""
    environ = server_environment(settings)
    all_met = True
    with ExitStack() as stack:
        servers = {target: start_gunicorn(target, environ, folder, stack) for target in SERVERS}
        for target, (port, log) in servers.items():
            wait_until_answering(target, port, log)
        ports = {target: port for target, (port, _log) in servers.items()}
        heading = ("app st/s", "base st/s", "ratio", "app p95", "base p95", "p95 ratio")
        print(f"{'clients':<9}" + "".join(f"{column:>11}" for column in heading) + "  budgets")
        for clients in CLIENTS:
            found = run_locust(clients, ports, folder)
            app, baseline = found["app"], found["baseline"]
            missed = verdict(clients, app, baseline)
            all_met &= not missed
            print(
                f"{clients:<9}{app.steps_per_second:>11.1f}{baseline.steps_per_second:>11.1f}"
                f"{_ratio(app.steps_per_second, baseline.steps_per_second):>11.2f}"
                f"{app.p95_ms:>8.0f} ms{baseline.p95_ms:>8.0f} ms"
                f"{_ratio(app.p95_ms, baseline.p95_ms):>11.2f}"
                f"  {'PASS' if not missed else 'FAIL: ' + ', '.join(missed)}"
            )
            for name, result in found.items():
                if result.problems:
                    print(f"         {name}: {result.problems}")
            sys.stdout.flush()
        for target, (_port, log) in servers.items():
            if "Traceback" in log.read_text():
                all_met = False
                print(f"gunicorn for {target} logged errors:\n{log.read_text()[-3000:]}")
    print(
        f"(each server counted for {counted_seconds('app'):.0f} s per row, in turns; "
        f"gunicorn -w {WORKERS}; p95 from locust, to the millisecond)\n"
        f"(budgets: steps/s >= {MIN_THROUGHPUT_RATIO} x baseline; p95 < {ONE_CLIENT_P95_MS} ms "
        f"at 1 client; p95 <= {MAX_P95_RATIO} x baseline at 10 and 20 clients)"
    )
    return all_met


def _ratio(ours: float, theirs: float) -> float:
    return ours / theirs if theirs else float("nan")


# Profile -----------------------------------------------------------------------------------


def signed_in_check_in(app: Flask) -> tuple[FlaskClient, str]:
    """A test client signed in as the profile youth, and its check-in's question URL."""
    client = app.test_client()
    token = _token(client, "/sign-in")
    form = {"csrf_token": token, "name": sign_in_name(PROFILE_YOUTH), "secret": PIN}
    signed_in = client.post("/sign-in", data=form)
    token = _token(client, "/youth/")
    started = client.post("/youth/check-ins", data={"csrf_token": token, "instrument": INSTRUMENT})
    found = CHECK_IN_URL.search(started.headers.get("Location", ""))
    if signed_in.status_code != 303 or found is None:
        statuses = f"{signed_in.status_code}, {started.status_code}"
        raise SystemExit(f"bench: profile set-up failed (sign-in, start: {statuses})")
    return client, f"/youth/check-ins/{found.group(1)}/q"


def _token(client: FlaskClient, path: str) -> str:
    found = CSRF_FIELD.search(client.get(path).get_data(as_text=True))
    if found is None:
        raise SystemExit(f"bench: no CSRF token on {path}")
    return found.group(1)


def one_step(client: FlaskClient, questions: str, step: int, timings: dict[str, list[float]]):
    number = question_number(step)
    url = f"{questions}/{number}"
    began = time.perf_counter()
    page = client.get(url)
    got = time.perf_counter()
    sent = client.post(url, data=step_form(_token_in(page.get_data(as_text=True), url), number))
    timings["GET"].append(got - began)
    timings["POST"].append(time.perf_counter() - got)
    if page.status_code != 200 or sent.status_code != 303:
        raise SystemExit(f"bench: step {url} answered {page.status_code} then {sent.status_code}")


def statements_per_step(app: Flask, client: FlaskClient, questions: str) -> str:
    """How many SQL statements (commits apart) one GET and one POST send to the database."""
    counts = {"GET": 0, "POST": 0, "commits": 0}
    counting = "GET"

    def count_statement(*_args: object) -> None:
        counts[counting] += 1

    def count_commit(*_args: object) -> None:
        counts["commits"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count_statement)
    event.listen(engine, "commit", count_commit)
    try:
        for step in range(len(ANSWERS)):
            number = question_number(step)
            url = f"{questions}/{number}"
            counting = "GET"
            page = client.get(url)
            counting = "POST"
            client.post(url, data=step_form(_token_in(page.get_data(as_text=True), url), number))
    finally:
        event.remove(engine, "before_cursor_execute", count_statement)
        event.remove(engine, "commit", count_commit)
    get, post, commits = (counts[key] / len(ANSWERS) for key in ("GET", "POST", "commits"))
    return f"SQL statements: GET {get:.0f}, POST {post:.0f}; {commits:.0f} commits per step"


def _per_step(timings: dict[str, list[float]]) -> str:
    get_ms, post_ms = (sum(timings[kind]) / len(timings[kind]) * 1000 for kind in ("GET", "POST"))
    return f"GET {get_ms:.2f} ms + POST {post_ms:.2f} ms = {get_ms + post_ms:.2f} ms per step"


def _token_in(html: str, url: str) -> str:
    found = CSRF_FIELD.search(html)
    if found is None:
        raise SystemExit(f"bench: no CSRF token on {url}")
    return found.group(1)


def profile(settings: Settings) -> None:
    """PROFILE_STEPS steps in-process: timed alone, then again under pyinstrument."""
    from pyinstrument import Profiler

    app = create_app(settings)
    client, questions = signed_in_check_in(app)
    for step in range(25):  # warm caches, templates and the connection pool
        one_step(client, questions, step, defaultdict(list))
    timings: dict[str, list[float]] = defaultdict(list)
    for step in range(PROFILE_STEPS):
        one_step(client, questions, step, timings)
    print(f"\nIn-process, {PROFILE_STEPS} steps through the test client (no network, no gunicorn):")
    print(f"  YouthVoice  {_per_step(timings)}")
    baseline = baseline_app.create_app().test_client()
    timings = defaultdict(list)
    for step in range(25 + PROFILE_STEPS):
        one_step(baseline, "/q", step, timings if step >= 25 else defaultdict(list))
    print(f"  baseline    {_per_step(timings)}")
    print(f"  YouthVoice  {statements_per_step(app, client, questions)}")
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for step in range(PROFILE_STEPS):
        one_step(client, questions, step, defaultdict(list))
    profiler.stop()
    with app.app_context():
        db.engine.dispose()
    print(f"\nThe same {PROFILE_STEPS} steps under pyinstrument; self time by where it is spent:")
    for place, share in cost_centres(profiler.last_session.root_frame()):
        print(f"  {share:5.1%}  {place}")
    tree = profiler.output_text(
        unicode=False, color=False, show_all=False, processor_options={"filter_threshold": 0.02}
    )
    print("\nCall tree (frames under 2% hidden):")
    print("\n".join(tree.splitlines()[:80]))


# pyinstrument shows C functions as frames in "<built-in>" named like "Cursor.execute". SQLite's
# and the cryptography's C work is named here; any other C call (or generated code, such as a
# dataclass __init__) is charged to the library that made it.
C_WORK = {
    "Cursor": "sqlite3 (C)",
    "Connection": "sqlite3 (C)",
    "AESGCM": "AES-GCM, HMAC, hashes (C)",
    "HASH": "AES-GCM, HMAC, hashes (C)",
    "HMAC": "AES-GCM, HMAC, hashes (C)",
    "hmac_new": "AES-GCM, HMAC, hashes (C)",
    "hmac_digest": "AES-GCM, HMAC, hashes (C)",
    "compare_digest": "AES-GCM, HMAC, hashes (C)",
    "urandom": "AES-GCM, HMAC, hashes (C)",
}
TEST_CLIENT = ("werkzeug/test.py", "flask/testing.py")


def cost_centres(root, top: int = 15) -> list[tuple[str, float]]:
    """The `top` places with the most self time, as shares of all profiled time."""
    totals: dict[str, float] = defaultdict(float)

    def walk(frame) -> None:
        totals[_place(frame)] += frame.total_self_time
        for child in frame.children:
            if not child.is_synthetic:
                walk(child)

    walk(root)
    whole = sum(totals.values()) or 1.0
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    return [(place, seconds / whole) for place, seconds in ranked[:top]]


def _place(frame) -> str:
    path = frame.file_path or ""
    if path.startswith("<") or not path:
        work = C_WORK.get(frame.function.split(".", 1)[0])
        return work or (_place(frame.parent) if frame.parent is not None else "other")
    if "site-packages/" in path:
        inside = path.split("site-packages/", 1)[1]
        if inside.endswith(TEST_CLIENT):
            return "test client (not there under gunicorn)"
        return inside.split("/", 1)[0].removesuffix(".py")
    if path.startswith(str(ROOT)):
        parts = Path(path).relative_to(ROOT).parts
        if parts[0] == "youthvoice":
            return "/".join(parts[:2])
        return "templates (compiled Jinja)" if parts[0] == "templates" else parts[0]
    return f"stdlib {Path(path).stem}"


def main() -> int:
    began = time.monotonic()
    settings = bench_settings()
    enrol_bench_youth(settings, max(CLIENTS) + 1)
    with tempfile.TemporaryDirectory(prefix="youthvoice-bench-step-") as scratch:
        all_met = measure(settings, Path(scratch))
    profile(settings)
    print(f"\n(whole run {time.monotonic() - began:.0f} s)")
    return 0 if all_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
