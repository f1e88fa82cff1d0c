"""Record ids (UUIDv7, time-ordered so indexes stay compact) and UTC timestamps."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime


def new_id() -> str:
    """A UUIDv7 string (RFC 9562): 48-bit milliseconds, then random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # RFC 4122 variant
    value |= rand & ((1 << 62) - 1)  # rand_b, 62 bits
    # Imported here: uuid loads `platform` (~2.5 ms), and the desktop app's start-up, which
    # imports this module, makes no id before its first list is on screen.
    import uuid

    return str(uuid.UUID(int=value))


def utc_now() -> str:
    """Now as ISO 8601 UTC with an explicit offset and millisecond precision."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def parse_time(value: str) -> datetime:
    """Parse an ISO 8601 time that must carry an offset; raises ValueError otherwise."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("time has no UTC offset")
    return parsed
