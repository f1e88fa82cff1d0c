"""odesk.store: the encrypted local database of one user on one laptop.

SQLCipher (sqlcipher3) driven with sqlite-utils; the vault's data key is SQLCipher's raw key, with
16 KiB pages, WAL and synchronous=FULL. Files in the data dir: ``odesk.db`` (+ ``-wal``/``-shm``
while open) and ``vault.json``. A Store is safe to share between threads (one connection behind
an RLock). ``Store`` (odesk.store.store) is the one object callers use; it forwards to its parts,
one module each (listed in odesk.store.store). Summary of the API:

- ``Store.create(dir, passphrase, kdf_params=, allow_weak_kdf=)``, ``Store.open(dir, passphrase,
  allow_weak_kdf=, kdf_target=)``, ``Store.open_with_recovery(dir, key, new_passphrase)``,
  ``close()`` (lock), ``wipe()`` / ``Store.wipe_dir(dir)``, ``change_passphrase(old, new)``,
  ``make_recovery_key()``, ``Store.exists(dir)``.
- records: ``save(record)``, ``delete(id)``, ``get(id)``, ``records(kind, **equals)``,
  ``fields(kind, paths, **equals)`` (chosen fields as tuples, picked out by SQLite, read in
  slices that let other threads in), ``flagged_records(kind, path)`` (also in slices),
  ``history(id)``, ``resolution(id)``, ``conflicts()``,
  ``record_ids(kind)``, ``search(text, limit, kinds=, network_id=)``,
  ``import_revisions(revisions)``, ``transaction()`` (several writes, all or nothing).
- the network list: ``network_summaries(limit=, offset=)`` -> NetworkSummary rows (name, status,
  urgency, referral time, team, key practitioners, first held meeting, open safeguarding concerns),
  newest referral first, from one table every write and pulled page keeps up to date in its own
  transaction (odesk.store.summaries).
- sync: ``outbox_pending(limit)``, ``mark_inflight(ids)``, ``mark_acknowledged(results)``,
  ``rejected()``, ``outbox_counts()``, ``pending_count()``, ``apply_remote(changes, cursor)``
  (saves meta "cursor"; ``changes`` may be a page already checked by
  ``odesk.store.remote_page.prepare_remote`` on another thread), ``quarantined()``,
  ``requeue_above(seq)``, ``set_identity(user, device)``, ``meta_get(key, default)`` /
  ``meta_set(key, value)``. A change id is the revision's rev.
- ``changes()``: a mark of what has been written (by this store or another process); equal
  twice, nothing was written between.
- audit and health: ``audit(action, record_id)``, ``audit_entries(after_seq)``, ``check()`` ->
  CheckReport (``.ok``, ``.lines()``).

Errors: StoreError and its subclasses WrongPassphrase (also an odesk.vault.WrongPassphrase),
StoreCorrupt, NotAStore, AlreadyExists, StoreClosed, InvalidEdit; bad record fields raise
odesk.core.records.ValidationError.
"""

from typing import TYPE_CHECKING, Any

from odesk.store.audit import entry_hash, verify_chain
from odesk.store.errors import (
    AlreadyExists,
    InvalidEdit,
    NotAStore,
    StoreClosed,
    StoreCorrupt,
    StoreError,
    WrongPassphrase,
)
from odesk.store.store import DB_NAME, VAULT_NAME, Store

if TYPE_CHECKING:
    from odesk.store.checkreport import CheckReport


def __getattr__(name: str) -> Any:
    # CheckReport is made only by `check()`; loading it lazily keeps it off the app's start-up.
    if name == "CheckReport":
        from odesk.store.checkreport import CheckReport

        return CheckReport
    raise AttributeError(f"module 'odesk.store' has no attribute {name!r}")


__all__ = [
    "DB_NAME",
    "VAULT_NAME",
    "AlreadyExists",
    "CheckReport",
    "InvalidEdit",
    "NotAStore",
    "Store",
    "StoreClosed",
    "StoreCorrupt",
    "StoreError",
    "WrongPassphrase",
    "entry_hash",
    "verify_chain",
]
