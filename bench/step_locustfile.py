"""Locust users for bench/bench_step.py: one step is GET a question page + POST its answer.

Each user drives both servers, in the turns step_plan.schedule() sets: YouthVoice (--host;
the user signs in as its own bench youth and starts its own quick check-in) and the baseline
(BENCH_STEP_BASELINE_HOST; the user opens a page once for its session cookie). A step's
time, GET and POST together with the token parsed between them, is reported as a custom
request named "step" whose type is the server ("app" or "baseline"). Statistics are reset
when the first counted turn begins, so sign-in and warm-up are not counted.

Run by bench/bench_step.py; by hand (from the repository root, with both servers running):
  BENCH_STEP_BASELINE_HOST=http://127.0.0.1:8001 locust -f bench/step_locustfile.py \\
    --headless -u 10 -r 10 -t 50s --host http://127.0.0.1:8000 --csv /tmp/step
"""

from __future__ import annotations

import itertools
import os
import time

import gevent
from locust import FastHttpUser, constant, events, task
from locust.contrib.fasthttp import FastHttpSession
from locust.exception import StopUser

from bench.step_plan import (
    CHECK_IN_URL,
    CSRF_FIELD,
    INSTRUMENT,
    PIN,
    Phase,
    question_number,
    schedule,
    sign_in_name,
    step_form,
)

BASELINE_HOST = os.environ.get("BENCH_STEP_BASELINE_HOST", "")
PHASES = schedule()
_youth_numbers = itertools.count()  # one bench youth per simulated client
_load_began = time.monotonic()  # set again when the load starts


@events.test_start.add_listener
def _follow_schedule(environment, **_kwargs) -> None:
    global _load_began
    _load_began = time.monotonic()
    first_counted = next(phase for phase in PHASES if phase.counted)

    def reset_when_counting_begins() -> None:
        gevent.sleep(first_counted.begins)
        environment.stats.reset_all()

    gevent.spawn(reset_when_counting_begins)


def _phase_now() -> tuple[Phase | None, float]:
    """The phase under way (None once the schedule is over), and the seconds into the load."""
    elapsed = time.monotonic() - _load_began
    for phase in PHASES:
        if elapsed < phase.ends:
            return phase, elapsed
    return None, elapsed


class StepUser(FastHttpUser):
    wait_time = constant(0)  # a closed loop: the next step starts when the last one ends

    def on_start(self) -> None:
        if not BASELINE_HOST:
            raise StopUser  # run by bench_step.py, which names the baseline
        baseline = FastHttpSession(
            BASELINE_HOST, request_event=self.environment.events.request, user=self
        )
        self.sessions = {"app": self.client, "baseline": baseline}
        self.steps = {"app": 0, "baseline": 0}
        self.questions = {"app": self._start_check_in(), "baseline": "/q"}
        baseline.get("/q/1", name="baseline: set-up, first page")  # the session cookie

    def _token(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as page:
            found = CSRF_FIELD.search(page.text or "") if page.status_code == 200 else None
            if found is None:
                page.failure(f"{page.status_code}: no CSRF token on {path}")
                raise StopUser
            return found.group(1)

    def _start_check_in(self) -> str:
        """Sign in as this client's own youth and start a quick check-in; its question URL."""
        token = self._token("/sign-in", "app: set-up, sign-in page")
        form = {"csrf_token": token, "name": sign_in_name(next(_youth_numbers)), "secret": PIN}
        self._expect_303("/sign-in", form, "app: set-up, sign in")
        token = self._token("/youth/", "app: set-up, home")
        form = {"csrf_token": token, "instrument": INSTRUMENT}
        started = self._expect_303("/youth/check-ins", form, "app: set-up, start check-in")
        found = CHECK_IN_URL.search(started)
        if found is None:
            raise StopUser
        return f"/youth/check-ins/{found.group(1)}/q"

    def _expect_303(self, path: str, form: dict[str, str], name: str) -> str:
        with self.client.post(
            path, data=form, name=name, allow_redirects=False, catch_response=True
        ) as sent:
            if sent.status_code != 303:
                sent.failure(f"{sent.status_code}, not 303")
                raise StopUser
            return sent.headers.get("Location", "")

    @task
    def step(self) -> None:
        phase, elapsed = _phase_now()
        if phase is None:
            gevent.sleep(60)  # the schedule is over; locust's run time ends the run
        elif elapsed >= phase.last_start:
            gevent.sleep(phase.ends - elapsed)  # let the steps under way finish
        else:
            self._step(phase.target)

    def _step(self, target: str) -> None:
        client = self.sessions[target]
        number = question_number(self.steps[target])
        self.steps[target] += 1
        url = f"{self.questions[target]}/{number}"
        problem = None
        began = time.perf_counter()
        with client.get(url, name=f"{target}: GET question", catch_response=True) as page:
            found = CSRF_FIELD.search(page.text or "") if page.status_code == 200 else None
            if found is None:
                problem = f"GET question {number}: {page.status_code}, no CSRF token"
                page.failure(problem)
        if found is not None:
            with client.post(
                url,
                data=step_form(found.group(1), number),
                name=f"{target}: POST answer",
                allow_redirects=False,
                catch_response=True,
            ) as sent:
                if sent.status_code != 303:
                    problem = f"POST answer {number}: {sent.status_code}, not 303"
                    sent.failure(problem)
        elapsed_ms = (time.perf_counter() - began) * 1000
        self.environment.events.request.fire(
            request_type=target,
            name="step",
            response_time=elapsed_ms,
            response_length=0,
            exception=RuntimeError(problem) if problem else None,
            context={},
        )
