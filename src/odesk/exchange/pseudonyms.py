"""Pseudonymised exports (`odesk export --pseudonymise`).

Every id (and each name, so a person named in an attendee list and in a voice gets the same
pseudonym) becomes an HMAC-SHA256 pseudonym under a random key made for one export and then
forgotten: stable within the export, unlinkable across exports. Contact details, addresses, NHS
numbers and every other piece of text are removed; dates of birth keep only the year.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

from odesk.core.records import ENVELOPE_FIELDS, ENVELOPE_ORDER, KIND_FIELDS, Field

REMOVED = "[removed]"


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
