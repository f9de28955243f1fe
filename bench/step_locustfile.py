"""Locust users for bench/bench_step.py: one step is GET a question page + POST its answer.

BENCH_STEP_TARGET names the server: "app" (YouthVoice: each user signs in as its own bench
youth and starts its own quick check-in) or "baseline" (bench/baseline_app.py: each user
opens a page once to get its session cookie). A step's time, GET and POST together with the
token parsed between them, is reported as a custom request named "step". Statistics are reset
BENCH_STEP_WARM_UP seconds after the start, so sign-in and warm-up are not counted.

Run by bench/bench_step.py; by hand:
  BENCH_STEP_TARGET=baseline locust -f bench/step_locustfile.py --headless -u 10 -r 10 -t 20s \\
    --host http://127.0.0.1:8001
"""

from __future__ import annotations

import itertools
import os
import time

import gevent
from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

from bench.step_plan import (
    CHECK_IN_URL,
    CSRF_FIELD,
    INSTRUMENT,
    PIN,
    question_number,
    sign_in_name,
    step_form,
)

TARGET = os.environ.get("BENCH_STEP_TARGET", "app")
WARM_UP_SECONDS = float(os.environ.get("BENCH_STEP_WARM_UP", "4"))
_youth_numbers = itertools.count()  # one bench youth per simulated client


@events.test_start.add_listener
def _count_after_warm_up(environment, **_kwargs) -> None:
    def reset() -> None:
        gevent.sleep(WARM_UP_SECONDS)
        environment.stats.reset_all()

    gevent.spawn(reset)


class StepUser(FastHttpUser):
    wait_time = constant(0)  # a closed loop: the next step starts when the last one ends

    def on_start(self) -> None:
        self.steps = 0
        if TARGET == "app":
            self.questions = self._start_check_in()
        else:
            self.client.get("/q/1", name="set-up: first page")  # the session cookie
            self.questions = "/q"

    def _token(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as page:
            found = CSRF_FIELD.search(page.text or "") if page.status_code == 200 else None
            if found is None:
                page.failure(f"{page.status_code}: no CSRF token on {path}")
                raise StopUser
            return found.group(1)

    def _start_check_in(self) -> str:
        """Sign in as this client's own youth and start a quick check-in; its question URL."""
        token = self._token("/sign-in", "set-up: sign-in page")
        form = {"csrf_token": token, "name": sign_in_name(next(_youth_numbers)), "secret": PIN}
        self._expect_303("/sign-in", form, "set-up: sign in")
        token = self._token("/youth/", "set-up: home")
        form = {"csrf_token": token, "instrument": INSTRUMENT}
        started = self._expect_303("/youth/check-ins", form, "set-up: start check-in")
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
        number = question_number(self.steps)
        self.steps += 1
        url = f"{self.questions}/{number}"
        problem = None
        began = time.perf_counter()
        with self.client.get(url, name="GET question", catch_response=True) as page:
            found = CSRF_FIELD.search(page.text or "") if page.status_code == 200 else None
            if found is None:
                problem = f"GET question {number}: {page.status_code}, no CSRF token"
                page.failure(problem)
        if found is not None:
            with self.client.post(
                url,
                data=step_form(found.group(1), number),
                name="POST answer",
                allow_redirects=False,
                catch_response=True,
            ) as sent:
                if sent.status_code != 303:
                    problem = f"POST answer {number}: {sent.status_code}, not 303"
                    sent.failure(problem)
        elapsed_ms = (time.perf_counter() - began) * 1000
        self.environment.events.request.fire(
            request_type="STEP",
            name="step",
            response_time=elapsed_ms,
            response_length=0,
            exception=RuntimeError(problem) if problem else None,
            context={},
        )
