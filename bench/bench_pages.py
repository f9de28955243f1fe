"""Benchmarks: page weight per page type and in-process request latency.

Run with `make bench`; record the figures in docs/benchmarks.md.
"""

from __future__ import annotations

import re
import statistics
import time

from bench.common import signed_in_demo_youth, temporary_app

PUBLIC_PAGES = ["/", "/support", "/staying-safe", "/sign-in", "/staff/sign-in", "/no-such-page"]
# Youth page types, by name: {quick}, {private} and {sent} are check-ins started below.
YOUTH_PAGES = {
    "home": "/youth/",
    "check-in intro": "/youth/check-ins/{quick}",
    "question 0-10": "/youth/check-ins/{quick}/q/1",
    "question radios": "/youth/check-ins/{quick}/q/3",
    "support screen": "/youth/check-ins/{quick}/q/3/support",
    "question boxes": "/youth/check-ins/{quick}/q/6",
    "question text": "/youth/check-ins/{quick}/q/7",
    "take a break": "/youth/check-ins/{quick}/break",
    "review": "/youth/check-ins/{quick}/review",
    "opt-in": "/youth/check-ins/{private}/section/1",
    "check-out": "/youth/check-ins/{private}/section/1/after",
    "thank you": "/youth/check-ins/{sent}/thanks",
}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
BUDGET_BYTES = 30 * 1024
REQUESTS_PER_PAGE = 500
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def page_weight(client, path: str) -> tuple[int, int]:
    """Bytes of the HTML plus every local asset it links (uncompressed), and the asset count."""
    html = client.get(path).get_data()
    assets = set(ASSET.findall(html.decode()))
    return len(html) + sum(len(client.get(asset).get_data()) for asset in assets), len(assets)


def latency(client, path: str) -> tuple[float, float, float]:
    timings = []
    for _ in range(REQUESTS_PER_PAGE):
        start = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - start)
    timings.sort()
    p50 = statistics.median(timings) * 1000
    p95 = timings[int(len(timings) * 0.95)] * 1000
    return p50, p95, len(timings) / sum(timings)


def start_check_ins(client) -> dict[str, str]:
    """A sent check-in, a quick one with the follow-up question showing, a sensitive one."""

    def post(path: str, **fields: object) -> str:
        token = TOKEN.search(client.get("/youth/settings").get_data(as_text=True)).group(1)
        return client.post(path, data={"csrf_token": token, **fields}).headers["Location"]

    ids = {}
    for key, instrument in (("sent", "hope-and-goals"), ("quick", "quick-check-in")):
        ids[key] = post("/youth/check-ins", instrument=instrument).split("/")[3]
    post(f"/youth/check-ins/{ids['sent']}/submit")
    post(f"/youth/check-ins/{ids['quick']}/q/6", action="save", answer="other")
    ids["private"] = post("/youth/check-ins", instrument="where-im-at").split("/")[3]
    post(f"/youth/check-ins/{ids['private']}/section/1", action="yes")
    return ids


def main() -> int:
    app = temporary_app()
    public = app.test_client()
    youth = signed_in_demo_youth(app)
    ids = start_check_ins(youth)
    pages = [(path, path, public) for path in PUBLIC_PAGES]
    pages += [(name, path.format(**ids), youth) for name, path in YOUTH_PAGES.items()]
    columns = ("bytes", "assets", "budget", "p50 ms", "p95 ms", "req/s")
    print(f"{'page':<16}" + "".join(f"{column:>9}" for column in columns))
    over_budget = False
    for name, path, client in pages:
        weight, assets = page_weight(client, path)
        p50, p95, rate = latency(client, path)
        verdict = "ok" if weight <= BUDGET_BYTES else "OVER"
        over_budget |= weight > BUDGET_BYTES
        print(f"{name:<16}{weight:>9}{assets:>9}{verdict:>9}{p50:>9.2f}{p95:>9.2f}{rate:>9.0f}")
    return 1 if over_budget else 0


if __name__ == "__main__":
    raise SystemExit(main())
