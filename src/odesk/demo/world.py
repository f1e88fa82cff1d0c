"""The throwaway world behind `odesk demo`: a temp folder, an embedded trust server on 127.0.0.1,
its teams and users, the fictional demo records, and one enrolled store per demo profile.

Qt-free so it can be tested on its own. Stores use deliberately weak key derivation (the data
is fictional and deleted on exit); the window title says so.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from odesk.core.paths import resources_dir
from odesk.core.records import AUTHOR_FIELDS, KINDS
from odesk.demo import data as demo_data
from odesk.store import Store
from odesk.vault import KdfParams

DEMO_PASSPHRASE = "demo only fictional data"
DEMO_KDF = KdfParams(16384, 1, 1)  # modest on purpose: throwaway store, fictional data
RESOURCES = resources_dir() / "demo"
KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


@dataclass
class Profile:
    key: str  # "practitioner" | "supervisor" | "extra-N"
    user: dict
    data_dir: Path


@dataclass
class DemoData:
    teams: list[dict]
    users: list[dict]
    records: list[dict]


def _records_file() -> list[dict] | None:
    path = RESOURCES / "demo-records.json"
    if not path.is_file():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    return list(doc.get("records") or [])


def load_demo_data() -> DemoData:
    """Teams, users and records of the demo: from odesk.demo.data and resources/demo when present."""
    records = _records_file()
    if records is None:
        records = list(demo_data.generate(20, 1))
    # The fixed demo dates would fall outside "recent" periods; move them to end near today.
    records = demo_data.shift_to(records, datetime.now(UTC).date())
    teams = [dict(t) for t in demo_data.TEAMS]
    users = [dict(u) for u in demo_data.USERS]
    return DemoData(teams, users, records)


def _owner(record: dict) -> str | None:
    author_field = AUTHOR_FIELDS.get(record.get("kind", ""))
    return record.get("updated_by") or (record.get(author_field) if author_field else None)


@dataclass
class DemoWorld:
    root: Path
    server_url: str = ""
    db_url: str = ""
    profiles: dict[str, Profile] = field(default_factory=dict)
    _stack: ExitStack = field(default_factory=ExitStack)

    @classmethod
    @contextlib.contextmanager
    def running(cls, root: Path | None = None) -> Iterator[DemoWorld]:
        """Build the world; on exit stop the server and delete every file it made."""
        made = root is None
        folder = Path(tempfile.mkdtemp(prefix="odesk-demo-")) if made else Path(root)  # type: ignore[arg-type]
        world = cls(folder)
        try:
            world._start()
            yield world
        finally:
            world._stack.close()
            with contextlib.suppress(Exception):
                from odesk.server.engines import forget_engine

                forget_engine(world.db_url)
            shutil.rmtree(folder, ignore_errors=True)

    def _start(self) -> None:
        from odesk.server import admin
        from odesk.server.embedded import run_in_thread
        from odesk.sync import RetryPolicy, enroll, sync_once

        (self.root / "server").mkdir(parents=True, exist_ok=True)
        self.db_url = f"sqlite:///{self.root / 'server' / 'server.db'}"
        data = load_demo_data()
        # parents before podlets
        ordered = sorted(data.teams, key=lambda t: t.get("parent_id") is not None)
        for team in ordered:
            admin.add_team(
                self.db_url,
                team.get("name") or team["id"],
                team.get("kind") or "service",
                team.get("parent_id"),
                team_id=team["id"],
            )
        known_users: dict[str, dict] = {}
        for user in data.users:
            roles = list(user.get("roles") or ["practitioner"])
            admin.add_user(
                self.db_url,
                user.get("name") or user["id"],
                roles,
                user.get("team_ids") or [],
                user.get("supervises_team_ids") or [],
                user.get("profession"),
                user_id=user["id"],
            )
            known_users[user["id"]] = user
        # Anyone else who wrote a demo record joins the first team so their records can be sent.
        first_team = [ordered[0]["id"]] if ordered else []
        for rec in data.records:
            owner = _owner(rec)
            if owner and owner not in known_users and first_team:
                extra: dict[str, Any] = {
                    "id": owner,
                    "name": f"Demo colleague {len(known_users) + 1}",
                    "roles": ["practitioner"],
                    "team_ids": first_team,
                }
                admin.add_user(
                    self.db_url, extra["name"], extra["roles"], first_team, user_id=owner
                )
                known_users[owner] = extra
        self.server_url = self._stack.enter_context(run_in_thread(self.db_url, rate_limit=None))
        practitioner = next(
            (u for u in data.users if "supervisor" not in (u.get("roles") or [])), None
        )
        supervisor = next((u for u in data.users if "supervisor" in (u.get("roles") or [])), None)
        keys: dict[str, str] = {}
        if practitioner:
            keys[practitioner["id"]] = "practitioner"
        if supervisor:
            keys[supervisor["id"]] = "supervisor"
        for uid in known_users:
            keys.setdefault(uid, f"extra-{len(keys)}")
        stores: dict[str, Store] = {}
        retry = RetryPolicy(attempts=3, base_delay=0.1, max_delay=0.5)
        try:
            for uid, key in keys.items():
                folder = self.root / "profiles" / key
                store = Store.create(
                    folder, DEMO_PASSPHRASE, kdf_params=DEMO_KDF, allow_weak_kdf=True
                )
                stores[uid] = store
                enroll(
                    store,
                    self.server_url,
                    admin.make_code(self.db_url, uid),
                    device_name=f"demo {key}",
                    retry=retry,
                )
                self.profiles[key] = Profile(key, known_users[uid], folder)
            by_owner: dict[str, list[dict]] = {}
            for rec in sorted(
                data.records,
                key=lambda r: (KIND_ORDER.get(r.get("kind", ""), 99), r.get("updated_at") or ""),
            ):
                by_owner.setdefault(_owner(rec) or "", []).append(rec)
            # Practitioners first so the notes exist before reviews of them arrive.
            order = sorted(stores, key=lambda uid: keys[uid] == "supervisor")
            for uid in order:
                mine = by_owner.get(uid, [])
                if mine:
                    stores[uid].import_revisions(mine)
                sync_once(stores[uid], retry=retry)
            for uid in order:
                sync_once(stores[uid], retry=retry)
        finally:
            for store in stores.values():
                if not store.closed:
                    store.close()

    def open(self, key: str) -> Store:
        return Store.open(self.profiles[key].data_dir, DEMO_PASSPHRASE, allow_weak_kdf=True)

    def opener(self, data_dir: Path, passphrase: str) -> Store:
        return Store.open(data_dir, passphrase, allow_weak_kdf=True)

    def main_profiles(self) -> list[Profile]:
        return [p for k, p in self.profiles.items() if not k.startswith("extra-")]
