"""P11: push the issue-19 data set (8 networks, N/5 meetings, N signed ~2 KiB notes) from a laptop
that holds them to an empty trust server, against raw httpx POSTs of the same bodies.

Run through ``bench/sync_bench.py`` (``--notes N``, ``--cases p11``). The laptop's store and the
server's SQLite database are built once, then copied back before every timed step, so each step
pushes the same 12,008 records (at N = 10,000) into the same empty server: the server process is
started afresh on the restored copy each time, on the same port.

- sync: ``sync_once`` on the laptop; the figure is its push phase (the probe and every push
  batch, each answer recorded in the store), from the start of the round to the start of its
  pull. The request bodies it POSTs are kept.
- raw: those very bodies POSTed in turn with one httpx client to the restored server, each
  answer read (``raise_for_status``), no store.
- sequential (``--legacy``): the push as it was until 2026-12-07 (read and encode a batch of up
  to 500 changes, wait for the server, mark it; nothing overlapping), kept here only to measure
  "today's time" beside the pipelined push in the same run. Its round also pulls as it did then:
  every record whole, the device's own included (no ``own=ref``), then ships the audit log (not
  while pulling), so the whole round of ``odesk sync`` is compared with the round as it was.

Steps run in turns (sync, raw, sequential, ...) for ``--rounds`` rounds; figures are medians.
"""

from __future__ import annotations

import json
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from tests.servers import free_port, run_server

from odesk.server import admin
from odesk.store import Store
from odesk.sync import enroll, sync_once
from odesk.sync import sync_round as sync_round_module
from odesk.sync.pull import pull_changes
from odesk.sync.transport import make_client
from odesk.vault import TEST_PARAMS

PASSPHRASE = "bench only fictional data"
NETWORKS = 8
NOTES_A_MEETING = 5
_WORDS = (
    "Fictional words of the network about sleep, the allotment and the housing officer's"
    " visit; everyone was heard in turn and nobody was rushed. "
)


def _network(team: str, i: int) -> dict:
    return {
        "kind": "network",
        "team_id": team,
        "person": {"name": f"Fictional Person {i}"},
        "referral": {
            "received_at": "2026-01-05T09:00:00+00:00",
            "source": "Single Point of Access",
            "reason": "fictional referral for the push bench",
            "urgency": "routine",
        },
        "status": "open",
    }


def _meeting(network_id: str, day: int) -> dict:
    start = f"2026-{2 + day // 28:02d}-{1 + day % 28:02d}T10:00:00+00:00"
    return {
        "kind": "meeting",
        "network_id": network_id,
        "status": "held",
        "planned_start": start,
        "start": start,
        "end": start.replace("T10:", "T11:"),
        "location": "home",
        "attendees": [
            {"name": "Fictional Person", "role": "person", "facilitator": False, "present": True}
        ],
    }


def _note(meeting: dict, author: str, i: int) -> dict:
    """A signed note of about 2 KiB as JSON (envelope included)."""
    return {
        "kind": "note",
        "network_id": meeting["network_id"],
        "meeting_id": meeting["id"],
        "author_id": author,
        "state": "signed",
        "signed_at": meeting["end"].replace("T11:", "T12:"),
        "summary": f"Note {i}. " + _WORDS * 3,
        "voices": [{"attendee": "Fictional Person", "text": _WORDS * 3}],
        "reflections": _WORDS * 2,
        "options": ["a short walk each morning", "a sleep diary"],
        "agreements": "To meet again at the time the network chose.",
        "uncertainties": _WORDS * 2,
        "safety": {
            "discussed": True,
            "text": "Safety was talked about openly.",
            "safeguarding_concern": False,
        },
        "next_meeting": {"at": meeting["end"], "location": "home"},
        "late_entry": False,
    }


