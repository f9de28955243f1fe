"""Benchmarks: page weight per page type and in-process request latency.

Run with `make bench`; record the figures in docs/benchmarks.md.
"""

from __future__ import annotations

import re
import statistics
import time

from bench.common import temporary_app

PAGES = ["/", "/support", "/sign-in", "/youth/", "/staff/sign-in", "/no-such-page"]
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


def main() -> int:
    client = temporary_app().test_client()
    columns = ("bytes", "assets", "budget", "p50 ms", "p95 ms", "req/s")
    print(f"{'page':<16}" + "".join(f"{column:>9}" for column in columns))
    over_budget = False
    for path in PAGES:
        weight, assets = page_weight(client, path)
        p50, p95, rate = latency(client, path)
        verdict = "ok" if weight <= BUDGET_BYTES else "OVER"
        over_budget |= weight > BUDGET_BYTES
        print(f"{path:<16}{weight:>9}{assets:>9}{verdict:>9}{p50:>9.2f}{p95:>9.2f}{rate:>9.0f}")
    return 1 if over_budget else 0


if __name__ == "__main__":
    raise SystemExit(main())
