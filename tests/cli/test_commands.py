"""Every `odesk` subcommand as a user runs it: exit status, output, and what it leaves on disk."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from odesk import __version__
from odesk.demo import data as demo_data

from .conftest import DEMO_FILE, PASSPHRASE, Cli


def test_version_and_usage_errors(cli: Cli) -> None:
    result = cli.run("--version", data_dir=False)
    assert result.code == 0 and result.out.strip() == f"odesk {__version__}"
    for args in (
        ("frobnicate",),
        ("export", "--format", "xml"),
        ("import",),
        ("check", "--data-dir"),
    ):
        bad = cli.run(*args, data_dir=False)
        assert bad.code == 2, (args, bad.err)
        assert "usage: odesk" in bad.err


def test_init_refuses_an_existing_store_and_a_missing_store_is_named(cli: Cli) -> None:
    missing = cli.run("check")
    assert missing.code == 1
    assert "there is no odesk store" in missing.error_line()
    first = cli.init()
    store_id = first.out.strip().splitlines()[-1]
    assert len(store_id) == 36
    before = cli.snapshot()
    again = cli.run("init")
    assert again.code == 1 and "already exists" in again.error_line()
    assert cli.snapshot() == before


def test_import_check_export_round_trip(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    imported = cli.ok("import", str(DEMO_FILE))
    expected = json.loads(DEMO_FILE.read_text())["records"]
    assert f"imported {len(expected)} revisions" in imported.out
    check = cli.ok("check")
    assert "result: OK" in check.out
    assert f"changes waiting to sync: {len(expected)}" in check.out  # imports are outbox entries
    assert "network 20" in check.out and "note 42" in check.out

    again = cli.ok("import", str(DEMO_FILE))  # idempotent: the same revisions are known
    assert "imported 0 revisions" in again.out

    out = tmp_path / "export.json"
    cli.ok("export", "-o", str(out))
    exported = json.loads(out.read_text())
    assert exported["format"] == "odesk-records" and exported["version"] == 1
    assert {(r["id"], r["rev"]) for r in exported["records"]} == {
        (r["id"], r["rev"]) for r in expected
    }
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export")] == []
    assert out.stat().st_mode & 0o077 == 0  # clinical text: readable by its owner only

    stdout = cli.ok("export", "--history", "--kind", "note")
    notes = json.loads(stdout.out)["records"]
    assert len(notes) == 42 and all(r["kind"] == "note" for r in notes)


def test_import_adds_a_revision_to_a_known_record(cli: Cli, write_file: Callable) -> None:
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    records = json.loads(DEMO_FILE.read_text())["records"]
    member = next(r for r in records if r["kind"] == "member")
    child = {
        **member,
        "rev": "2-" + "ab" * 16,
        "parent_revs": [member["rev"]],
        "relationship": "aunt",
        "updated_at": "2026-03-01T10:00:00.000+00:00",
        "hlc": "1772359200000-00000-other",
    }
    cli.ok("import", str(write_file("child.json", demo_data.document([child]))))
    history = json.loads(cli.ok("export", "--history", "--kind", "member").out)["records"]
    revs = [r for r in history if r["id"] == member["id"]]
    assert {r["rev"] for r in revs} == {member["rev"], child["rev"]}
    current = json.loads(cli.ok("export", "--kind", "member").out)["records"]
    assert next(r for r in current if r["id"] == member["id"])["relationship"] == "aunt"


def test_csv_export(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    folder = tmp_path / "tables"
    cli.ok("export", "--format", "csv", "-o", str(folder))
    assert all(p.stat().st_mode & 0o077 == 0 for p in [folder, *folder.iterdir()])
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{k}.csv" for k in demo_data_kinds())
    with open(folder / "network.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20 and "person.name" in rows[0] and rows[0]["kind"] == "network"

    exists = cli.run("export", "--format", "csv", "-o", str(folder))
    assert exists.code == 1 and "already exists" in exists.error_line()
    no_kind = cli.run("export", "--format", "csv")
    assert no_kind.code == 1 and "--kind" in no_kind.error_line()
    one = cli.ok("export", "--format", "csv", "--kind", "meeting")
    assert len(list(csv.DictReader(io.StringIO(one.out)))) == 60
    bad_kind = cli.run("export", "--kind", "diagnosis")
    assert bad_kind.code == 1 and "not a record kind" in bad_kind.error_line()


def demo_data_kinds() -> list[str]:
    from odesk.core.records import KINDS

    return list(KINDS)


def test_pseudonymised_export_hides_people_and_keeps_structure(cli: Cli) -> None:
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    original = json.loads(DEMO_FILE.read_text())["records"]
    first = cli.ok("export", "--pseudonymise").out
    second = cli.ok("export", "--pseudonymise").out
    records = json.loads(first)["records"]
    assert len(records) == len(original)
    secrets: set[str] = set()
    for r in original:
        secrets.add(r["id"])
        if r["kind"] == "network":
            p = r["person"]
            secrets.update([p["name"], p["nhs_number"], p["phone"], p["address"]])
            secrets.add(r["referral"]["reason"])
        if r["kind"] == "member":
            secrets.update([r["name"], r["phone"], r["email"]])
        if r["kind"] == "note":
            secrets.update([r["summary"], r["reflections"], *r["options"]])
            secrets.update(v["text"] for v in r["voices"])
    for secret in secrets:
        assert secret not in first, secret
    by_id = {r["id"]: r for r in records}
    networks = [r for r in records if r["kind"] == "network"]
    assert all(len(n["person"]["date_of_birth"]) == 4 for n in networks)
    # Links survive within one export: every member points at an exported network.
    members = [r for r in records if r["kind"] == "member"]
    assert all(by_id[m["network_id"]]["kind"] == "network" for m in members)
    notes = [r for r in records if r["kind"] == "note"]
    assert all(by_id[n["meeting_id"]]["kind"] == "meeting" for n in notes)
    # ... and nothing links two exports: not the ids, not millisecond timestamps (times are cut
    # to the day, the hybrid clock dropped) unless asked for with --exact-times.
    assert not set(by_id) & {r["id"] for r in json.loads(second)["records"]}
    times = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
    assert not times.search(first), times.search(first)
    assert all(r["hlc"] is None for r in records)
    exact = cli.ok("export", "--pseudonymise", "--exact-times").out
    assert times.search(exact)
    refused = cli.run("export", "--exact-times")
    assert refused.code == 1 and "is for --pseudonymise" in refused.error_line()
    # Ratings keep only the scales' own item ids; anything else leaves as a pseudonym.
    ratings = [r for r in records if r["kind"] == "rating"]
    assert ratings and all(set(r["scores"]) <= {str(n) for n in range(1, 13)} for r in ratings)
    audit = cli.ok("check").out
    assert "audit chain: ok" in audit


def test_exports_are_audited(cli: Cli) -> None:
    from odesk.store import Store

    cli.init()
    cli.ok("export")
    cli.ok("export", "--pseudonymise", "--format", "csv", "--kind", "note")
    # The store was made with the test hook's cheap parameters: open it the same way.
    with Store.open(cli.data, PASSPHRASE, allow_weak_kdf=True) as store:
        actions = [e["action"] for e in store.audit_entries()]
    assert actions.count("export") == 2


def test_passwd_rewraps_and_the_old_passphrase_stops_working(
    cli: Cli, write_file: Callable
) -> None:
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    db_before = (cli.data / "odesk.db").stat().st_size
    same = cli.run("passwd", env={"ODESK_NEW_PASSPHRASE": PASSPHRASE})
    assert same.code == 1 and "same as the old" in same.error_line()
    cli.ok("passwd", env={"ODESK_NEW_PASSPHRASE": "fictional passphrase two"})
    old = cli.run("check")
    assert old.code == 1 and "wrong passphrase" in old.error_line()
    new_file = write_file("pass.txt", "fictional passphrase two\n")
    check = cli.ok("check", "--passphrase-file", str(new_file), env={"ODESK_PASSPHRASE": ""})
    assert "result: OK" in check.out and "network 20" in check.out
    assert (cli.data / "odesk.db").stat().st_size >= db_before
    empty = cli.run("check", "--passphrase-file", str(write_file("empty.txt", "")))
    assert empty.code == 1 and "is empty" in empty.error_line()


def test_prompted_passphrase_without_a_terminal_is_a_clear_error(cli: Cli) -> None:
    cli.init()
    result = cli.run("check", env={"ODESK_PASSPHRASE": ""}, stdin="")
    assert result.code == 1 and "no passphrase given" in result.error_line()
    piped = cli.run("check", env={"ODESK_PASSPHRASE": ""}, stdin=PASSPHRASE + "\n")
    assert piped.code == 0 and "result: OK" in piped.out


def test_demo_data_file_imports_in_a_second_store_after_export(cli: Cli, tmp_path: Path) -> None:
    """An export is an odesk-records file another store accepts whole."""
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    out = tmp_path / "all.json"
    cli.ok("export", "--history", "-o", str(out))
    other = Cli(tmp_path / "other", cli.env)
    other.root.mkdir()
    other.init()
    other.ok("import", str(out))
    assert other.counts() == cli.counts()

    def history(c: Cli) -> list[dict]:
        records = json.loads(c.ok("export", "--history").out)["records"]
        return sorted(records, key=lambda r: (r["id"], r["rev"]))

    def without_device(records: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if k != "device_id"} for r in records]

    # Every revision with the same content; each is now a change the importing device sends,
    # so it carries that device's id (the server takes device_id only from the pushing device).
    assert without_device(history(other)) == without_device(history(cli))
    assert len({r["device_id"] for r in history(other)}) == 1


def test_export_into_a_closed_pipe_is_quiet(cli: Cli) -> None:
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    argv = [sys.executable, "-m", "odesk", "export", "--data-dir", str(cli.data)]
    proc = subprocess.Popen(
        argv, env=cli.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cli.root
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b"{")
    proc.stdout.close()  # like `odesk export | head`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1)
    assert "Traceback" not in err and "Exception ignored" not in err


def test_init_and_passwd_hold_a_new_passphrase_to_the_wizards_policy(
    cli: Cli, write_file: Callable
) -> None:
    from odesk.vault.passphrase_policy import refusal

    # The same estimator decides for the wizard and the command line: what one refuses, so does
    # the other, with the same one-line reason.
    for weak in ("x", "password12", "qwertyuiop", "aaaaaaaaaaaa"):
        assert refusal(weak)
        refused = cli.run("init", env={"ODESK_PASSPHRASE": weak})
        assert refused.code == 1, weak
        line = refused.error_line()
        assert "passphrase" in line and "nothing was changed" in line and "\n" not in line
        assert not cli.data.exists() or not any(cli.data.iterdir())
    from_file = cli.run(
        "init",
        "--passphrase-file",
        str(write_file("weak.txt", "qwerty123\n")),
        env={"ODESK_PASSPHRASE": ""},
    )
    assert from_file.code == 1 and "too" in from_file.error_line()

    cli.init()  # the fixture's passphrase is a good one
    before = cli.snapshot()
    weak_new = cli.run("passwd", env={"ODESK_NEW_PASSPHRASE": "letmein"})
    assert weak_new.code == 1 and "nothing was changed" in weak_new.error_line()
    assert cli.snapshot() == before
    assert refusal("fictional passphrase two") is None
    cli.ok("check")  # still opens with the old passphrase


def test_pseudonymising_turns_undeclared_score_keys_and_instruments_into_pseudonyms() -> None:
    from odesk import exchange

    rating = next(r for r in json.loads(DEMO_FILE.read_text())["records"] if r["kind"] == "rating")
    crafted = {**rating, "scores": {"1": 3, "Robin Fictional said no": 1}}
    odd = {**rating, "instrument": "a scale named after Robin Fictional"}
    items = {rating["instrument"]: {str(n) for n in range(1, 13)}}
    out = exchange.transform([crafted, odd], True, scale_items=items)
    assert "Robin" not in json.dumps(out)
    assert out[0]["scores"]["1"] == 3 and len(out[0]["scores"]) == 2
    assert out[0]["instrument"] == rating["instrument"]
    assert out[1]["instrument"].startswith("p-")
