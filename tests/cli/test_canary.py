"""Canary: text put into every kind's free-text and name fields, sent through import, exports to
files the user then deletes, a passphrase change and a check, appears in no file the commands left
anywhere: not the data folder, not HOME or its cache/config/data dirs, not TMPDIR."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from odesk.core.records import KIND_FIELDS, Field, validate
from odesk.demo import data as demo_data

from .conftest import Cli


def _fill(specs: dict[str, Field], value: dict, canary: str, path: str = "") -> None:
    for name, spec in specs.items():
        here = path + name
        if spec.type == "str":
            value[name] = f"{canary} {here}"
        elif spec.type == "object" and isinstance(value.get(name), dict):
            _fill(spec.fields, value[name], canary, here + ".")
        elif spec.type == "list" and spec.item is not None and isinstance(value.get(name), list):
            if spec.item.type == "str":
                value[name] = [f"{canary} {here}[]"]
            elif spec.item.type == "object":
                for item in value[name]:
                    _fill(spec.item.fields, item, canary, here + "[].")


def _canary_records(canary: str) -> list[dict]:
    records = demo_data.generate(3, seed=11)
    for record in records:
        _fill(KIND_FIELDS[record["kind"]], record, canary)
        validate(record)
    assert {r["kind"] for r in records} >= {"network", "member", "meeting", "note", "supervision"}
    return records


def _files_with(root: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(n in data for n in needles):
                hits.append(str(path.relative_to(root)))
    return hits


def test_canary_never_reaches_disk_in_clear(cli: Cli) -> None:
    canary = f"CANARY{uuid.uuid4().hex}"
    needles = [canary.encode(), canary.encode("utf-16-le"), canary[6:20].encode()]
    incoming = cli.root / "incoming.json"
    incoming.write_text(json.dumps(demo_data.document(_canary_records(canary))))

    cli.init()
    cli.ok("import", str(incoming))
    incoming.unlink()  # the user's own file, removed by the user

    shown = cli.ok("export").out
    assert canary in shown  # the export really carried the text...
    exported = cli.root / "chosen-by-user.json"
    cli.ok("export", "--history", "-o", str(exported))
    assert canary in exported.read_text()
    tables = cli.root / "tables"
    cli.ok("export", "--format", "csv", "-o", str(tables))
    assert canary in (tables / "note.csv").read_text()
    research = cli.root / "research.json"
    cli.ok("export", "--pseudonymise", "-o", str(research))
    assert canary not in research.read_text()  # pseudonymised: no free text or names at all
    network_id = next(r["id"] for r in json.loads(shown)["records"] if r["kind"] == "network")
    record_pdf = cli.root / "record.pdf"
    cli.ok("export", "--format", "pdf", "--network", network_id, "-o", str(record_pdf))
    from tests.pdfcheck import read_pdf

    assert canary in " ".join(p.text for p in read_pdf(record_pdf))
    exported.unlink()
    research.unlink()
    record_pdf.unlink()
    shutil.rmtree(tables)

    cli.ok("passwd", env={"ODESK_NEW_PASSPHRASE": "fictional passphrase two"})
    check = cli.ok("check", env={"ODESK_PASSPHRASE": "fictional passphrase two"})
    assert "result: OK" in check.out
    assert canary not in check.out

    assert _files_with(cli.root, needles) == []
    assert sorted(p.name for p in cli.data.iterdir()) == ["odesk.db", "vault.json"]
    assert list((cli.root / "tmp").iterdir()) == []
