"""Test devices: a real encrypted store per simulated laptop, with fictional records to edit."""

from __future__ import annotations

import contextlib
from pathlib import Path

import httpx
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine

from odesk.core.ids import new_id
from odesk.store import Store
from odesk.sync import RetryPolicy, SyncReport, enroll, sync_once
from odesk.vault import TEST_PARAMS

PASSPHRASE = "correct horse battery staple for tests"


def fast_retry(attempts: int = 12) -> RetryPolicy:
    """Back-off in milliseconds so fault tests stay quick; still exponential with jitter."""
    return RetryPolicy(attempts=attempts, base_delay=0.005, max_delay=0.1, max_retry_after=0.2)


class Device:
    """One laptop: a store directory, reopened on restart like a real app launch."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.dir = root / name
        self.store = Store.create(self.dir, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
        self.user_id: str | None = None

    def restart(self) -> None:
        self.store.close()
        self.store = Store.open(self.dir, PASSPHRASE, allow_weak_kdf=True)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a wiped store may already be closed
            self.store.close()

    def enroll(self, url: str, code: str) -> None:
        result = enroll(self.store, url, code, device_name=self.name, retry=fast_retry())
        self.user_id = result.user["id"]

    def sync(self, client: httpx.Client | None = None, attempts: int = 12) -> SyncReport:
        return sync_once(self.store, client=client, retry=fast_retry(attempts))


def network(team_id: str, name: str = "Robin Fictional", reason: str = "") -> dict:
    return {
        "kind": "network",
        "team_id": team_id,
        "person": {"name": name},
        "referral": {
            "received_at": "2026-11-20T09:00:00+00:00",
            "source": "Single Point of Access",
            "reason": reason or "fictional referral",
            "urgency": "urgent",
        },
        "status": "open",
    }


def member(network_id: str, name: str, notes: str = "") -> dict:
    return {
        "kind": "member",
        "network_id": network_id,
        "name": name,
        "relationship": "friend",
        "category": "friend",
        "notes": notes,
    }


def meeting(network_id: str) -> dict:
    return {
        "kind": "meeting",
        "network_id": network_id,
        "status": "held",
        "start": "2026-11-21T10:00:00+00:00",
        "location": "home",
    }


def note(network_id: str, meeting_id: str, author_id: str, summary: str) -> dict:
    return {
        "kind": "note",
        "network_id": network_id,
        "meeting_id": meeting_id,
        "author_id": author_id,
        "state": "draft",
        "summary": summary,
    }


def unique_text(label: str) -> str:
    return f"{label} {new_id()}"


def state_of(device: Device, record_ids: list[str]) -> dict[str, tuple]:
    """Per record: its leaves and its current view, as every device should come to agree."""
    out: dict[str, tuple] = {}
    for record_id in sorted(record_ids):
        resolution = device.store.resolution(record_id)
        out[record_id] = (tuple(sorted(resolution.leaves)), resolution.record)
    return out


def all_texts(device: Device, record_ids: list[str]) -> str:
    """Every revision's JSON of the given records, joined, to look for texts written anywhere."""
    import json

    return "\n".join(
        json.dumps(rev, ensure_ascii=False)
        for record_id in record_ids
        for rev in device.store.history(record_id)
    )


def run_machine(machine: type[RuleBasedStateMachine], *, examples: int, steps: int) -> None:
    """Run a sync state machine against real servers: no example database (each run explores
    afresh) and, on failure, the @reproduce_failure blob that replays it."""
    machine.TestCase.settings = settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        print_blob=True,
    )
    machine.TestCase("runTest").runTest()
