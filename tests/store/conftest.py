"""Fixtures for store tests: a real SQLCipher store on disk with cheap (test-only) Argon2id."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from odesk.store import Store
from odesk.vault import TEST_PARAMS

PASSPHRASE = "correct horse battery staple"
TEAM = "team-north"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "odesk-data"


@pytest.fixture
def make_store(data_dir: Path) -> Iterator[Callable[..., Store]]:
    opened: list[Store] = []

    def make(path: Path | None = None, passphrase: str = PASSPHRASE) -> Store:
        store = Store.create(
            path or data_dir, passphrase, kdf_params=TEST_PARAMS, allow_weak_kdf=True
        )
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store()


def open_store(path: Path, passphrase: str = PASSPHRASE) -> Store:
    return Store.open(path, passphrase, allow_weak_kdf=True)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under a directory, by relative path, with its bytes."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


# --- fictional record content (no envelope) --------------------------------------------------


def network(name: str = "Robin Fictional", **extra: object) -> dict:
    return {
        "kind": "network",
        "team_id": TEAM,
        "person": {"name": name, "preferred_name": "Rob"},
        "referral": {"received_at": "2026-11-01T09:00:00+00:00", "urgency": "urgent"},
        "status": "open",
        **extra,
    }


def member(network_id: str, name: str = "Sam Fictional", **extra: object) -> dict:
    return {
        "kind": "member",
        "network_id": network_id,
        "name": name,
        "relationship": "sibling",
        "category": "family",
        **extra,
    }


def meeting(network_id: str, **extra: object) -> dict:
    return {
        "kind": "meeting",
        "network_id": network_id,
        "status": "held",
        "start": "2026-11-02T10:00:00+00:00",
        "end": "2026-11-02T11:30:00+00:00",
        "location": "home",
        **extra,
    }


def note(network_id: str, meeting_id: str, author: str, **extra: object) -> dict:
    return {
        "kind": "note",
        "network_id": network_id,
        "meeting_id": meeting_id,
        "author_id": author,
        "state": "draft",
        "summary": "The network met at home.",
        **extra,
    }
