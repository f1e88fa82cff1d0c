"""The odesk-records interchange file (DESIGN §3): reading and checking it for `odesk import`,
and writing exports for `odesk export` (JSON, CSV, pseudonymised, atomically to a file).

Import checks the whole file before the store is touched: JSON, format and version, then every
record (core validation) and duplicates, so a bad file changes nothing. Errors are one line and
name the record by its position in the file (counting from 1), its id and the field.

Pseudonymisation replaces every id (and each name, so a person named in an attendee list and in a
voice gets the same pseudonym) by an HMAC-SHA256 pseudonym under a random key made for one export
and then forgotten: stable within the export, unlinkable across exports. Contact details,
addresses, NHS numbers and every other piece of text are removed; dates of birth keep only the year.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from odesk.core import files
from odesk.core.records import (
    ENVELOPE_FIELDS,
    ENVELOPE_ORDER,
    KIND_FIELDS,
    KINDS,
    Field,
    ValidationError,
    validate,
)

FORMAT = "odesk-records"
VERSION = 1
REMOVED = "[removed]"


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


def columns(kind: str) -> list[str]:
    """CSV columns of a kind: the envelope, then each field; objects become dotted columns."""
    out = list(ENVELOPE_ORDER)

    def walk(prefix: str, specs: dict[str, Field]) -> None:
        for name, spec in specs.items():
            if spec.type == "object" and spec.fields:
                walk(f"{prefix}{name}.", spec.fields)
            else:
                out.append(prefix + name)

    walk("", KIND_FIELDS[kind])
    return out


def _cell(record: dict, column: str) -> str:
    value: Any = record
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def to_csv(kind: str, records: Iterable[dict]) -> str:
    """One table of one kind; lists and score objects are JSON text in their cell."""
    buffer = io.StringIO()
    cols = columns(kind)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(cols)
    for record in records:
        if record.get("kind") == kind:
            writer.writerow([_cell(record, c) for c in cols])
    return buffer.getvalue()


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


# --- pseudonymising ------------------------------------------------------------------------------


class Pseudonymiser:
    """One export's pseudonyms: HMAC-SHA256 under a random key that is never stored.

    Times are cut to the day (YYYY-MM-DD) and the hybrid clock dropped unless `exact_times`:
    millisecond timestamps are as good as an id for joining two exports. Score keys that are not
    items of a known scale, and unknown instruments, become pseudonyms: a key nobody declared may
    carry anything, even a name.
    """

    def __init__(
        self,
        key: bytes | None = None,
        *,
        scale_items: dict[str, set[str]] | None = None,
        exact_times: bool = False,
    ) -> None:
        self._key = key or secrets.token_bytes(32)
        self._scale_items = scale_items or {}
        self._exact_times = exact_times
        self._instrument: str | None = None  # of the record being pseudonymised

    def pid(self, value: str) -> str:
        digest = hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"p-{digest[:24]}"

    def rev(self, rev: str) -> str:
        generation, _, _ = rev.partition("-")
        digest = hmac.new(self._key, rev.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"{generation}-{digest[:32]}"

    def record(self, record: dict) -> dict:
        out: dict[str, Any] = {}
        for name in ENVELOPE_ORDER:
            if name not in record:
                continue
            value = record[name]
            if name in ("id", "created_by", "updated_by", "device_id") and isinstance(value, str):
                value = self.pid(value)
            elif name == "rev" and isinstance(value, str):
                value = self.rev(value)
            elif name == "parent_revs" and isinstance(value, list):
                value = [self.rev(v) for v in value]
            elif name == "hlc" and isinstance(value, str):
                ms, counter, node = (value.split("-", 2) + ["", ""])[:3]
                value = f"{ms}-{counter}-{self.pid(node)}" if self._exact_times else None
            elif name in ("created_at", "updated_at"):
                value = self._time(value)
            out[name] = value
        kind = record.get("kind")
        specs = KIND_FIELDS.get(kind, {}) if isinstance(kind, str) else {}
        content = {k: v for k, v in record.items() if k not in ENVELOPE_FIELDS}
        instrument = record.get("instrument")
        self._instrument = instrument if isinstance(instrument, str) else None
        out.update(self._fields(specs, content))
        return out

    def _time(self, value: Any) -> Any:
        if self._exact_times or not isinstance(value, str):
            return value
        return value[:10]  # the calendar day as written (ISO 8601 starts YYYY-MM-DD)

    def _scores(self, value: dict) -> dict:
        known = self._scale_items.get(self._instrument or "", set())
        return {(k if k in known else self.pid(str(k))): v for k, v in value.items()}

    def _fields(self, specs: dict[str, Field], value: dict) -> dict:
        out: dict[str, Any] = {}
        for name, item in value.items():
            spec = specs.get(name)
            if spec is None:  # not declared: nothing tells us it is harmless
                continue
            out[name] = self._value(name, spec, item)
        return out

    def _value(self, name: str, spec: Field, value: Any) -> Any:
        if value is None:
            return None
        if name == "date_of_birth" and isinstance(value, str):
            return value[:4]
        if name in ("name", "preferred_name", "attendee", "participant_id") and isinstance(
            value, str
        ):
            return self.pid(value)
        if spec.pii:
            return None
        if spec.text or spec.type == "str":
            # Any other text (pronouns, relationship, referral source...) may name someone too.
            return REMOVED if value != "" else ""
        if name == "instrument" and isinstance(value, str):
            return value if value in self._scale_items else self.pid(value)
        if spec.type in ("uuid", "id") and isinstance(value, str):
            return self.pid(value)
        if spec.type == "time":
            return self._time(value)
        if spec.type == "scores" and isinstance(value, dict):
            return self._scores(value)
        if spec.type == "object" and isinstance(value, dict):
            return self._fields(spec.fields, value)
        if spec.type == "list" and isinstance(value, list) and spec.item is not None:
            item = spec.item
            return [self._value(name, item, v) for v in value]
        return value


def transform(
    records: Iterable[dict],
    pseudonymise: bool,
    *,
    scale_items: dict[str, set[str]] | None = None,
    exact_times: bool = False,
) -> list[dict]:
    """The records as exported: as they are, or pseudonymised (see Pseudonymiser)."""
    if not pseudonymise:
        return list(records)
    p = Pseudonymiser(scale_items=scale_items, exact_times=exact_times)
    return [p.record(r) for r in records]


def kind_or_error(kind: str) -> str:
    if kind not in KINDS:
        raise ExchangeError(f"not a record kind: {kind} (one of {', '.join(KINDS)})")
    return kind
