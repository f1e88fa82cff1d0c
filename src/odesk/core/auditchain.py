"""The audit hash chain shared by the laptop's local log and the trust server's check of it.

Each entry's hash is ``sha256(prev_hash + canonical_json({seq, at, action, record_id}))`` in hex,
where canonical JSON has sorted keys, no spaces and UTF-8 text; the first entry's prev_hash is 64
zeros. The device writes the chain (odesk.store) and the server recomputes it from what the device
ships (odesk.server), with this one definition.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from hashlib import sha256

GENESIS = "0" * 64


def entry_hash(prev_hash: str, seq: int, at: str, action: str, record_id: str | None) -> str:
    body = json.dumps(
        {"seq": seq, "at": at, "action": action, "record_id": record_id},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return sha256((prev_hash + body).encode("utf-8")).hexdigest()


def verify_chain(
    entries: Iterable[dict], prev_hash: str = GENESIS, prev_seq: int = 0
) -> str | None:
    """None when every entry continues the chain; otherwise a one-line description of the break."""
    for entry in entries:
        seq = entry["seq"]
        if seq != prev_seq + 1:
            return f"audit entry {seq}: sequence gap after {prev_seq}"
        if entry["prev_hash"] != prev_hash:
            return f"audit entry {seq}: does not continue the chain"
        expected = entry_hash(prev_hash, seq, entry["at"], entry["action"], entry["record_id"])
        if entry["hash"] != expected:
            return f"audit entry {seq}: hash does not match its content"
        prev_hash, prev_seq = expected, seq
    return None
