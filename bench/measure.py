"""Timing: medians of repeated runs, and the result rows the report prints."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


def timed(fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> float:
    """Median wall time of `fn` in milliseconds, after `warmup` unmeasured calls."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def timed_interleaved(fns: dict[str, Callable[[], object]], *, repeat: int, warmup: int = 1) -> dict[str, float]:
    """Median wall time of each function in milliseconds, the functions called in turn in
    every round, so that a shared machine's changing load weighs on each alike."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    runs: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(max(1, repeat)):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            runs[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(times) for name, times in runs.items()}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Result:
    """One pair (or group) measured at one scale.

    `figures` maps a contender to its figure (ms unless `unit` says otherwise);
    `ratios` the ratios the targets are about; `met` is None when not judged.
    """

    pair: str
    scale: str
    unit: str = "ms"
    figures: dict[str, float | None] = field(default_factory=dict)
    ratios: dict[str, float | None] = field(default_factory=dict)
    target: str = ""
    met: bool | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b
