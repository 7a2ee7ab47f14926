"""The measuring tools behind the server's configuration: configurations named
on the command line (load/matrix.py) and CPU seconds read from /proc (load/cpu.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from load.cpu import process_cpu, process_tree
from load.matrix import Config


def test_configurations_are_read_as_written():
    assert Config.parse("sync:3") == Config("sync", 3, 1, True)
    assert Config.parse("gthread:2x4") == Config("gthread", 2, 4, True)
    assert Config.parse("gthread:2x4:nopool") == Config("gthread", 2, 4, False)
    assert str(Config.parse("gthread:2x4:nopool")) == "gthread:2x4:nopool" and str(Config.parse("sync:3")) == "sync:3"
    # Each thread gets a connection of the pool; without the pool none is kept.
    assert Config.parse("gthread:2x8").env()["DATABASE_POOL_MAX_SIZE"] == "8"
    assert "DATABASE_POOL_MAX_SIZE" not in Config.parse("sync:3:nopool").env()
    assert Config.parse("sync:3:nopool").env()["DATABASE_POOL"] == "false"
    for wrong in ("sync", "sync:3:pool", "sync:3:nopool:x", "sync:three", "gthread:2x"):
        with pytest.raises(ValueError):
            Config.parse(wrong)


def test_cpu_seconds_of_a_process_and_its_children():
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass\ntime.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", burn])
    try:
        assert child.pid in process_tree(os.getpid())
        assert os.getpid() in process_tree(os.getpid())
        deadline = time.monotonic() + 30
        while process_cpu(child.pid) < 0.5 and time.monotonic() < deadline:
            time.sleep(0.1)
        # It burnt half a second, then sleeps: its CPU time stays at about that.
        burnt = process_cpu(child.pid)
        assert 0.5 <= burnt < 1.5
        time.sleep(0.3)
        assert process_cpu(child.pid) - burnt < 0.1
    finally:
        child.kill()
        child.wait()
    # A process that has gone counts nothing (a backend that closed during a run).
    assert process_cpu(child.pid) == 0.0
