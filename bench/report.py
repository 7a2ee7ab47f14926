"""The table printed at the end, and results.md / results.json in the output folder."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from .measure import Result, ratio

SCALING_TARGET = 2.0


def machine() -> dict[str, str]:
    from django import get_version
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), postgis_lib_version()")
        pg, postgis = cursor.fetchone()
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20).stdout
    except OSError:
        chromium = "absent"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": get_version(),
        "postgresql": pg,
        "postgis": postgis,
        "chromium": chromium.strip(),
    }


def scaling(results: list[Result], low: str, high: str) -> list[Result]:
    """At `high` scale, the lookup and the bbox page against their `low` times."""
    pick = {(r.pair, r.scale): r for r in results}
    out = []
    for pair, label in (("lookup: API vs raw SQL", "lookup"), ("cases bbox page of 1000: API", "bbox page")):
        a, b = pick.get((pair, low)), pick.get((pair, high))
        if not a or not b:
            continue
        r = ratio(b.figures.get("api"), a.figures.get("api"))
        out.append(
            Result(
                pair=f"scaling {label}: {high} vs {low}",
                scale=high,
                figures={f"api_{low}": a.figures.get("api"), f"api_{high}": b.figures.get("api")},
                ratios={f"{high}/{low}": r},
                target=f"{high}/{low} <= {SCALING_TARGET}",
                met=r is not None and r <= SCALING_TARGET,
            )
        )
    return out


def _number(value) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.2f}"


def _cells(result: Result) -> tuple[str, str, str]:
    figures = ", ".join(f"{k} {_number(v)}" for k, v in result.figures.items())
    ratios = ", ".join(f"{k} {_number(v)}" for k, v in result.ratios.items())
    met = {True: "met", False: "MISSED", None: "—"}[result.met]
    return figures, ratios, met


def markdown(*, results: list[Result], scales: list[dict], info: dict, elapsed_s: float, notes: list[str]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; {info['os']}",
        f"- Software: Python {info['python']}, Django {info['django']}, PostgreSQL {info['postgresql']}, "
        f"PostGIS {info['postgis']}, {info['chromium']}",
        f"- Whole run: {elapsed_s / 60:.1f} min",
        "",
        "## Data",
        "",
        "| scale | bench cells | cases | spaces | points | generation (s) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for s in scales:
        steps = ", ".join(f"{k} {v}" for k, v in s["steps"].items())
        c = s["counts"]
        lines.append(f"| {s['label']} | {c['cells']} | {c['cases']} | {c['spaces']} | {c['points']} | {steps} |")
    lines += [
        "",
        "## Pairs (milliseconds unless the unit says otherwise; medians)",
        "",
        "| scale | pair | figures | ratios | target | result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        figures, ratios, met = _cells(r)
        unit = "" if r.unit == "ms" else f" ({r.unit})"
        lines.append(f"| {r.scale} | {r.pair}{unit} | {figures} | {ratios} | {r.target or '—'} | {met} |")
    lines += ["", "## Notes", ""]
    lines += [f"- {n}" for n in notes]
    for r in results:
        for n in r.notes:
            lines.append(f"- {r.scale} · {r.pair}: {n}")
    return "\n".join(lines) + "\n"


def console(results: list[Result]) -> str:
    rows = [("scale", "pair", "figures", "ratios", "target", "result")]
    for r in results:
        figures, ratios, met = _cells(r)
        rows.append((r.scale, r.pair, figures, ratios, r.target or "—", met))
    widths = [min(70, max(len(row[i]) for row in rows)) for i in range(6)]
    return "\n".join("  ".join(cell[:70].ljust(w) for cell, w in zip(row, widths)) for row in rows)


def write(out: Path, *, results: list[Result], scales: list[dict], info: dict, elapsed_s: float, notes: list[str]):
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.md").write_text(
        markdown(results=results, scales=scales, info=info, elapsed_s=elapsed_s, notes=notes), encoding="utf-8"
    )
    (out / "results.json").write_text(
        json.dumps(
            {
                "machine": info,
                "elapsed_s": elapsed_s,
                "scales": scales,
                "notes": notes,
                "results": [r.as_dict() for r in results],
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
