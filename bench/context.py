"""What every pair gets: the scale, how often to repeat, the servers started, what to skip."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Context:
    scale: float
    label: str
    repeat: int
    out: Path
    database_url: str
    skip: set[str] = field(default_factory=set)
    service_url: str | None = None  # gunicorn serving bench.wsgi
    pygeoapi_url: str | None = None
    tool_python: Path | None = None  # the bench venv's python (geopandas, pygeoapi)
    notes: list[str] = field(default_factory=list)

    def runs(self, base: int) -> int:
        """`base` repetitions scaled by --repeat (1 = as designed)."""
        return max(1, round(base * self.repeat))
