"""Canary: clinical text written through every kind's fields never appears in any file in clear.

Not in odesk.db (SQLCipher encrypts every page, the WAL and the full-text index with it), not in
vault.json, not in a temp file, not under HOME or the XDG cache/config/data dirs.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from odesk.core.records import KIND_FIELDS, Field
from odesk.store import Store
from odesk.vault import TEST_PARAMS

from .conftest import meeting, member, network, note


def _fill(specs: dict[str, Field], record: dict, canary: str, prefix: str = "") -> None:
    """Put the canary into every free-text field (names, notes, contact details...)."""
    for name, spec in specs.items():
        path = prefix + name
        if spec.type == "str":
            record[name] = f"{canary} {path}"
        elif spec.type == "object":
            sub = record.get(name) if isinstance(record.get(name), dict) else {}
            _fill(spec.fields, sub, canary, path + ".")
            record[name] = sub
        elif spec.type == "list" and spec.item is not None:
            if spec.item.type == "str":
                record[name] = [f"{canary} {path}[]"]
            elif spec.item.type == "object" and isinstance(record.get(name), list):
                for item in record[name]:
                    _fill(spec.item.fields, item, canary, path + "[].")


def _every_kind(store: Store, canary: str) -> list[str]:
    def put(record: dict[str, Any]) -> dict:
        _fill(KIND_FIELDS[record["kind"]], record, canary)
        return store.save(record)

    net = put(network(person={"name": "x", "nhs_number": "9434765919"}))
    mem = put(member(net["id"]))
    meet = put(
        meeting(
            net["id"],
            attendees=[
                {"member_id": mem["id"], "role": "network", "facilitator": False},
                {"name": "y", "role": "other"},
            ],
        )
    )
    n = put(
        note(
            net["id"],
            meet["id"],
            store.user_id,
            voices=[{"attendee": mem["id"], "text": "z"}],
            safety={"discussed": True, "safeguarding_concern": False},
            next_meeting={"at": "2026-11-09T10:00:00+00:00"},
        )
    )
    add = put(
        {"kind": "addendum", "note_id": n["id"], "author_id": store.user_id, "reason": "other"}
    )
    rating = put(
        {
            "kind": "rating",
            "meeting_id": meet["id"],
            "network_id": net["id"],
            "instrument": "dialogic-practice-12",
            "rater_id": store.user_id,
            "rater_role": "self",
            "scores": {"1": 3, "2": None},
        }
    )
    review = put(
        {
            "kind": "review",
            "note_id": n["id"],
            "network_id": net["id"],
            "reviewer_id": "user-sup",
            "status": "seen",
        }
    )
    sup = put({"kind": "supervision", "team_id": "team-north", "at": "2026-11-03T15:00:00+00:00"})
    # Edits make more revisions (and tombstones) carrying the canary too.
    store.mark_inflight([c["change_id"] for c in store.outbox_pending(100)])
    put({**store.get(n["id"]), "state": "signed", "signed_at": "2026-11-02T12:00:00+00:00"})
    store.delete(mem["id"])
    store.meta_set("directory", [{"id": "user-sup", "name": f"{canary} directory"}])
    return [net["id"], meet["id"], n["id"], add["id"], rating["id"], review["id"], sup["id"]]


def _needles(canary: str) -> list[bytes]:
    return [
        canary.encode(),
        canary.lower().encode(),  # full-text tokens are folded to lower case
        canary.encode("utf-16-le"),
        canary[6:].encode(),  # the random part alone
    ]


def _scan(roots: list[Path], canary: str, since: float | None = None) -> list[str]:
    found = []
    needles = _needles(canary)
    for root in roots:
        if not root.exists():
            continue
        # os.walk, not rglob: other programs' temp dirs (a test PostgreSQL, say) may vanish while
        # the system temp dir is walked, and a vanished directory is simply not scanned.
        paths = (
            Path(d) / f for d, _, files in os.walk(root, onerror=lambda _: None) for f in files
        )
        for path in paths:
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                stat = path.stat()
                if since is not None and stat.st_mtime < since:
                    continue
                if stat.st_size > 256 * 1024 * 1024:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            if any(n in data for n in needles):
                found.append(str(path))
    return found


def test_canary_never_reaches_disk_in_clear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = time.time() - 1
    system_tmp = Path(tempfile.gettempdir())
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    for sub in ("", ".cache", ".config", ".local/share", ".local/state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    tmp.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    data_dir = home / ".local/share/odesk"
    canary = "CANARY" + uuid.uuid4().hex

    store = Store.create(data_dir, "first passphrase", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    ids = _every_kind(store, canary)
    for rid in ids:
        assert canary in str(store.get(rid)), rid
    assert {h["record_id"] for h in store.search(canary)} >= set(ids) - {ids[1], ids[4]}
    roots = [data_dir, home, tmp]
    control = tmp / "control.txt"  # the scan itself must be able to see a leak
    control.write_text(f"leaked {canary}")
    assert _scan(roots, canary) == [str(control)]
    control.unlink()
    # While open: the WAL holds the recent pages, encrypted like the rest.
    assert _scan(roots, canary) == []
    store.change_passphrase("first passphrase", "second passphrase")
    store.make_recovery_key()
    assert store.check().ok
    store.close()
    assert _scan(roots, canary) == []

    again = Store.open(data_dir, "second passphrase", allow_weak_kdf=True)
    try:
        assert all(canary in str(again.get(rid)) for rid in ids)
        assert again.search(canary)
        assert again.check().ok
    finally:
        again.close()
    assert _scan(roots, canary) == []
    assert _scan([system_tmp], canary, since=started) == []
