"""Instructions per check-in step, counted by valgrind: a steady figure to judge a change by.

Wall-clock times of the same code move by ±15% from one process to the next on a shared
machine, which hides a 5% change. Valgrind's cachegrind counts the instructions a process
runs, the same every time for the same work. This runs the in-process step of
bench/bench_step.py (GET a question, POST its answer, through the test client) LONG and
SHORT times, each in its own process under cachegrind, and divides the difference by
LONG - SHORT, so start-up (imports, migrations, sign-in) cancels out. The same for the
baseline app. Needs valgrind (`apt-get install valgrind`); slow (about two minutes).

    python -m bench.step_instructions
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT, LONG = 20, 120
TOTAL = re.compile(r"I\s+refs:\s+([\d,]+)")


def run_steps(target: str, steps: int) -> None:
    """The step, `steps` times, in this process (the child valgrind watches)."""
    from bench import baseline_app
    from bench.bench_step import (
        PROFILE_YOUTH,
        bench_settings,
        enrol_bench_youth,
        one_step,
        signed_in_check_in,
    )
    from youthvoice import create_app

    if target == "app":
        settings = bench_settings()
        enrol_bench_youth(settings, PROFILE_YOUTH + 1)
        client, questions = signed_in_check_in(create_app(settings))
    else:
        client, questions = baseline_app.create_app().test_client(), "/q"
    for step in range(steps):
        one_step(client, questions, step, defaultdict(list))


def instructions(target: str, steps: int) -> int:
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    command += ["--cachegrind-out-file=/dev/null", sys.executable, "-m", __spec__.name]
    command += ["--run", target, str(steps)]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    found = TOTAL.search(finished.stderr)
    if finished.returncode != 0 or found is None:
        raise SystemExit(f"step_instructions: valgrind failed:\n{finished.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        run_steps(sys.argv[2], int(sys.argv[3]))
        return 0
    if shutil.which("valgrind") is None:
        print("step_instructions: valgrind is not installed (apt-get install valgrind)")
        return 1
    per_step = {}
    for target in ("app", "baseline"):
        counted = instructions(target, LONG) - instructions(target, SHORT)
        per_step[target] = counted / (LONG - SHORT)
        print(f"{target:<9} {per_step[target] / 1e6:6.2f} M instructions per step")
    print(f"ratio     {per_step['baseline'] / per_step['app']:6.2f} (baseline / app)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
