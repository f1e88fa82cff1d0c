"""Random offline work on three devices (two laptops of one practitioner and a colleague's):
edits, deletions, notes, conflict merges, syncs in any order and app restarts. Whatever the
sequence, once everyone syncs all devices hold the same records and every text ever written."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from odesk.server import admin
from odesk.sync import conflicts, resolve_conflict
from tests.servers import run_server
from tests.sync.devices import (
    Device,
    all_texts,
    meeting,
    member,
    network,
    note,
    run_machine,
    state_of,
    unique_text,
)

EXAMPLES = int(os.environ.get("ODESK_SYNC_MACHINE_EXAMPLES", "5"))
STEPS = int(os.environ.get("ODESK_SYNC_MACHINE_STEPS", "25"))


def machine_for(db_url: str, url: str) -> type[RuleBasedStateMachine]:
    class OfflineDevices(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.root = Path(tempfile.mkdtemp(prefix="odesk-sync-machine-"))
            team = admin.add_team(db_url, "Fictional Machine POD")
            ana = admin.add_user(db_url, "Ana Fictional", ["practitioner"], [team])
            ben = admin.add_user(db_url, "Ben Fictional", ["practitioner"], [team])
            self.devices: list[Device] = []
            for name, user in (("laptop", ana), ("desktop", ana), ("colleague", ben)):
                device = Device(self.root, name)
                device.enroll(url, admin.make_code(db_url, user))
                self.devices.append(device)
            first = self.devices[0]
            self.network_id = first.store.save(network(team))["id"]
            self.meeting_id = first.store.save(meeting(self.network_id))["id"]
            first.sync()
            self.ids = [self.network_id, self.meeting_id]
            self.notes: list[str] = []
            # Texts that must survive. A device's unsent revision is amended in place by its next
            # edit of the same record (autosave), so only its latest text per record is owed until
            # it syncs; then those are kept for good.
            self.kept: list[str] = []
            self.unsent: dict[tuple[int, str], str] = {}

        def _wrote(self, d: int, record_id: str, text: str) -> None:
            self.unsent[(d, record_id)] = text

        def _pick(self, device: Device, index: int, pool: list[str]) -> str | None:
            live = [i for i in pool if device.store.get(i) is not None]
            return live[index % len(live)] if live else None

        @rule(d=st.integers(0, 2))
        def add_member(self, d: int) -> None:
            device = self.devices[d]
            if device.store.get(self.network_id) is None:
                return  # not pulled yet: this laptop cannot see the network
            text = unique_text(f"{device.name} member")
            saved = device.store.save(member(self.network_id, "Lee Fictional", text))
            self.ids.append(saved["id"])
            self._wrote(d, saved["id"], text)

        @rule(d=st.integers(0, 2), i=st.integers(0, 50))
        def edit_member(self, d: int, i: int) -> None:
            device = self.devices[d]
            target = self._pick(device, i, [x for x in self.ids[2:] if x not in self.notes])
            if target is None:
                return
            text = unique_text(f"{device.name} edit")
            device.store.save({**device.store.get(target), "notes": text})
            self._wrote(d, target, text)

        @rule(d=st.integers(0, 2))
        def edit_network(self, d: int) -> None:
            device = self.devices[d]
            view = device.store.get(self.network_id)
            if view is None:
                return
            text = unique_text(f"{device.name} sharing")
            device.store.save({**view, "sharing_note": text})
            self._wrote(d, self.network_id, text)

        @rule(d=st.integers(0, 1), i=st.integers(0, 50), new=st.booleans())
        def write_note(self, d: int, i: int, new: bool) -> None:
            device = self.devices[d]
            if device.store.get(self.meeting_id) is None:
                return
            text = unique_text(f"{device.name} note")
            target = self._pick(device, i, self.notes)
            if new or target is None:
                saved = device.store.save(
                    note(self.network_id, self.meeting_id, device.user_id, text)
                )
                self.notes.append(saved["id"])
                self.ids.append(saved["id"])
                self._wrote(d, saved["id"], text)
            else:
                device.store.save({**device.store.get(target), "summary": text})
                self._wrote(d, target, text)

        @rule(d=st.integers(0, 2), i=st.integers(0, 50))
        def delete_member(self, d: int, i: int) -> None:
            device = self.devices[d]
            target = self._pick(device, i, [x for x in self.ids[2:] if x not in self.notes])
            if target is not None:
                device.store.delete(target)

        @rule(d=st.integers(0, 2))
        def merge_conflicts(self, d: int) -> None:
            device = self.devices[d]
            for info in conflicts(device.store)[:2]:
                live = [leaf for leaf in info.leaves if not leaf.get("deleted")]
                if not live or (info.kind == "note" and device.user_id != live[-1]["author_id"]):
                    continue
                resolve_conflict(device.store, info.record_id, info.merged or live[-1])

        @rule(d=st.integers(0, 2))
        def sync(self, d: int) -> None:
            self.devices[d].sync()
            for key in [k for k in self.unsent if k[0] == d]:
                self.kept.append(self.unsent.pop(key))

        @precondition(lambda self: len(self.devices) == 3)
        @rule(d=st.integers(0, 2))
        def restart(self, d: int) -> None:
            self.devices[d].restart()

        @invariant()
        def nothing_local_is_lost(self) -> None:
            for device in self.devices:
                assert device.store.rejected() == []

        def teardown(self) -> None:
            try:
                for _ in range(2):
                    for device in self.devices:
                        device.sync()
                expected = state_of(self.devices[0], self.ids)
                for device in self.devices:
                    assert device.store.pending_count() == 0
                    assert state_of(device, self.ids) == expected
                    everything = all_texts(device, self.ids)
                    owed = self.kept + list(self.unsent.values())
                    missing = [t for t in owed if t not in everything]
                    assert not missing
            finally:
                for device in self.devices:
                    device.close()
                shutil.rmtree(self.root, ignore_errors=True)

    return OfflineDevices


def test_random_offline_work_converges(db_url: str) -> None:
    with run_server(db_url, rate_limit=None) as url:
        run_machine(machine_for(db_url, url), examples=EXAMPLES, steps=STEPS)


@pytest.mark.soak
def test_random_offline_work_converges_soak(db_url: str) -> None:
    examples = int(os.environ.get("ODESK_SYNC_MACHINE_EXAMPLES", "60"))  # read, never set
    with run_server(db_url, rate_limit=None) as url:
        run_machine(machine_for(db_url, url), examples=examples, steps=60)
