"""CPU seconds spent by processes, from /proc (Linux): what a configuration costs
per request whatever else the shared machine runs at the same time.

Wall-clock throughput on a machine that others load swings several-fold from one
minute to the next; the CPU time the server's own processes and its database
backends spend per request does not, and on a machine with N free cores the
throughput is at most N / (CPU seconds per request)."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg

from bench.database import libpq

TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of `pid` (0 when it has exited)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    # After the command: state is field 3; utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / TICKS


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (gunicorn's master and workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def backend_pids(database_url: str) -> list[int]:
    """The client backends connected to the database of `database_url`, this sampler's own excluded."""
    with psycopg.connect(libpq(database_url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


class CpuMeter:
    """CPU seconds of a server's process tree and of its database backends between
    start() and stop(). Backends that exit in between (no pool: one per request)
    are missed, so `database` is a floor there."""

    def __init__(self, *, server_pid: int, database_url: str):
        self.server_pid, self.database_url = server_pid, database_url

    def _server(self) -> float:
        return sum(process_cpu(pid) for pid in process_tree(self.server_pid))

    def start(self) -> None:
        self._server_before = self._server()
        self._backends_before = {pid: process_cpu(pid) for pid in backend_pids(self.database_url)}

    def stop(self) -> tuple[float, float]:
        """(server seconds, database seconds) since start()."""
        server = self._server() - self._server_before
        after = {pid: process_cpu(pid) for pid in backend_pids(self.database_url)}
        database = sum(cpu - self._backends_before.get(pid, 0.0) for pid, cpu in after.items())
        return server, database