def fill(store: Store, team: str, notes: int) -> int:
    """The data set, saved as a practitioner would have made it; returns how many records."""
    count = 0
    networks = [store.save(_network(team, i)) for i in range(NETWORKS)]
    count += len(networks)
    meetings = max(1, notes // NOTES_A_MEETING)
    for first in range(0, meetings, 100):
        with store.transaction():
            for m in range(first, min(first + 100, meetings)):
                meeting = store.save(_meeting(networks[m % NETWORKS]["id"], m // NETWORKS))
                count += 1
                for k in range(NOTES_A_MEETING):
                    i = m * NOTES_A_MEETING + k
                    if i < notes:
                        store.save(_note(meeting, store.user_id, i))
                        count += 1
    return count


def _pull_as_it_was(*args: Any, epoch_holds: Any = None, **kwargs: Any) -> bool:
    """The pull of 2026-12-06: every record whole, and the audit log shipped after it (an
    epoch_holds never called makes the round ship the log once the pull is over)."""
    return pull_changes(*args, own_refs=False, **kwargs)


class World:
    """The built laptop and server, kept as copies to restore before every timed step."""

    def __init__(self, root: Path, notes: int) -> None:
        self.root = root
        self.port = free_port()
        self.server_dir = root / "server"
        self.laptop_dir = root / "laptop"
        self.db_url = f"sqlite:///{self.server_dir / 'server.db'}"
        self.client_cpu: list[float] = []  # CPU seconds of this process in each push phase
        self.server_dir.mkdir()
        with self.serve() as url:
            team = admin.add_team(self.db_url, "Fictional Bench POD")
            user = admin.add_user(self.db_url, "Bench Fictional", ["practitioner"], [team])
            store = Store.create(
                self.laptop_dir, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True
            )
            enroll(store, url, admin.make_code(self.db_url, user), device_name="laptop")
            self.token = store.meta_get("token")
            started = time.perf_counter()
            self.records = fill(store, team, notes)
            self.fill_s = time.perf_counter() - started
            self.pending = store.pending_count()
            store.close()
        for folder in (self.server_dir, self.laptop_dir):
            shutil.copytree(folder, folder.with_name(folder.name + ".kept"))

    @contextmanager
    def serve(self) -> Iterator[str]:
        with run_server(self.db_url, port=self.port, rate_limit=None, subprocess=True) as url:
            yield url

    def restore(self) -> None:
        for folder in (self.server_dir, self.laptop_dir):
            shutil.rmtree(folder)
            shutil.copytree(folder.with_name(folder.name + ".kept"), folder)


def timed_sync(world: World, push: Callable[..., None] | None = None) -> tuple[float, float, list]:
    """(push phase s, whole round s, POSTed push bodies) of one sync_once on the laptop."""
    world.restore()
    bodies: list[bytes] = []

    def keep(request: httpx.Request) -> None:
        if request.method == "POST" and request.url.path == "/v1/sync/push":
            bodies.append(request.read())

    phases: dict[str, float] = {}

    def note_phase(phase: str, done: int, total: int | None) -> None:
        phases.setdefault(phase, time.perf_counter())
        phases.setdefault(f"{phase} cpu", time.process_time())

    store = Store.open(world.laptop_dir, PASSPHRASE, allow_weak_kdf=True)
    original = sync_round_module.push_outbox
    try:
        with world.serve() as url:
            client = make_client(url)
            client.event_hooks["request"] = [keep]
            if push is not None:
                sync_round_module.push_outbox = push  # type: ignore[assignment]
                # The round as it was: the pull back brings every record whole.
                sync_round_module.pull_changes = _pull_as_it_was  # type: ignore[assignment]
            started, cpu_started = time.perf_counter(), time.process_time()
            report = sync_once(store, client=client, progress=note_phase)
            ended = time.perf_counter()
            client.close()
        if report.pushed != world.pending or store.pending_count():
            raise RuntimeError(f"pushed {report.pushed} of {world.pending}")
    finally:
        sync_round_module.push_outbox = original  # type: ignore[assignment]
        sync_round_module.pull_changes = pull_changes
        store.close()
    world.client_cpu.append(phases["pull cpu"] - cpu_started)
    return phases["pull"] - started, ended - started, bodies


def timed_raw(world: World, bodies: list[bytes]) -> float:
    """The same bodies POSTed in turn with httpx to the restored, empty server."""
    world.restore()
    with (
        world.serve() as url,
        httpx.Client(
            base_url=url,
            headers={
                "Authorization": f"Bearer {world.token}",
                "Content-Type": "application/json",
            },
            timeout=120,
        ) as client,
    ):
        started = time.perf_counter()
        for body in bodies:
            answer = client.post("/v1/sync/push", content=body)
            answer.raise_for_status()
        elapsed = time.perf_counter() - started
        results = json.loads(answer.content).get("results") or []
        if bodies[-1] != b'{"changes":[]}' and not all(
            r.get("status") == "applied" for r in results
        ):
            raise RuntimeError("the raw POSTs were not applied")
    return elapsed


def run(root: Path, notes: int, rounds: int, legacy: Callable[..., None] | None) -> list[str]:
    world = World(root, notes)
    sync_s: list[float] = []
    round_s: list[float] = []
    raw_s: list[float] = []
    old_s: list[float] = []
    old_round_s: list[float] = []
    old_raw_s: list[float] = []
    sizes: list[int] = []
    for _ in range(rounds):
        push_s, whole_s, bodies = timed_sync(world)
        sync_s.append(push_s)
        round_s.append(whole_s)
        sizes = [len(b) for b in bodies if b != b'{"changes":[]}']
        raw_s.append(timed_raw(world, bodies))
        if legacy is not None:
            push_s, old_whole_s, old_bodies = timed_sync(world, legacy)
            old_s.append(push_s)
            old_round_s.append(old_whole_s)
            old_raw_s.append(timed_raw(world, old_bodies))
    sync, raw = statistics.median(sync_s), statistics.median(raw_s)
    lines = [
        f"P11 push {notes:,} signed 2 KiB notes: {sync / raw:.2f}x raw httpx POSTs"
        f"  (push phase of sync_once {sync:.2f} s for {world.pending:,} records"
        f" [{', '.join(f'{s:.2f}' for s in sync_s)}]; the same {len(sizes)} bodies"
        f" ({min(sizes) // 1024}-{max(sizes) // 1024} KiB) POSTed raw {raw:.2f} s"
        f" [{', '.join(f'{s:.2f}' for s in raw_s)}]; the laptop's CPU in the push phase"
        f" {world.client_cpu[0]:.2f} s; whole round with the pull back"
        f" {statistics.median(round_s):.2f} s; making them locally took {world.fill_s:.1f} s)"
    ]
    if legacy is not None:
        old, old_raw = statistics.median(old_s), statistics.median(old_raw_s)
        lines.append(
            f"P11 against the sequential push of 2026-12-06: {sync / old:.2f}x its time"
            f"  (sequential {old:.2f} s [{', '.join(f'{s:.2f}' for s in old_s)}],"
            f" {old / old_raw:.2f}x its own raw POSTs of {old_raw:.2f} s)"
        )
        whole, old_whole = statistics.median(round_s), statistics.median(old_round_s)
        lines.append(
            f"P11 whole odesk sync round (push, then the pull back) against 2026-12-06's:"
            f" {whole / old_whole:.2f}x its time  (round now {whole:.2f} s"
            f" [{', '.join(f'{s:.2f}' for s in round_s)}], the device's own records coming back"
            f" as references; round as it was {old_whole:.2f} s"
            f" [{', '.join(f'{s:.2f}' for s in old_round_s)}], every record pulled back whole)"
        )
    return lines
