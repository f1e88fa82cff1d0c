"""Sync through a faulty network: dropped requests, lost answers, cut-short answers, stalls and
duplicated requests, for many bounded rounds. Whatever happens, once the network is good again
every device converges, nothing is lost and nothing is doubled."""

from __future__ import annotations

import os
import random

import httpx
import pytest

from odesk.sync import SyncError
from tests.sync.conftest import Trust
from tests.sync.devices import Device, all_texts, member, network, state_of, unique_text
from tests.sync.faulty_proxy import FaultyProxy

ROUNDS = int(os.environ.get("ODESK_SYNC_FAULT_ROUNDS", "60"))
SOAK_ROUNDS = int(os.environ.get("ODESK_SYNC_SOAK_ROUNDS", "1000"))


def _edit(rng: random.Random, device: Device, network_id: str, ids: list[str]) -> tuple[str, str]:
    """One edit; returns (record id, text written)."""
    text = unique_text(f"{device.name} wrote")
    choice = rng.random()
    members = [i for i in ids if i != network_id and device.store.get(i) is not None]
    if choice < 0.5 or not members:
        saved = device.store.save(member(network_id, f"Member {len(ids)}", text))
        ids.append(saved["id"])
        return saved["id"], text
    target = rng.choice(members) if choice < 0.8 else network_id
    view = device.store.get(target)
    assert view is not None
    field = "notes" if target != network_id else "sharing_note"
    device.store.save({**view, field: text})
    return target, text


def run_faulty_rounds(trust: Trust, rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    devices = [trust.device("ana"), trust.device("ben")]
    shared = devices[0].store.save(network(trust.team_a))
    ids = [shared["id"]]
    # Texts owed at the end. A revision never offered to the server is amended in place by the
    # same device's next edit of that record (autosave), so until a sync succeeds only the
    # latest text per device and record is owed.
    kept: list[str] = []
    unsent: dict[tuple[int, str], str] = {}
    devices[0].sync()
    devices[1].sync()
    host_port = int(trust.url.rsplit(":", 1)[1])
    gave_up = 0
    with FaultyProxy(host_port, seed=seed, fault_rate=0.35, stall_seconds=0.4) as proxy:
        clients = [httpx.Client(base_url=proxy.url, timeout=0.3) for _ in devices]
        try:
            for _ in range(rounds):
                index = rng.randrange(len(devices))
                for _ in range(rng.randint(0, 2)):
                    record_id, text = _edit(rng, devices[index], shared["id"], ids)
                    unsent[(index, record_id)] = text
                try:
                    devices[index].sync(client=clients[index], attempts=rng.choice((2, 4, 12)))
                except SyncError:
                    gave_up += 1  # allowed: the next round simply tries again
                else:
                    for key in [k for k in unsent if k[0] == index]:
                        kept.append(unsent.pop(key))
        finally:
            for client in clients:
                client.close()
        faults = dict(proxy.counts)
    for fault in ("drop_request", "drop_response", "truncate", "duplicate", "delay"):
        assert faults.get(fault, 0) > 0, faults
    for _ in range(2):
        for device in devices:
            device.sync()
    late = trust.device("ana")  # a new laptop pulls everything the server holds
    late.sync()
    everyone = [*devices, late]
    expected = state_of(devices[0], ids)
    for device in everyone:
        assert state_of(device, ids) == expected
        assert device.store.pending_count() == 0
        assert device.store.rejected() == []
        everything = all_texts(device, ids)
        assert all(text in everything for text in [*kept, *unsent.values()])
    # Nothing doubled: one record per member created, and each revision exactly once.
    assert len(late.store.records("member")) == len(ids) - 1
    pulled_revs = [rev["rev"] for record_id in ids for rev in late.store.history(record_id)]
    assert len(pulled_revs) == len(set(pulled_revs))
    own = sum(device.store.outbox_counts()["sent"] for device in devices)
    assert len(pulled_revs) == own


def test_faulty_network_rounds_converge(trust: Trust) -> None:
    run_faulty_rounds(trust, ROUNDS, seed=7)


@pytest.mark.soak
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_faulty_network_soak(trust: Trust, seed: int) -> None:
    run_faulty_rounds(trust, SOAK_ROUNDS, seed=seed)


def test_rate_limited_server_is_waited_for_not_given_up_on(
    request: pytest.FixtureRequest, tmp_path
) -> None:
    """429 with Retry-After from the real server: the round waits as told and finishes.
    (The rate limiter lives in the server process, whatever its database: SQLite here.)"""
    from odesk.sync import RetryPolicy, sync_once
    from tests.servers import run_server
    from tests.sync.conftest import Trust, database

    waits: list[float] = []
    really_wait = RetryPolicy().sleep

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        really_wait(seconds)

    with (
        database("sqlite", request, tmp_path) as db_url,
        run_server(db_url, rate_limit=(2.0, 8.0)) as url,
    ):
        world = Trust(db_url, url, tmp_path / "devices").setup()
        try:
            ana = world.device("ana")
            shared = ana.store.save(network(world.team_a))
            with ana.store.transaction():
                for i in range(120):
                    ana.store.save(member(shared["id"], f"Member {i}", f"text {i}"))
            retry = RetryPolicy(attempts=10, base_delay=0.01, max_delay=0.05, sleep=sleep)
            report = sync_once(ana.store, retry=retry, batch=40, page=40)
            assert report.pushed == 121 and ana.store.pending_count() == 0
            assert waits and max(waits) >= 1.0  # the server said "Retry-After: 1"
        finally:
            world.close()
