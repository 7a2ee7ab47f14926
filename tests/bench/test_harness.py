"""The bench harness itself, at a tiny scale: it creates its own database, generates
data, runs the in-process pairs and writes its reports. No timing is asserted
(speed is checked by `make bench`, as figures in a report); the servers, the
browser, pygeoapi and GeoPandas are left out to keep this to seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench_run(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return subprocess.run(
            [sys.executable, "-m", "bench", "--out", str(tmp_path), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


def test_tiny_run_measures_every_in_process_pair_and_writes_reports(bench_run, tmp_path):
    db_name = f"test_geo_bench_harness_{os.getpid()}"
    completed = bench_run(
        "--scales", "0.01,0.02", "--repeat", "0.1", "--db-name", db_name,
        "--only", "assign,lookup,lists,scaling,tiles", "--skip", "servers,pygeoapi,geopandas",
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads((tmp_path / "results.json").read_text())
    pairs = {(r["pair"], r["scale"]): r for r in report["results"]}
    for scale in ("0.01x", "0.02x"):
        lookup = pairs[("lookup: API vs raw SQL", scale)]
        assert lookup["figures"]["api"] > 0 and lookup["figures"]["raw_sql"] > 0
        assert lookup["target"] == "api - raw <= 1.5 ms" and lookup["met"] in (True, False)
        over = lookup["figures"]["api"] - lookup["figures"]["raw_sql"]
        assert lookup["ratios"]["api-raw ms"] == pytest.approx(over) and lookup["met"] is (over <= 1.5)
        lists = pairs[("bbox list 10k: API vs raw SQL", scale)]
        assert lists["ratios"]["api/raw"] > 0
        assert "plain_drf_gis" in pairs[("bbox list 10k: plain drf-gis serializer vs API", scale)]["figures"]
        assign = pairs[("assign points to areas: service vs raw join vs GeoPandas", scale)]
        assert assign["figures"]["service"] > 0
        assert ("vector tile cases z12: service vs raw ST_AsMVT", scale) in pairs
    # The API and the raw SQL returned the same features.
    note = pairs[("bbox list 10k: API vs raw SQL", "0.02x")]["notes"][0]
    features = note.split("features returned: ")[1]
    counts = {part.split(": ")[1] for part in features.strip("{}").split(", ") if ": " in part}
    assert len(counts) == 1, note
    assert ("scaling lookup: 0.02x vs 0.01x", "0.02x") in pairs
    markdown = (tmp_path / "results.md").read_text()
    assert "| 0.02x | lookup: API vs raw SQL |" in markdown and "## Data" in markdown
    assert "lookup: API vs raw SQL" in completed.stdout
    # The bench dropped its own database.
    assert db_name not in _databases()


def test_unknown_option_is_refused(bench_run):
    completed = bench_run("--no-such-option")
    assert completed.returncode == 2
    assert "unrecognized arguments" in completed.stderr


def _databases() -> set[str]:
    import psycopg

    sys.path.insert(0, str(ROOT))
    from bench.database import libpq, server_url, with_name

    with psycopg.connect(libpq(with_name(server_url(), "postgres"))) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
