"""CSV tables of an export (`odesk export --format csv`): one table per record kind, objects as
dotted columns, lists and score objects as JSON text in their cell."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from odesk.core.records import ENVELOPE_ORDER, KIND_FIELDS, KINDS, Field
from odesk.exchange.records_file import ExchangeError


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


def kind_or_error(kind: str) -> str:
    if kind not in KINDS:
        raise ExchangeError(f"not a record kind: {kind} (one of {', '.join(KINDS)})")
    return kind
