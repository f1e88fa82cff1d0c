"""Revision ids: ``"<generation>-<32 hex>"`` where generation = 1 + max generation of the parents."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

REV_RE = re.compile(r"^([1-9][0-9]{0,8})-([0-9a-f]{32})$")


def generation(rev: str) -> int:
    match = REV_RE.match(rev)
    if not match:
        raise ValueError(f"not a revision id: {rev!r}")
    return int(match.group(1))


def new_rev(parent_revs: Sequence[str]) -> str:
    gen = 1 + max((generation(p) for p in parent_revs), default=0)
    return f"{gen}-{secrets.token_hex(16)}"


def rev_sort_key(rev: str) -> tuple[int, str]:
    """Total order on revisions used wherever a deterministic pick is needed (never for clinical text)."""
    return (generation(rev), rev)
