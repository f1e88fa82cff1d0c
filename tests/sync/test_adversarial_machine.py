"""Adversarial revision graphs across three devices through the real HTTP path (uvicorn, SQLite
and PostgreSQL): two honest laptops (Ana's and her colleague Ben's, real encrypted stores
syncing) and a crafted client holding a valid token of Ana's, pushing fabricated parents,
generation jumps, another record's rev, forged creators and clocks, forks and merges of signed
notes, while Ben edits a meeting offline as Ana signs its note.

Whatever the sequence: signed content never changes on any device, honest devices can always
write (only a meeting edit racing a signature may be refused, kept with its reason), and every
record the server holds is on every honest device or quarantined there with a reason.

Bounded to run in well under a minute; Hypothesis prints the seed to reproduce a failure
(not derandomized, no example database).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from odesk.core.ids import new_id, utc_now
from odesk.core.records import content_of
from odesk.core.revs import new_rev
from odesk.server import admin
from odesk.store.errors import InvalidEdit
from tests.servers import run_server
from tests.sync.devices import Device, meeting, member, network, note, run_machine, unique_text

EXAMPLES = int(os.environ.get("ODESK_ADVERSARY_EXAMPLES", "3"))
STEPS = int(os.environ.get("ODESK_ADVERSARY_STEPS", "14"))


def _signed_text(revision: dict) -> dict:
    content = content_of(revision)
    content.pop("cosigned_by", None)
    return content


class Crafter:
    """A client with a valid device token of Ana's that writes revisions by hand."""

    def __init__(self, url: str, db_url: str, user_id: str) -> None:
        code = admin.make_code(db_url, user_id)
        answer = httpx.post(f"{url}/v1/devices/enroll", json={"code": code, "device_name": "x"})
        answer.raise_for_status()
        self.user_id = user_id
        self.device_id = answer.json()["device_id"]
        self.http = httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {answer.json()['token']}"}, timeout=60
        )
        self.seq = 0

    def held(self) -> dict[str, list[dict]]:
        """Every revision the server lets this user read, by record."""
        out: dict[str, list[dict]] = {}
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
            body = self.http.get("/v1/sync/pull", params=params).json()
            for change in body["changes"]:
                out.setdefault(change["record"]["id"], []).append(change["record"])
            cursor = body["cursor"]
            if not body["more"]:
                return out

    def push(self, *records: dict) -> list[dict]:
        changes = []
        for record in records:
            self.seq += 1
            changes.append({"change_id": new_id(), "device_seq": self.seq, "record": record})
        answer = self.http.post("/v1/sync/push", json={"changes": changes})
        assert answer.status_code == 200, answer.text  # a crafted revision is never a 500
        return answer.json()["results"]

    def root(self, **content: Any) -> dict:
        now = utc_now()
        return {
            "id": new_id(),
            "rev": new_rev([]),
            "parent_revs": [],
            "deleted": False,
            "created_at": now,
            "created_by": self.user_id,
            "updated_at": now,
            "updated_by": self.user_id,
            "device_id": self.device_id,
            "hlc": f"{int(time.time() * 1000):013d}-00000-{self.device_id}",
            **content,
        }

    def child(self, parents: list[dict], **changes: Any) -> dict:
        revs = [p["rev"] for p in parents]
        return {
            **parents[-1],
            **changes,
            "rev": new_rev(revs),
            "parent_revs": revs,
            "updated_at": utc_now(),
            "updated_by": self.user_id,
            "device_id": self.device_id,
            "hlc": f"{int(time.time() * 1000):013d}-00000-{self.device_id}",
        }


