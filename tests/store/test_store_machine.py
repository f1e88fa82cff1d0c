"""Property test: any interleaving of local edits, pushes, answers, pulls, deletes and re-opens
keeps every revision, keeps heads equal to core.merge.resolve over the history, and passes check."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from odesk.core.ids import new_id, utc_now
from odesk.core.merge import resolve
from odesk.core.revs import new_rev
from odesk.store import InvalidEdit, Store
from odesk.vault import TEST_PARAMS

from .conftest import PASSPHRASE, member, network

WORDS = st.sampled_from(["alder", "birch", "cedar", "damson", "elm", "fir"])


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="odesk-machine-"))
        self.store = Store.create(
            self.dir / "s", PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True
        )
        self.net = self.store.save(network())
        self.ids: list[str] = []
        self.saved: dict[str, dict] = {}  # rev -> last content this store returned for it
        self.remote_seq = 0

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _remember(self, revision: dict) -> None:
        self.saved[revision["rev"]] = revision

    @rule(word=WORDS)
    def create(self, word: str) -> None:
        saved = self.store.save(member(self.net["id"], f"{word} Fictional", notes=word))
        self.ids.append(saved["id"])
        self._remember(saved)

    @precondition(lambda self: self.ids)
    @rule(data=st.data(), word=WORDS, stale=st.booleans())
    def edit(self, data: st.DataObject, word: str, stale: bool) -> None:
        record_id = data.draw(st.sampled_from(self.ids))
        history = self.store.history(record_id)
        view = self.store.get(record_id)
        base = data.draw(st.sampled_from(history)) if stale or view is None else view
        try:
            saved = self.store.save({**base, "notes": word, "deleted": False})
        except InvalidEdit:
            return
        self._remember(saved)

    @precondition(lambda self: self.ids)
    @rule(data=st.data())
    def merge_all_leaves(self, data: st.DataObject) -> None:
        record_id = data.draw(st.sampled_from(self.ids))
        res = self.store.resolution(record_id)
        if len(res.leaves) < 2:
            return
        saved = self.store.save(
            {
                **member(self.net["id"], "Merged Fictional"),
                "id": record_id,
                "parent_revs": res.leaves,
            }
        )
        self._remember(saved)
        assert self.store.resolution(record_id).leaves == [saved["rev"]]

    @precondition(lambda self: self.ids)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        record_id = data.draw(st.sampled_from(self.ids))
        self._remember(self.store.delete(record_id))

    @rule(data=st.data())
    def push(self, data: st.DataObject) -> None:
        changes = self.store.outbox_pending(50)
        if not changes:
            return
        self.store.mark_inflight([c["change_id"] for c in changes])
        answered = data.draw(st.lists(st.sampled_from(changes), unique_by=lambda c: c["change_id"]))
        statuses = st.sampled_from(["applied", "duplicate", "conflict", "rejected"])
        self.store.mark_acknowledged(
            [
                {"change_id": c["change_id"], "status": data.draw(statuses), "reason": "test"}
                for c in answered
            ]
        )

    @precondition(lambda self: self.ids)
    @rule(data=st.data(), word=WORDS)
    def pull_remote_edit(self, data: st.DataObject, word: str) -> None:
        record_id = data.draw(st.sampled_from(self.ids))
        base = data.draw(st.sampled_from(self.store.history(record_id)))
        self.remote_seq += 1
        revision = {
            **base,
            "notes": word,
            "rev": new_rev([base["rev"]]),
            "parent_revs": [base["rev"]],
            "deleted": data.draw(st.booleans()),
            "updated_at": utc_now(),
            "updated_by": "user-remote",
            "device_id": "device-remote",
            "hlc": f"{int(time.time() * 1000):013d}-{self.remote_seq:05d}-device-remote",
        }
        changes = [{"server_seq": self.remote_seq, "record": revision}]
        if data.draw(st.booleans()):
            changes.append(changes[0])  # duplicated delivery
        self.store.apply_remote(changes, self.remote_seq)
        self._remember(revision)

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = Store.open(self.dir / "s", PASSPHRASE, allow_weak_kdf=True)

    @rule()
    def new_remote_record(self) -> None:
        self.remote_seq += 1
        now = utc_now()
        revision = {
            **member(self.net["id"], "Remote Fictional"),
            "id": new_id(),
            "rev": new_rev([]),
            "parent_revs": [],
            "deleted": False,
            "created_at": now,
            "created_by": "user-remote",
            "updated_at": now,
            "updated_by": "user-remote",
            "device_id": "device-remote",
            "hlc": f"{int(time.time() * 1000):013d}-{self.remote_seq:05d}-device-remote",
        }
        self.store.apply_remote([{"server_seq": self.remote_seq, "record": revision}], "c")
        self.ids.append(revision["id"])
        self._remember(revision)

    @invariant()
    def nothing_is_lost_and_heads_match_history(self) -> None:
        known: dict[str, dict] = {}
        for record_id in [self.net["id"], *self.ids]:
            history = self.store.history(record_id)
            known.update({r["rev"]: r for r in history})
            res = resolve(history)
            assert self.store.get(record_id) == res.record
            assert (record_id in self.store.conflicts()) == res.conflict
        for rev, revision in self.saved.items():
            assert known.get(rev) == revision, rev
        pending = {c["change_id"] for c in self.store.outbox_pending(1000, for_sending=False)}
        assert pending <= set(known)

    @invariant()
    def store_checks_out(self) -> None:
        report = self.store.check()
        assert report.ok, report.lines()


StoreMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("ODESK_MACHINE_EXAMPLES", "15")),
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_store_machine = StoreMachine.TestCase
