"""Bad input to `odesk`: one clear line, exit 1, and the store's files byte-for-byte unchanged."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from odesk.demo import data as demo_data

from .conftest import DEMO_FILE, Cli


@pytest.fixture
def loaded(cli: Cli) -> Cli:
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    return cli


def _records() -> list[dict]:
    return json.loads(DEMO_FILE.read_text())["records"]


def _with(index: int, change: Callable[[dict], Any]) -> dict:
    records = copy.deepcopy(_records()[:6])
    change(records[index])
    return demo_data.document(records)


def _bad_nhs(record: dict) -> None:
    record["person"]["nhs_number"] = "9990000001"


BAD_FILES: dict[str, tuple[object, list[str]]] = {
    "not json": ('{"format": "odesk-records", "version": 1, "records": [', ["not valid JSON"]),
    "not text": (b"\xff\xfe\x00binary", ["not UTF-8"]),
    "a list": ([1, 2, 3], ["not an odesk-records file"]),
    "wrong format": ({"format": "something-else", "version": 1, "records": []}, ["format"]),
    "wrong version": ({"format": "odesk-records", "version": 2, "records": []}, ["version 2"]),
    "records not a list": ({"format": "odesk-records", "version": 1, "records": {}}, ["list"]),
    "unknown kind": (
        _with(3, lambda r: r.__setitem__("kind", "diagnosis")),
        ["record 4 (id ", "kind: must be one of"],
    ),
    "bad field": (
        _with(0, _bad_nhs),
        ["record 1 (id ", "person.nhs_number", "modulus-11"],
    ),
    "unknown field": (
        _with(2, lambda r: r.__setitem__("risk_score", 7)),
        ["record 3 (id ", "risk_score: is not a known field"],
    ),
    "missing field": (
        _with(1, lambda r: r.pop("name")),
        ["record 2 (id ", "name: is required"],
    ),
    "bad rev": (
        _with(5, lambda r: r.__setitem__("rev", "1-xyz")),
        ["record 6 (id ", "rev:"],
    ),
    "a record that is not an object": (
        {"format": "odesk-records", "version": 1, "records": [_records()[0], "text"]},
        ["record 2", "must be an object"],
    ),
    "duplicate revision": (
        demo_data.document([_records()[0], _records()[1], _records()[0]]),
        ["record 3 (id ", "repeats record 1"],
    ),
    "duplicate id": (
        demo_data.document(
            [_records()[0], {**_records()[0], "rev": "1-" + "0" * 32, "status": "closed"}]
        ),
        ["record 2 (id ", "duplicate id"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_import_file_changes_nothing(
    loaded: Cli, write_file: Callable[[str, object], Path], case: str
) -> None:
    content, expected = BAD_FILES[case]
    path = write_file("bad.json", content)
    file_before = path.read_bytes()
    before = loaded.snapshot()
    result = loaded.run("import", str(path))
    assert result.code == 1
    line = result.error_line()
    for part in expected:
        assert part in line, (part, line)
    assert loaded.snapshot() == before
    assert path.read_bytes() == file_before


def test_missing_and_folder_import_paths(loaded: Cli, tmp_path: Path) -> None:
    before = loaded.snapshot()
    for target in (tmp_path / "nope.json", tmp_path):
        result = loaded.run("import", str(target))
        assert result.code == 1 and str(target) in result.error_line()
    assert loaded.snapshot() == before


def test_store_refusal_midway_imports_nothing(loaded: Cli, write_file: Callable) -> None:
    """All or nothing even when the store, not the file check, refuses a later record."""
    new = demo_data.generate(2, seed=99)
    clash = {**new[1], "rev": _records()[0]["rev"]}  # a revision that belongs to another record
    counts = loaded.counts()
    result = loaded.run(
        "import", str(write_file("clash.json", demo_data.document([new[0], clash])))
    )
    assert result.code == 1
    line = result.error_line()
    assert f"record 2 (id {clash['id']}): " in line and "belongs to record" in line
    assert "nothing was imported" in line
    assert loaded.counts() == counts


def test_wrong_passphrase_changes_nothing(loaded: Cli) -> None:
    before = loaded.snapshot()
    result = loaded.run("check", env={"ODESK_PASSPHRASE": "not the passphrase"})
    assert result.code == 1 and "wrong passphrase" in result.error_line()
    assert loaded.snapshot() == before


@pytest.mark.parametrize(
    "field", ["format", "version", "store_id", "kdf", "salt", "nonce", "wrapped_dek", "mac"]
)
def test_tampered_vault_is_refused(loaded: Cli, field: str) -> None:
    vault = loaded.data / "vault.json"
    data = json.loads(vault.read_text())
    if field == "kdf":
        data["kdf"]["iterations"] += 1
    elif field == "version":
        data["version"] = 2
    elif field == "store_id":
        data["store_id"] = "00000000-0000-4000-8000-000000000000"
    else:
        value = data[field]
        data[field] = ("A" if value[0] != "A" else "B") + value[1:]
    vault.write_text(json.dumps(data))
    before = loaded.snapshot()
    result = loaded.run("check")
    assert result.code == 1
    result.error_line()
    assert loaded.snapshot() == before


def test_vault_that_is_not_json_is_refused(loaded: Cli) -> None:
    (loaded.data / "vault.json").write_text("{ not json")
    before = loaded.snapshot()
    result = loaded.run("export")
    assert result.code == 1 and result.out == ""
    result.error_line()
    assert loaded.snapshot() == before


def test_truncated_database_is_refused(loaded: Cli) -> None:
    db = loaded.data / "odesk.db"
    db.write_bytes(db.read_bytes()[: 16384 + 100])
    before = loaded.snapshot()
    result = loaded.run("check")
    assert result.code == 1
    assert loaded.snapshot() == before or "PROBLEMS FOUND" in result.out


def test_flipped_byte_in_the_database_is_found(loaded: Cli) -> None:
    db = loaded.data / "odesk.db"
    raw = bytearray(db.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    db.write_bytes(bytes(raw))
    result = loaded.run("check")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "integrity: FAILED" in result.out or result.err.startswith("odesk: error: ")


def test_plaintext_database_is_refused(loaded: Cli) -> None:
    db = loaded.data / "odesk.db"
    db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = loaded.snapshot()
    result = loaded.run("check")
    assert result.code == 1 and "unencrypted" in result.error_line()
    assert loaded.snapshot() == before


def test_export_to_a_missing_folder_leaves_nothing(loaded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "out.json"
    result = loaded.run("export", "-o", str(target))
    assert result.code == 1 and "does not exist" in result.error_line()
    assert not (tmp_path / "no").exists()
    folder_target = loaded.run("export", "-o", str(tmp_path))
    assert folder_target.code == 1 and "is a folder" in folder_target.error_line()