def machine_for(db_url: str, url: str) -> type[RuleBasedStateMachine]:
    class Adversary(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.root = Path(tempfile.mkdtemp(prefix="odesk-adversary-"))
            team = admin.add_team(db_url, "Fictional Adversary POD")
            ana = admin.add_user(db_url, "Ana Fictional", ["practitioner"], [team])
            ben = admin.add_user(db_url, "Ben Fictional", ["practitioner"], [team])
            self.honest = [Device(self.root, "ana-laptop"), Device(self.root, "ben-laptop")]
            for device, user in zip(self.honest, (ana, ben), strict=True):
                device.enroll(url, admin.make_code(db_url, user))
            self.crafter = Crafter(url, db_url, ana)
            first = self.honest[0]
            self.network_id = first.store.save(network(team))["id"]
            self.meeting_id = first.store.save(meeting(self.network_id))["id"]
            # A note whose draft reached the server before it was signed: a fork has a base.
            draft = first.store.save(
                note(self.network_id, self.meeting_id, first.user_id or "", unique_text("note"))
            )
            first.sync()
            first.store.save({**draft, "state": "signed", "signed_at": utc_now()})
            first.sync()
            self.honest[1].sync()
            self.notes: list[str] = [draft["id"]]
            self.signed: dict[str, dict] = {}  # note id -> its content when first seen signed
            self._note_signed_content()

        # --- honest work ---------------------------------------------------------------------
        @rule(d=st.integers(0, 1))
        def add_member(self, d: int) -> None:
            device = self.honest[d]
            device.store.save(member(self.network_id, "Lee Fictional", unique_text("member")))

        @rule(send=st.booleans())
        def ana_writes_a_note(self, send: bool) -> None:
            device = self.honest[0]
            saved = device.store.save(
                note(self.network_id, self.meeting_id, device.user_id or "", unique_text("note"))
            )
            self.notes.append(saved["id"])
            if send:  # the draft reaches the server before it is signed: a fork has a base
                device.sync()

        @rule(i=st.integers(0, 20))
        def ana_signs_a_note(self, i: int) -> None:
            store = self.honest[0].store
            drafts = [n for n in self.notes if (store.get(n) or {}).get("state") == "draft"]
            if drafts:
                view = store.get(drafts[i % len(drafts)])
                assert view is not None
                store.save({**view, "state": "signed", "signed_at": utc_now()})

        @rule()
        def ben_edits_the_meeting_offline(self) -> None:
            store = self.honest[1].store
            view = store.get(self.meeting_id)
            if view is None:
                return
            try:
                store.save({**view, "location_detail": unique_text("room")})
            except InvalidEdit as exc:  # frozen by a signed note this laptop holds: said why
                assert str(exc).strip()

        @rule(d=st.integers(0, 1))
        def sync(self, d: int) -> None:
            self.honest[d].sync()

        # --- crafted revisions -----------------------------------------------------------------
        def _target(self, i: int) -> list[dict] | None:
            held = self.crafter.held()
            ids = sorted(held)
            return held[ids[i % len(ids)]] if ids else None

        @rule(i=st.integers(0, 50), generation=st.integers(2, 999_999_998))
        def fabricated_parent(self, i: int, generation: int) -> None:
            tree = self._target(i)
            if tree:
                made_up = f"{generation}-{new_id().replace('-', '')}"
                crafted = self.crafter.child([tree[-1]])
                self.crafter.push(
                    {**crafted, "parent_revs": [made_up], "rev": new_rev([made_up])},
                    {**crafted, "rev": f"{generation}-{new_id().replace('-', '')}"},  # a jump
                )

        @rule(i=st.integers(0, 50))
        def reuse_another_records_rev(self, i: int) -> None:
            victim = self._target(i)
            if victim:
                first = victim[0]  # a first revision: generation 1, as a new record's
                fresh = member(self.network_id, "Kit Fictional", unique_text("rev reuse"))
                self.crafter.push({**self.crafter.root(**fresh), "rev": first["rev"]})

        @rule(i=st.integers(0, 50))
        def forged_creator_or_clock(self, i: int) -> None:
            tree = self._target(i)
            if tree:
                self.crafter.push(
                    self.crafter.child([tree[-1]], created_by="someone-else"),
                    {**self.crafter.child([tree[-1]]), "hlc": "4000000000000-00000-x"},
                )

        @rule(i=st.integers(0, 20))
        def fork_and_merge_a_signed_note(self, i: int) -> None:
            held = self.crafter.held()
            signed = [
                n for n in self.notes if any(r.get("state") == "signed" for r in held.get(n, []))
            ]
            if not signed:
                return
            tree = held[signed[i % len(signed)]]
            older = tree[0]
            top = next(r for r in reversed(tree) if r.get("state") == "signed")
            fork = self.crafter.child(
                [older], state="signed", signed_at=utc_now(), summary=unique_text("rewritten")
            )
            merge = self.crafter.child([top, fork], summary=fork["summary"])
            self.crafter.push(fork, merge)

        # --- what must hold ----------------------------------------------------------------------
        def _note_signed_content(self) -> None:
            for device in self.honest:
                for note_id in self.notes:
                    view = device.store.get(note_id)
                    if view is None or view.get("state") != "signed":
                        continue
                    first = self.signed.setdefault(note_id, _signed_text(view))
                    assert _signed_text(view) == first, f"signed note {note_id} changed"

        @invariant()
        def signed_content_never_changes(self) -> None:
            self._note_signed_content()

        @invariant()
        def honest_devices_can_write(self) -> None:
            for device in self.honest:
                refused = [r for r in device.store.rejected() if r["record_id"] != self.meeting_id]
                assert refused == [], refused

        def teardown(self) -> None:
            try:
                for _ in range(2):
                    for device in self.honest:
                        device.sync()
                self._note_signed_content()
                held = self.crafter.held()
                for device in self.honest:
                    kept = {q["record"].get("id") for q in device.store.quarantined()}
                    for q in device.store.quarantined():
                        assert q["reason"].strip()
                    for record_id in held:
                        present = device.store.history(record_id) != []
                        assert present or record_id in kept, (
                            f"record {record_id} vanished from {device.name}"
                        )
            finally:
                for device in self.honest:
                    device.close()
                self.crafter.http.close()
                shutil.rmtree(self.root, ignore_errors=True)

    return Adversary


def test_adversarial_revision_graphs(db_url: str) -> None:
    with run_server(db_url, rate_limit=None) as url:
        run_machine(machine_for(db_url, url), examples=EXAMPLES, steps=STEPS)
