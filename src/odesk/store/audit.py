"""The local audit log's actions; the hash chain itself is odesk.core.auditchain."""

from __future__ import annotations

from odesk.core.auditchain import GENESIS, entry_hash, verify_chain

__all__ = ["ACTIONS", "GENESIS", "entry_hash", "verify_chain"]

ACTIONS = frozenset(
    {"create", "unlock", "lock", "view", "sign", "export", "import", "sync", "enroll", "passwd"}
)
