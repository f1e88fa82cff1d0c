"""`odesk import` killed with SIGKILL in the middle of a large file: the store always opens, passes
`odesk check`, and holds either the whole file or none of it. A bounded number of kills by default;
the soak run (`-m soak`) does many more."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from odesk.demo import data as demo_data

from .conftest import Cli


def _wait_for(condition, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        os.sched_yield()
    return False


def _kill_during_import(cli: Cli, file: Path, wal_bytes: int) -> None:
    argv = [sys.executable, "-m", "odesk", "import", str(file), "--data-dir", str(cli.data)]
    proc = subprocess.Popen(argv, env=cli.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wal = cli.data / "odesk.db-wal"
    # Kill once the import transaction has written a good part of its pages, or whenever it ends.
    _wait_for(lambda: proc.poll() is not None or (wal.exists() and wal.stat().st_size > wal_bytes))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.stderr is not None
    assert b"Traceback" not in proc.stderr.read()
    proc.stderr.close()


def _run(cli: Cli, tmp_path: Path, kills: int) -> None:
    records = demo_data.generate(150, seed=5)
    file = tmp_path / "big.json"
    file.write_text(json.dumps(demo_data.document(records)))
    cli.init()
    empty = cli.counts()
    complete = None
    for i in range(kills):
        _kill_during_import(cli, file, wal_bytes=(i % 4 + 1) * 256 * 1024)
        check = cli.run("check")
        assert check.code == 0, check.out + check.err
        counts = [ln for ln in check.out.splitlines() if ln.startswith("records:")][0]
        if counts != empty:  # the import finished before the kill: the whole file is there
            complete = complete or counts
            assert counts == complete
            assert f"changes waiting to sync: {len(records)}" in check.out
            cli.data.joinpath("vault.json").unlink()
            for name in ("odesk.db", "odesk.db-wal", "odesk.db-shm"):
                cli.data.joinpath(name).unlink(missing_ok=True)
            cli.init()
    cli.ok("import", str(file))
    assert f"changes waiting to sync: {len(records)}" in cli.ok("check").out


def test_kill9_during_import_is_all_or_nothing(cli: Cli, tmp_path: Path) -> None:
    _run(cli, tmp_path, kills=4)


@pytest.mark.soak
def test_kill9_during_import_soak(cli: Cli, tmp_path: Path) -> None:
    _run(cli, tmp_path, kills=int(os.environ.get("ODESK_SOAK_KILLS", "100")))
