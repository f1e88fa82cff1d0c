"""Devices that edit offline and then sync, in every order, end with the same records and lose
no text (DESIGN §5, promise 1)."""

from __future__ import annotations

import itertools

from tests.sync.conftest import Trust
from tests.sync.devices import (
    Device,
    all_texts,
    meeting,
    member,
    network,
    note,
    state_of,
    unique_text,
)


def _sync_all(devices: list[Device], order: tuple[int, ...]) -> None:
    for index in order:
        devices[index].sync()
    for device in devices:  # a second pass carries what the later ones pushed to the earlier
        device.sync()


def test_enrolment_keeps_identity_inside_the_store(trust: Trust) -> None:
    device = trust.device("ana")
    store = device.store
    assert store.user_id == trust.users["ana"]
    assert store.enrolled
    assert store.meta_get("token")
    assert store.meta_get("policy")["max_offline_days"] > 0
    assert any(team["id"] == trust.team_a for team in store.meta_get("teams"))
    token = store.meta_get("token")
    for path in device.dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes()


def _offline_work_then_sync(trust: Trust, devices: list[Device], order: tuple[int, ...]) -> None:
    ana, ana2, ben = devices
    shared = ana.store.save(network(trust.team_a, reason=unique_text("referral")))
    met = ana.store.save(meeting(shared["id"]))
    for device in devices:
        device.sync()
    texts: list[str] = []
    ids = [shared["id"], met["id"]]

    # Offline: each device edits on its own.
    for device, who in ((ana, "ana"), (ana2, "ana"), (ben, "ben")):
        text = unique_text(f"{device.name} member notes")
        texts.append(text)
        saved = device.store.save(member(shared["id"], f"Member of {device.name}", text))
        ids.append(saved["id"])
        # Everyone edits the same network field: a conflict that must keep every value.
        view = device.store.get(shared["id"])
        sharing = unique_text(f"sharing by {device.name}")
        texts.append(sharing)
        device.store.save({**view, "sharing_note": sharing})
        if who == "ana":
            summary = unique_text(f"{device.name} note")
            texts.append(summary)
            ids.append(
                device.store.save(note(shared["id"], met["id"], device.user_id, summary))["id"]
            )

    _sync_all(devices, order)

    expected = state_of(ana, ids)
    for device in devices[1:]:
        assert state_of(device, ids) == expected, order
    for device in devices:
        everything = all_texts(device, ids)
        for text in texts:
            assert text in everything, order
    resolution = ana.store.resolution(shared["id"])
    assert resolution.conflict and len(resolution.leaves) == 3
    assert shared["id"] in ana.store.conflicts()
    for device in devices:
        assert device.store.pending_count() == 0


def test_three_devices_converge_in_every_order(trust: Trust) -> None:
    devices = [trust.device("ana"), trust.device("ana"), trust.device("ben")]
    for order in itertools.permutations(range(3)):
        _offline_work_then_sync(trust, devices, order)


def test_work_done_before_enrolment_is_pushed_under_the_enrolled_user(trust: Trust) -> None:
    from odesk.server import admin

    laptop = trust.device("ana", enrol=False)
    text = unique_text("written before connecting")
    net = laptop.store.save(network(trust.team_a, reason=text))
    laptop.store.save(member(net["id"], "Jo Fictional", text))
    laptop.enroll(trust.url, admin.make_code(trust.db_url, trust.users["ana"]))
    report = laptop.sync()
    assert (report.pushed, report.rejected) == (2, 0)
    colleague = trust.device("ben")
    colleague.sync()
    pulled = colleague.store.get(net["id"])
    assert pulled is not None and pulled["created_by"] == trust.users["ana"]
    assert pulled["referral"]["reason"] == text


def test_large_notes_are_pushed_in_batches_under_the_servers_size_limit(trust: Trust) -> None:
    laptop, desktop = trust.device("ana"), trust.device("ana")
    net = laptop.store.save(network(trust.team_a))
    met = laptop.store.save(meeting(net["id"]))
    long_text = "The network spoke at length about the week. " * 4000  # ~180 KB a note
    with laptop.store.transaction():
        ids = [
            laptop.store.save(note(net["id"], met["id"], laptop.user_id, f"{i} {long_text}"))["id"]
            for i in range(50)  # ~9 MB in all: more than one 8 MiB request
        ]
    report = laptop.sync()
    assert (report.pushed, report.rejected) == (52, 0)
    desktop.sync()
    assert all(desktop.store.get(i)["summary"].startswith(f"{n} ") for n, i in enumerate(ids))


def test_synced_text_never_reaches_a_laptop_file_in_clear(trust: Trust) -> None:
    import os
    from pathlib import Path

    canary = unique_text("CANARY-sync-clinical-text")
    laptop, desktop = trust.device("ana"), trust.device("ana")
    net = laptop.store.save(network(trust.team_a))
    met = laptop.store.save(meeting(net["id"]))
    laptop.store.save(note(net["id"], met["id"], laptop.user_id, canary))
    laptop.sync()
    desktop.sync()
    desktop.restart()
    assert canary in all_texts(desktop, [r["id"] for r in desktop.store.records("note")])
    places = [laptop.dir, desktop.dir, Path(os.environ["HOME"])]
    for place in places:
        for path in place.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert canary.encode() not in data, path
                assert canary.encode("utf-16-le") not in data, path
