"""Many concurrent clients against a running service; per-endpoint figures.

Plain threads with one keep-alive `requests` session each: no Django here, so
the same runner measures any server URL. An error is any answer that is not
the endpoint's expected status, or no answer at all (timeout, refused, reset).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    data: dict | None = None
    json: dict | None = None
    params: dict | None = None


@dataclass(frozen=True)
class Endpoint:
    """`make(client, rng)` returns the next Call; `client` is the client's index."""

    name: str
    make: Callable[[int, random.Random], Call | None]
    weight: int = 1
    expect: tuple[int, ...] = (200,)
    signed_in: bool = False


@dataclass
class Figures:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)  # the first few errors, for the report

    def add(self, seconds: float, error: str | None) -> None:
        self.requests += 1
        self.latencies.append(seconds)
        if error is not None:
            self.errors += 1
            if len(self.samples) < 5:
                self.samples.append(error)

    def merge(self, other: Figures) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.latencies += other.latencies
        self.samples += other.samples[: max(0, 5 - len(self.samples))]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-share * len(ordered) // 1))))
    return ordered[rank - 1]


@dataclass
class Result:
    seconds: float
    clients: int
    endpoints: dict[str, Figures]

    @property
    def total(self) -> Figures:
        total = Figures()
        for figures in self.endpoints.values():
            total.merge(figures)
        return total

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.endpoints.values())

    def rows(self) -> list[dict]:
        rows = []
        for name, f in [*self.endpoints.items(), ("TOTAL", self.total)]:
            rows.append(
                {
                    "endpoint": name,
                    "requests": f.requests,
                    "errors": f.errors,
                    "rps": f.requests / self.seconds if self.seconds else 0.0,
                    "p50_ms": percentile(f.latencies, 0.50) * 1000,
                    "p99_ms": percentile(f.latencies, 0.99) * 1000,
                }
            )
        return rows

    def report(self) -> str:
        lines = [
            f"{self.clients} clients for {self.seconds:.1f} s",
            f"{'endpoint':<28} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}",
        ]
        for r in self.rows():
            lines.append(
                f"{r['endpoint']:<28} {r['requests']:>9} {r['errors']:>7} {r['rps']:>8.1f} "
                f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f}"
            )
        for name, f in self.endpoints.items():
            for sample in f.samples:
                lines.append(f"  error in {name}: {sample}")
        return "\n".join(lines)


def run(
    *,
    base_url: str,
    endpoints: list[Endpoint],
    clients: int,
    seconds: float,
    headers_for: Callable[[int], dict[str, str]] | None = None,
    timeout: float = 30.0,
    seed: int = 1,
) -> Result:
    """`clients` threads, each choosing endpoints by weight until `seconds` have passed.

    `headers_for(client)` gives a client's signed-in headers (session cookie and
    CSRF token); endpoints marked `signed_in` are sent with them.
    """
    weights = [e.weight for e in endpoints]
    per_client: list[dict[str, Figures]] = [{e.name: Figures() for e in endpoints} for _ in range(clients)]
    start_gate = threading.Barrier(clients + 1)
    deadline_box: list[float] = []

    def client(index: int) -> None:
        rng = random.Random(seed * 100_003 + index)
        session = requests.Session()
        session.headers["Accept-Language"] = "en"
        signed = headers_for(index) if headers_for else {}
        figures = per_client[index]
        start_gate.wait()
        # First every endpoint once, each client from its own offset (so that even
        # a short run with few clients covers them all), then by weight.
        offset, sent = index * len(endpoints) // clients, 0
        while time.monotonic() < deadline_box[0]:
            if sent < len(endpoints):
                endpoint = endpoints[(offset + sent) % len(endpoints)]
            else:
                endpoint = rng.choices(endpoints, weights)[0]
            sent += 1
            call = endpoint.make(index, rng)
            if call is None:
                continue
            headers = signed if endpoint.signed_in else {}
            began = time.perf_counter()
            error = None
            try:
                response = session.request(
                    call.method, base_url + call.path, params=call.params, data=call.data, json=call.json,
                    headers=headers, timeout=timeout,
                )  # fmt: skip
                if response.status_code not in endpoint.expect:
                    error = f"{call.method} {call.path} -> {response.status_code}: {response.text[:200]!r}"
            except requests.RequestException as exc:
                error = f"{call.method} {call.path} -> {type(exc).__name__}: {exc}"
            figures[endpoint.name].add(time.perf_counter() - began, error)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline_box.append(began + seconds)
    start_gate.wait()
    for thread in threads:
        thread.join(timeout=seconds + timeout + 30)
    elapsed = time.monotonic() - began
    merged = {e.name: Figures() for e in endpoints}
    for figures in per_client:
        for name, f in figures.items():
            merged[name].merge(f)
    return Result(seconds=elapsed, clients=clients, endpoints=merged)
