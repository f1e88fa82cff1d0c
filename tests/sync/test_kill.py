"""kill -9 of a sync at chosen moments (after the k-th progress step: mid-push, mid-pull, between
a page and the next), then sync again: the devices converge and nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.sync.conftest import Trust
from tests.sync.devices import Device, member, network, state_of
from tests.sync.faulty_proxy import FaultyProxy

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("ODESK_SYNC_KILLS", "6"))


def _bulk(device: Device, network_id: str, count: int, label: str) -> list[str]:
    with device.store.transaction():
        return [
            device.store.save(member(network_id, f"{label} {i}", f"{label} text {i}"))["id"]
            for i in range(count)
        ]


def _killed_sync(device: Device, steps: int) -> bool:
    """Run the child sync and kill -9 it after ``steps`` progress lines; True if it finished."""
    device.store.close()
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.sync_runner", str(device.dir), "50", "40"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    finished = False
    for seen, line in enumerate(child.stdout, start=1):
        if line.startswith("done"):
            finished = True
            break
        if seen >= steps:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.stdout.close()
    child.wait(timeout=60)
    device.restart()
    return finished


def test_sync_killed_at_random_moments_then_converges(trust: Trust) -> None:
    rng = random.Random(5)
    ana, ben = trust.device("ana"), trust.device("ben")
    shared = ana.store.save(network(trust.team_a))
    ana.sync()
    ben.sync()
    ids = [shared["id"]]
    kills = 0
    for round_ in range(KILLS):
        ids += _bulk(ben, shared["id"], rng.randint(50, 150), f"ben {round_}")
        ben.sync()
        ids += _bulk(ana, shared["id"], rng.randint(20, 120), f"ana {round_}")
        if not _killed_sync(ana, rng.randint(1, 8)):
            kills += 1
    assert kills >= KILLS // 2
    ana.sync()
    ben.sync()
    assert ana.store.pending_count() == 0
    late = trust.device("ana")
    late.sync()
    expected = state_of(ana, ids)
    assert state_of(ben, ids) == expected
    assert state_of(late, ids) == expected
    assert len(late.store.records("member")) == len(ids) - 1
    check = ana.store.check()
    assert check.integrity_ok and check.audit_error is None


ODESK = Path(sys.executable).parent / "odesk"


class HoldingProxy(FaultyProxy):
    """Forwards everything; a push that carries changes reaches the server, which stores it, and
    its answer is then held back for good: the sync that sent it is known to be mid-push."""

    def __init__(self, upstream_port: int) -> None:
        super().__init__(upstream_port, fault_rate=0.0)
        self.held = threading.Event()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await self._read_request(reader)
        if request is None:
            writer.close()
            return
        head, _, body = request.partition(b"\r\n\r\n")
        if head.startswith(b"POST /v1/sync/push") and not body.startswith(b'{"changes":[]'):
            await self._forward(request)  # the server applies the batch ...
            self.held.set()
            await asyncio.Event().wait()  # ... and its answer never comes back (until stop)
        writer.write(await self._forward(request))
        await writer.drain()
        writer.close()


def _odesk_sync_killed_mid_push(device: Device, trust: Trust) -> None:
    """Run the real `odesk sync` and kill -9 it once the server has stored its first batch and
    before the answer reaches it (a lost answer: the same changes must go again as duplicates)."""
    from tests.sync.devices import PASSPHRASE

    port = int(trust.url.rsplit(":", 1)[1])
    with HoldingProxy(port) as proxy:
        device.store.meta_set("server_url", proxy.url)  # the laptop's path to the server
        device.store.close()
        env = {**os.environ, "ODESK_PASSPHRASE": PASSPHRASE, "ODESK_TEST_WEAK_KDF": "1"}
        child = subprocess.Popen(
            [str(ODESK), "sync", "--data-dir", str(device.dir)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert proxy.held.wait(timeout=120), "the sync never pushed"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
    device.restart()
    device.store.meta_set("server_url", trust.url)


def test_odesk_sync_command_killed_then_converges(trust: Trust) -> None:
    ana, ben = trust.device("ana"), trust.device("ben")
    shared = ana.store.save(network(trust.team_a))
    ana.sync()
    ids = [shared["id"]]
    for round_ in range(3):
        ids += _bulk(ben, shared["id"], 200, f"ben {round_}")
        ben.sync()
        ids += _bulk(ana, shared["id"], 200, f"ana {round_}")
        _odesk_sync_killed_mid_push(ana, trust)
        assert ana.store.pending_count() > 0  # nothing was marked sent without its answer
    report = ana.sync()
    assert report.duplicates > 0  # the server had them; the same change ids went again
    ben.sync()
    expected = state_of(ana, ids)
    assert state_of(ben, ids) == expected
    assert ana.store.pending_count() == 0 and ben.store.pending_count() == 0
    assert len(ben.store.records("member")) == len(ids) - 1
    assert ana.store.check().ok


@pytest.mark.soak
def test_sync_killed_many_times_soak(trust: Trust, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        sys.modules[__name__], "KILLS", int(os.environ.get("ODESK_SYNC_SOAK_KILLS", "40"))
    )
    test_sync_killed_at_random_moments_then_converges(trust)
