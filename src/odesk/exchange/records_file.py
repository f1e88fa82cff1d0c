"""The odesk-records file (DESIGN §3): reading and checking it for `odesk import`, and writing
it (and a CSV export's folder) atomically for `odesk export`.

Import checks the whole file before the store is touched: JSON, format and version, then every
record (core validation) and duplicates, so a bad file changes nothing. Errors are one line and
name the record by its position in the file (counting from 1), its id and the field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from odesk.core import files
from odesk.core.records import ValidationError, validate

FORMAT = "odesk-records"
VERSION = 1


class ExchangeError(ValueError):
    """A bad interchange file or export target; str() is one line for the user."""


# --- reading -------------------------------------------------------------------------------------


def read_records(path: Path) -> list[dict]:
    """Every record of an odesk-records file, each one checked; raises ExchangeError."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ExchangeError(f"{path} is a folder, not an odesk-records file") from None
    except OSError as exc:
        raise ExchangeError(f"cannot read {path}: {exc.strerror}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ExchangeError(f"{path} is not UTF-8 text, so not an odesk-records file") from None
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"{path} is not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    return check_document(document, str(path))


def check_document(document: Any, source: str = "file") -> list[dict]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError(f'{source} is not an odesk-records file (no "format": "{FORMAT}")')
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ExchangeError(
            f"{source}: odesk-records version {version!r} is not supported (this odesk reads"
            f" version {VERSION})"
        )
    records = document.get("records")
    if not isinstance(records, list):
        raise ExchangeError(f'{source}: "records" must be a list of records')
    seen_revs: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for index, record in enumerate(records, start=1):
        record_id = record.get("id") if isinstance(record, dict) else None
        label = (
            f"record {index} (id {record_id})" if isinstance(record_id, str) else f"record {index}"
        )
        try:
            validate(record)
        except ValidationError as exc:
            raise ExchangeError(f"{label}: {exc.field}: {exc.message}") from None
        rev, record_id = record["rev"], record["id"]
        if rev in seen_revs:
            raise ExchangeError(
                f"{label}: id: repeats record {seen_revs[rev]} (the same revision {rev} twice)"
            )
        seen_revs[rev] = index
        if kinds.setdefault(record_id, record["kind"]) != record["kind"]:
            raise ExchangeError(
                f"{label}: kind: the file gives this id another kind ({kinds[record_id]}) too"
            )
    _check_one_view_per_record(records)
    return records


def _check_one_view_per_record(records: list[dict]) -> None:
    """Two revisions of one id are fine when they are a history (one descends from the other or
    they are siblings of a known tree); two unrelated first revisions of one id are a duplicate."""
    roots: dict[str, int] = {}
    for index, record in enumerate(records, start=1):
        if not record["parent_revs"]:
            if record["id"] in roots:
                raise ExchangeError(
                    f"record {index} (id {record['id']}): id: duplicate id (record"
                    f" {roots[record['id']]} already starts this record)"
                )
            roots[record["id"]] = index


# --- writing -------------------------------------------------------------------------------------


def document(records: list[dict]) -> dict:
    return {"format": FORMAT, "version": VERSION, "records": records}


def to_json(records: list[dict]) -> str:
    return json.dumps(document(records), indent=1, ensure_ascii=False) + "\n"


def write_file_atomic(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` atomically (odesk.core.files): on any failure nothing is left
    behind and an existing ``target`` is unchanged."""
    if target.is_dir():
        raise ExchangeError(f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise ExchangeError(f"folder {target.parent} does not exist")
    files.write_atomic(target, text)


def write_dir_atomic(target: Path, tables: dict[str, str]) -> None:
    """Create folder ``target`` holding ``tables``, whole or not at all. Refuses an existing one."""
    if target.exists():
        raise ExchangeError(f"{target} already exists; give a new folder name for a CSV export")
    if not target.parent.is_dir():
        raise ExchangeError(f"folder {target.parent} does not exist")
    try:
        files.write_dir_atomic(target, tables)
    except FileExistsError:
        raise ExchangeError(
            f"{target} already exists; give a new folder name for a CSV export"
        ) from None
