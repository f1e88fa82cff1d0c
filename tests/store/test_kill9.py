"""kill -9 in the middle of a run of writes: the store always opens, passes check, and holds every
write that was acknowledged (printed by the child only after commit)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from odesk.store import Store, WrongPassphrase
from odesk.vault import TEST_PARAMS

from .conftest import PASSPHRASE, open_store

ROOT = Path(__file__).resolve().parents[2]


def _run_and_kill(
    data_dir: Path,
    seed: int,
    acks_before_kill: int,
    *extra: str,
    passphrase: str = PASSPHRASE,
    plans: dict[int, list[str]] | None = None,
) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.store.writer_child",
            str(data_dir),
            passphrase,
            str(seed),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    acked: dict[str, int] = {}
    lines = 0
    plans = plans if plans is not None else {}
    try:
        assert child.stdout is not None
        while lines < acks_before_kill:
            lines += 1
            line = child.stdout.readline().decode()
            if not line:
                stderr = child.stderr.read().decode() if child.stderr else ""
                raise AssertionError(f"writer died: {stderr[-2000:]}")
            _record(line, acked, plans)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        if child.stdout:
            # Lines already flushed before the kill were acknowledged too.
            for line in child.stdout.read().decode().splitlines():
                _record(line, acked, plans)
            child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return acked


def _record(line: str, acked: dict[str, int], plans: dict[int, list[str]]) -> None:
    parts = line.split()
    if len(parts) == 3 and parts[0] == "ack":
        acked[parts[1]] = int(parts[2])
    elif len(parts) == 3 and parts[0] == "plan":
        plans[int(parts[1])] = parts[2].split(",")


def _kill_many(data_dir: Path, rounds: int, seed: int) -> None:
    Store.create(data_dir, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True).close()
    rng = random.Random(seed)
    acked: dict[str, int] = {}
    for round_no in range(rounds):
        acked.update(_run_and_kill(data_dir, seed * 1000 + round_no, rng.randint(1, 40)))
        with open_store(data_dir) as store:
            report = store.check()
            assert report.ok, report.lines()
            for record_id, version in acked.items():
                view = store.get(record_id)
                assert view is not None, f"round {round_no}: acknowledged {record_id} lost"
                assert int(view["notes"].split()[1]) >= version, (round_no, record_id)


def test_kill_minus_9_loses_no_acknowledged_write(tmp_path: Path) -> None:
    _kill_many(tmp_path / "store", rounds=10, seed=1)


@pytest.mark.soak
def test_kill_minus_9_soak(tmp_path: Path) -> None:
    """Hundreds of kills with ODESK_SOAK_KILLS=300; a bounded 25 by default."""
    _kill_many(tmp_path / "store", rounds=int(os.environ.get("ODESK_SOAK_KILLS", "25")), seed=2)


def test_kill_minus_9_during_passphrase_changes(tmp_path: Path) -> None:
    """vault.json is replaced atomically: the last acknowledged passphrase, or the one being
    written when the process died, always unlocks; never neither."""
    data_dir = tmp_path / "store"
    Store.create(data_dir, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True).close()
    rng = random.Random(3)
    current = PASSPHRASE
    for round_no in range(5):
        acked = _run_and_kill(
            data_dir, round_no, rng.randint(1, 6), "passwd", passphrase=current
        ).get("passwd", 0)
        candidates = [f"{current}-{acked}" if acked else current, f"{current}-{acked + 1}"]
        opened = None
        for candidate in candidates:
            try:
                opened = open_store(data_dir, candidate)
            except WrongPassphrase:
                continue
            current = candidate
            break
        assert opened is not None, f"round {round_no}: no passphrase unlocks the store"
        with opened:
            assert opened.check().ok
        assert sorted(p.name for p in data_dir.iterdir()) == ["odesk.db", "vault.json"]


def test_kill_minus_9_while_applying_pulled_pages(tmp_path: Path) -> None:
    """A pulled page and its cursor are one transaction: after a kill every page up to the
    saved cursor is wholly there and no page beyond it is there at all."""
    data_dir = tmp_path / "store"
    Store.create(data_dir, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True).close()
    rng = random.Random(4)
    plans: dict[int, list[str]] = {}
    last_acked = 0
    for round_no in range(5):
        acked = _run_and_kill(data_dir, round_no, rng.randint(1, 8), "pull", plans=plans)
        last_acked = max([last_acked, *acked.values()])
        with open_store(data_dir) as store:
            assert store.check().ok
            cursor = int(store.meta_get("cursor") or 0)
            assert cursor >= last_acked
            for page, ids in plans.items():
                present = [store.get(i) is not None for i in ids]
                assert all(present) if page <= cursor else not any(present), (round_no, page)
