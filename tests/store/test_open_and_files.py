"""Creating, opening and locking a store; failing closed on every kind of bad file."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from odesk import vault
from odesk.store import (
    AlreadyExists,
    NotAStore,
    Store,
    StoreClosed,
    StoreCorrupt,
    StoreError,
    WrongPassphrase,
    schema,
)
from odesk.vault import TEST_PARAMS, KdfParams

from .conftest import PASSPHRASE, network, open_store, snapshot


def test_create_open_close_round_trip(data_dir: Path, make_store: Callable[..., Store]) -> None:
    store = make_store()
    saved = store.save(network())
    store.close()
    assert store.closed
    assert sorted(p.name for p in data_dir.iterdir()) == ["odesk.db", "vault.json"]
    again = open_store(data_dir)
    try:
        assert again.get(saved["id"]) == saved
        assert again.store_id == vault.store_id_of(data_dir / "vault.json")
        actions = [e["action"] for e in again.audit_entries()]
        assert actions == ["create", "unlock", "lock", "unlock"]
    finally:
        again.close()


def test_database_is_sqlcipher_with_16k_pages_and_wal(store: Store, data_dir: Path) -> None:
    store.save(network())
    header = (data_dir / "odesk.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    conn = store.db.conn
    assert int(conn.execute("PRAGMA cipher_page_size").fetchone()[0]) == 16384
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(data_dir / "odesk.db").execute("SELECT * FROM sqlite_master").fetchall()


def test_create_refuses_an_existing_store_or_part_of_one(
    data_dir: Path, make_store: Callable[..., Store]
) -> None:
    make_store().close()
    before = snapshot(data_dir)
    with pytest.raises(AlreadyExists):
        Store.create(data_dir, "other", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    (data_dir / "odesk.db").unlink()
    with pytest.raises(AlreadyExists):
        Store.create(data_dir, "other", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    assert snapshot(data_dir) == {"vault.json": before["vault.json"]}


def test_create_refuses_weak_kdf_without_the_test_switch(data_dir: Path) -> None:
    with pytest.raises(StoreError, match="below the floor"):
        Store.create(data_dir, PASSPHRASE, kdf_params=TEST_PARAMS)
    assert not Store.exists(data_dir)


def test_wrong_passphrase_changes_nothing(data_dir: Path, make_store: Callable[..., Store]) -> None:
    make_store().close()
    before = snapshot(data_dir)
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        open_store(data_dir, "not the passphrase")
    with pytest.raises(vault.WrongPassphrase):  # the vault's class catches it too
        open_store(data_dir, "")
    assert snapshot(data_dir) == before


def test_no_store_here(tmp_path: Path) -> None:
    with pytest.raises(NotAStore, match="no odesk store"):
        open_store(tmp_path / "missing")
    with pytest.raises(NotAStore):
        open_store(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_plaintext_database_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    plain = sqlite3.connect(data_dir / "odesk.db")
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    vault.create_vault(data_dir / "vault.json", PASSPHRASE, TEST_PARAMS, allow_weak=True)
    before = snapshot(data_dir)
    with pytest.raises(NotAStore, match="plain, unencrypted SQLite"):
        open_store(data_dir)
    (data_dir / "vault.json").unlink()
    with pytest.raises(NotAStore, match="plain, unencrypted SQLite"):
        open_store(data_dir)
    assert snapshot(data_dir) == {"odesk.db": before["odesk.db"]}


def test_missing_vault_or_database_never_makes_a_new_store(
    data_dir: Path, make_store: Callable[..., Store]
) -> None:
    make_store().close()
    before = snapshot(data_dir)
    (data_dir / "vault.json").rename(data_dir.parent / "vault.bak")
    with pytest.raises(StoreCorrupt, match="vault.json is missing"):
        open_store(data_dir)
    assert snapshot(data_dir) == {"odesk.db": before["odesk.db"]}
    (data_dir.parent / "vault.bak").rename(data_dir / "vault.json")
    (data_dir / "odesk.db").rename(data_dir.parent / "odesk.bak")
    with pytest.raises(StoreCorrupt, match="odesk.db is missing"):
        open_store(data_dir)
    assert snapshot(data_dir) == {"vault.json": before["vault.json"]}


def test_vault_of_another_store_is_refused(
    tmp_path: Path, make_store: Callable[..., Store]
) -> None:
    make_store(tmp_path / "a").close()
    make_store(tmp_path / "b").close()
    (tmp_path / "a" / "vault.json").write_bytes((tmp_path / "b" / "vault.json").read_bytes())
    before = snapshot(tmp_path / "a")
    with pytest.raises(StoreCorrupt, match="cannot be read with this store's key"):
        open_store(tmp_path / "a")
    assert snapshot(tmp_path / "a") == before


@pytest.mark.parametrize("field", ["store_id", "salt", "wrapped_dek", "kdf", "mac", "nonce"])
def test_tampered_vault_fails_closed(
    data_dir: Path, make_store: Callable[..., Store], field: str
) -> None:
    make_store().close()
    data = json.loads((data_dir / "vault.json").read_text())
    if field == "kdf":
        data["kdf"]["iterations"] += 1
    elif field == "store_id":
        data["store_id"] = "11111111-1111-4111-8111-111111111111"
    else:
        value = data[field]
        data[field] = ("A" if value[0] != "A" else "B") + value[1:]
    (data_dir / "vault.json").write_text(json.dumps(data))
    before = snapshot(data_dir)
    with pytest.raises((WrongPassphrase, StoreCorrupt)):
        open_store(data_dir)
    assert snapshot(data_dir) == before


def _fill(store: Store, n: int = 60) -> list[str]:
    ids = []
    for i in range(n):
        ids.append(store.save(network(f"Person {i} Fictional", sharing_note="x" * 500))["id"])
    return ids


@pytest.mark.parametrize("where", ["salt", "page1", "page2", "middle", "last"])
def test_flipped_byte_in_the_database_is_detected(
    data_dir: Path, make_store: Callable[..., Store], where: str
) -> None:
    store = make_store()
    _fill(store)
    store.close()
    db = data_dir / "odesk.db"
    raw = bytearray(db.read_bytes())
    offset = {
        "salt": 3,
        "page1": 2000,
        "page2": 16384 + 5000,
        "middle": len(raw) // 2 + 77,
        "last": len(raw) - 100,
    }[where]
    raw[offset] ^= 0x40
    db.write_bytes(bytes(raw))
    before = snapshot(data_dir)
    try:
        reopened = open_store(data_dir)
    except StoreCorrupt:
        assert snapshot(data_dir) == before
        return
    try:
        report = reopened.check()
        assert not report.ok and not report.integrity_ok
        assert any("FAILED" in line for line in report.lines())
    finally:
        reopened.close()


@pytest.mark.parametrize("keep", [0, 100, 16384, "half", "minus1"])
def test_truncated_database_is_detected(
    data_dir: Path, make_store: Callable[..., Store], keep: int | str
) -> None:
    store = make_store()
    _fill(store)
    store.close()
    db = data_dir / "odesk.db"
    raw = db.read_bytes()
    size = {"half": (len(raw) // 2 // 16384) * 16384, "minus1": len(raw) - 16384}.get(
        str(keep), keep
    )
    assert isinstance(size, int)
    db.write_bytes(raw[:size])
    before = snapshot(data_dir)
    try:
        reopened = open_store(data_dir)
    except StoreCorrupt:
        assert snapshot(data_dir) == before
        return
    try:
        assert not reopened.check().ok
    finally:
        reopened.close()


def test_a_newer_schema_is_refused(data_dir: Path, make_store: Callable[..., Store]) -> None:
    store = make_store()
    store.db.conn.execute("PRAGMA user_version = 99")
    store.close()
    with pytest.raises(StoreError, match="newer odesk"):
        open_store(data_dir)


def test_locked_store_refuses_every_call(store: Store) -> None:
    store.close()
    store.close()  # idempotent
    for call in (
        lambda: store.get("x"),
        lambda: store.save(network()),
        lambda: store.records("network"),
        lambda: store.search("x"),
        lambda: store.meta_get("x"),
        lambda: store.check(),
        lambda: store.audit("view"),
    ):
        with pytest.raises(StoreClosed):
            call()


def test_context_manager_locks(data_dir: Path, make_store: Callable[..., Store]) -> None:
    make_store().close()
    with open_store(data_dir) as store:
        assert not store.closed
    assert store.closed
    assert store.audit_entries  # attribute still there, but calling needs the store open


def test_kdf_parameters_are_raised_on_open(
    data_dir: Path, make_store: Callable[..., Store]
) -> None:
    make_store().close()
    target = KdfParams(16384, 2, 1)
    Store.open(data_dir, PASSPHRASE, allow_weak_kdf=True, kdf_target=target).close()
    assert vault.kdf_params_of(data_dir / "vault.json") == target
    open_store(data_dir).close()


def test_passphrase_change_and_recovery(data_dir: Path, make_store: Callable[..., Store]) -> None:
    store = make_store()
    rid = store.save(network())["id"]
    db_before = (data_dir / "odesk.db").read_bytes()
    store.change_passphrase(PASSPHRASE, "new fictional passphrase")
    key = store.make_recovery_key()
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(data_dir)
    with open_store(data_dir, "new fictional passphrase") as again:
        assert again.get(rid) is not None
        assert [e["action"] for e in again.audit_entries()][-4:] == [
            "passwd",
            "recovery_key",
            "lock",
            "unlock",
        ]
    with Store.open_with_recovery(
        data_dir, key, "after recovery", kdf_params=TEST_PARAMS, allow_weak_kdf=True
    ) as recovered:
        assert recovered.get(rid) is not None
    open_store(data_dir, "after recovery").close()
    assert db_before  # the database file was never rewritten by the passphrase change


def test_wipe_removes_every_file(data_dir: Path, make_store: Callable[..., Store]) -> None:
    store = make_store()
    store.save(network())
    store.wipe()
    assert store.closed
    assert list(data_dir.iterdir()) == []
    Store.wipe_dir(data_dir)  # nothing left to wipe is fine
    with pytest.raises(NotAStore):
        open_store(data_dir)


def test_files_are_private(data_dir: Path, store: Store) -> None:
    store.save(network())
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for path in data_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_migrations_run_in_order_on_open(
    data_dir: Path, make_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store()
    rid = store.save(network())["id"]
    store.close()
    applied: list[int] = []
    now = len(schema.MIGRATIONS)

    def later(db: Database) -> None:
        applied.append(now + 1)
        db.execute("CREATE TABLE network_maps (id TEXT PRIMARY KEY, json TEXT NOT NULL)")

    def latest(db: Database) -> None:
        applied.append(now + 2)
        db.execute("CREATE INDEX network_maps_json ON network_maps(json)")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, later, latest])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", now + 2)
    with open_store(data_dir) as again:
        assert applied == [now + 1, now + 2]
        assert again.db.conn.execute("PRAGMA user_version").fetchone()[0] == now + 2
        assert "network_maps" in again.db.table_names()
        assert again.get(rid) is not None
    with open_store(data_dir):
        assert applied == [now + 1, now + 2]  # each migration runs once


def test_a_failing_migration_changes_nothing(
    data_dir: Path, make_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store().close()

    def broken(db: Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("bug in a migration")

    now = len(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", now + 1)
    with pytest.raises(RuntimeError):
        open_store(data_dir)
    monkeypatch.undo()
    with open_store(data_dir) as again:
        assert again.db.conn.execute("PRAGMA user_version").fetchone()[0] == now
        assert "half_done" not in again.db.table_names()


def test_interrupted_create_leaves_no_store_and_can_be_redone(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def power_cut(*_args: object) -> None:
        raise KeyboardInterrupt  # stands in for the process dying before vault.json lands

    with monkeypatch.context() as patch:
        patch.setattr("odesk.store.lifecycle.os.replace", power_cut)
        with pytest.raises(KeyboardInterrupt):
            Store.create(data_dir, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    assert not Store.exists(data_dir)
    assert list(data_dir.iterdir()) == []  # cleaned up on the way out


def test_create_after_a_crash_mid_create(data_dir: Path, make_store: Callable[..., Store]) -> None:
    # What a kill -9 between writing the database and renaming vault.json leaves behind.
    make_store().close()
    (data_dir / "vault.json").rename(data_dir / "vault.json.creating")
    with pytest.raises(NotAStore, match="interrupted; create it again"):
        open_store(data_dir)
    assert not Store.exists(data_dir)
    store = Store.create(data_dir, "fresh", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    store.close()
    assert sorted(p.name for p in data_dir.iterdir()) == ["odesk.db", "vault.json"]
    open_store(data_dir, "fresh").close()


def test_trust_recovery_key_opens_the_store(
    data_dir: Path, make_store: Callable[..., Store]
) -> None:
    private, public = vault.make_trust_keypair()
    store = make_store()
    rid = store.save(network())["id"]
    store.add_trust_recovery(public, "trust-2026")
    store.close()
    with Store.open_with_trust_key(
        data_dir, private, "set by IT", kdf_params=TEST_PARAMS, allow_weak_kdf=True
    ) as recovered:
        assert recovered.get(rid) is not None
        assert recovered.audit_entries()[-1]["action"] == "recover_trust"
    open_store(data_dir, "set by IT").close()
    with pytest.raises(WrongPassphrase):
        Store.open_with_trust_key(data_dir, vault.make_trust_keypair()[0], "nope")
