"""What the full-text index holds for a record, and how a user's search text becomes an FTS5 query.

Indexed: names (person, preferred name, member name) and every field the record model marks as
clinical free text (note summary, voices, reflections, options, agreements, uncertainties, safety,
addendum text, review comments, supervision reflections and actions, ...). The index lives inside
the encrypted database like everything else.
"""

from __future__ import annotations

import re
from typing import Any

from odesk.core.records import KIND_FIELDS, Field

_NAME_PATHS = {
    "network": {"person.name", "person.preferred_name"},
    "member": {"name"},
    "meeting": {"attendees[].name"},
}


def _walk(value: Any, spec: Field, path: str, names: set[str], out: list[str]) -> None:
    if value is None:
        return
    if spec.type == "object" and isinstance(value, dict):
        for key, sub in spec.fields.items():
            _walk(value.get(key), sub, f"{path}.{key}" if path else key, names, out)
    elif spec.type == "list" and isinstance(value, list) and spec.item is not None:
        for item in value:
            _walk(item, spec.item, path + "[]", names, out)
    elif isinstance(value, str) and (spec.text or path in names):
        out.append(value)


def _may_hold_text(spec: Field, path: str, names: set[str]) -> bool:
    if spec.type == "object":
        return any(_may_hold_text(s, f"{path}.{k}", names) for k, s in spec.fields.items())
    if spec.type == "list":
        return spec.item is not None and _may_hold_text(spec.item, path + "[]", names)
    return spec.text or path in names


# Per kind, only the top-level fields that can hold indexed text (a first pull indexes every
# record, so ids, dates and choices are not walked each time).
_TEXT_FIELDS: dict[str, list[tuple[str, Field]]] = {
    kind: [
        (key, spec)
        for key, spec in specs.items()
        if _may_hold_text(spec, key, _NAME_PATHS.get(kind, set()))
    ]
    for kind, specs in KIND_FIELDS.items()
}


def index_text(record: dict) -> str:
    """The searchable text of one record (empty when it has none)."""
    kind = record.get("kind")
    fields = _TEXT_FIELDS.get(kind) if isinstance(kind, str) else None
    if not fields:
        return ""
    out: list[str] = []
    names = _NAME_PATHS.get(kind, set()) if isinstance(kind, str) else set()
    for key, spec in fields:
        _walk(record.get(key), spec, key, names, out)
    return "\n".join(out)


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Every word as a quoted prefix term, all required; None when there is nothing to search.

    Quoting makes FTS5 syntax in user input (quotes, AND, NEAR, *, -) plain text, so no search
    text can raise an error.
    """
    words = _WORD.findall(text or "")
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words[:32])
