"""Child process for the kill -9 tests: writes to a store in a loop, printing each committed write.

Usage: python -m tests.store.writer_child DATA_DIR PASSPHRASE SEED [passwd]
Each line ``ack <record_id> <version>`` is printed only after save() has returned (committed).
With ``passwd`` the child instead changes the passphrase back and forth, printing
``ack passwd <n>`` once passphrase number n is in place. With ``pull`` it applies pages of
remote revisions as sync does, printing ``plan <page> <id,id,...>`` before and
``ack <page> <page>`` after each apply_remote (revisions + cursor in one transaction).
"""

from __future__ import annotations

import random
import sys

from odesk.core.ids import new_id, utc_now
from odesk.core.revs import new_rev
from odesk.store import Store


def passwd_loop(data_dir: str, passphrase: str) -> None:
    store = Store.open(data_dir, passphrase, allow_weak_kdf=True)
    current, n = passphrase, 0
    while True:
        n += 1
        new = f"{passphrase}-{n}"
        store.change_passphrase(current, new)
        current = new
        sys.stdout.write(f"ack passwd {n}\n")
        sys.stdout.flush()


def pull_loop(data_dir: str, passphrase: str, seed: int) -> None:
    store = Store.open(data_dir, passphrase, allow_weak_kdf=True)
    page = int(store.meta_get("cursor") or 0)
    while True:
        page += 1
        changes = []
        for i in range(5):
            now = utc_now()
            changes.append(
                {
                    "server_seq": page * 10 + i,
                    "record": {
                        "id": new_id(),
                        "kind": "network",
                        "rev": new_rev([]),
                        "parent_revs": [],
                        "deleted": False,
                        "created_at": now,
                        "created_by": "user-remote",
                        "updated_at": now,
                        "updated_by": "user-remote",
                        "device_id": "device-remote",
                        "hlc": f"{page:013d}-{i:05d}-device-remote",
                        "team_id": "team-north",
                        "person": {"name": f"Pulled {seed}-{page}-{i} Fictional"},
                        "referral": {"received_at": "2026-11-01T09:00:00+00:00"},
                        "status": "open",
                    },
                }
            )
        ids = ",".join(c["record"]["id"] for c in changes)
        sys.stdout.write(f"plan {page} {ids}\n")
        sys.stdout.flush()
        store.apply_remote(changes, page)
        sys.stdout.write(f"ack {page} {page}\n")
        sys.stdout.flush()


def main() -> None:
    data_dir, passphrase, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if sys.argv[4:] == ["passwd"]:
        passwd_loop(data_dir, passphrase)
        return
    if sys.argv[4:] == ["pull"]:
        pull_loop(data_dir, passphrase, seed)
        return
    rng = random.Random(seed)
    store = Store.open(data_dir, passphrase, allow_weak_kdf=True)
    networks = store.records("network")
    net = (
        networks[0]
        if networks
        else store.save(
            {
                "kind": "network",
                "team_id": "team-north",
                "person": {"name": "Kill Test Fictional"},
                "referral": {"received_at": "2026-11-01T09:00:00+00:00"},
                "status": "open",
            }
        )
    )
    mine: list[dict] = []
    version = 0
    while True:
        version += 1
        roll = rng.random()
        if mine and roll < 0.4:
            current = store.get(rng.choice(mine)["id"])
            assert current is not None
            saved = store.save({**current, "notes": f"version {version}"})
        else:
            saved = store.save(
                {
                    "kind": "member",
                    "network_id": net["id"],
                    "name": f"Member {seed}-{version}",
                    "category": "friend",
                    "notes": f"version {version}",
                }
            )
            mine.append(saved)
        if roll > 0.9:
            store.mark_inflight([c["change_id"] for c in store.outbox_pending(50)])
        if roll > 0.95:
            store.audit("view", saved["id"])
        sys.stdout.write(f"ack {saved['id']} {version}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
