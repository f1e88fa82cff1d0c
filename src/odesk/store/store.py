"""The Store façade: the one object callers use, composed of the store's parts.

Each part lives in its own module and reaches the database through one shared connection
(odesk.store.connection.Db), so a part's write joins its caller's transaction:

- lifecycle: files, create, open, recover, migrate, wipe, and re-wrapping the data key (Keys);
- identity: the store, user and device ids and the hybrid logical clock;
- heads: a record's current view and index entry, recomputed from its revisions;
- records: reads (get, records of a kind, history, conflicts, search);
- edits: local writes (save, delete, import) and the record model's rules for them;
- outbox: this device's revisions waiting for the server, and its answers;
- remote_page: pulled pages, checked then applied, and the quarantine;
- audit: the hash-chained local audit log; check: ``odesk check``.

The methods below only forward; their parts document them. Thread safety: one connection
(``check_same_thread=False``) guarded by an RLock that every public method takes, so the GUI may
call a Store from its UI thread and from worker threads at once; calls are serialised, never
interleaved inside a transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from odesk import vault
from odesk.store import lifecycle
from odesk.store.audit import Audit
from odesk.store.connection import Db
from odesk.store.errors import StoreError
from odesk.store.heads import Heads
from odesk.store.identity import Identity
from odesk.store.lifecycle import DB_NAME, VAULT_NAME
from odesk.store.outbox import Outbox
from odesk.store.records import Records

if TYPE_CHECKING:
    from sqlite_utils import Database

    from odesk.core.merge import Resolution
    from odesk.store.checkreport import CheckReport
    from odesk.store.edits import Edits
    from odesk.store.remote_page import Pulled, RemotePage
    from odesk.store.summaries import NetworkSummary

__all__ = ["DB_NAME", "VAULT_NAME", "Store"]


class Store:
    """An unlocked store. Make one with Store.create or Store.open; close() locks it."""

    def __init__(self, data_dir: Path, db: Db) -> None:
        self.data_dir = data_dir
        self._db = db
        self._heads = Heads(db)
        self._identity = Identity(db, self._heads)
        self._audit = Audit(db)
        self._records = Records(db, self._heads)
        self._outbox = Outbox(db, self._heads, self._audit)
        self._keys = lifecycle.Keys(db, data_dir, self._audit)
        with db.guard():
            self._identity.load()

    # The write side is built on the first write or pulled page: odesk.store.edits and
    # odesk.store.remote_page bring the record rules (odesk.core.integrity and the rules it
    # checks), which opening a store and reading it (the desktop app's start-up) never use.

    @cached_property
    def _edits(self) -> Edits:
        from odesk.store.edits import Edits

        return Edits(self._db, self._identity, self._heads, self._outbox, self._audit)

    @cached_property
    def _pulled(self) -> Pulled:
        from odesk.store.remote_page import Pulled

        return Pulled(self._db, self._identity, self._heads)

    @property
    def db(self) -> Database:
        """sqlite-utils view of the same connection, for migrations and tests; outside code
        should use the methods, which take the lock and keep every write in one transaction."""
        return self._db.sqlite_utils

    @property
    def store_id(self) -> str:
        return self._identity.store_id

    @property
    def user_id(self) -> str:
        return self._identity.user_id

    @property
    def device_id(self) -> str:
        return self._identity.device_id

    # --- files and lifecycle (odesk.store.lifecycle) -------------------------------------------

    db_path = staticmethod(lifecycle.db_path)
    vault_path = staticmethod(lifecycle.vault_path)
    exists = staticmethod(lifecycle.exists)
    wipe_dir = staticmethod(lifecycle.wipe_dir)

    @classmethod
    def create(
        cls,
        data_dir: Path | str,
        passphrase: str,
        *,
        kdf_params: vault.KdfParams | None = None,
        allow_weak_kdf: bool = False,
    ) -> Store:
        """Make a new encrypted store in data_dir; never overwrites any part of an existing one.

        vault.json appears last (renamed from vault.json.creating), so a crash part-way through
        leaves no store at all: the next create clears the unfinished attempt and starts again.
        """
        return lifecycle.create(cls, Path(data_dir), passphrase, kdf_params, allow_weak_kdf)

    @classmethod
    def open(
        cls,
        data_dir: Path | str,
        passphrase: str,
        *,
        allow_weak_kdf: bool = False,
        kdf_target: vault.KdfParams | None = None,
    ) -> Store:
        """Unlock an existing store (audited). Fails closed and changes nothing on any error.

        KDF parameters below ``kdf_target`` (default DEFAULT_PARAMS, or none with allow_weak_kdf)
        are raised by re-wrapping the key once the database has proved readable.
        """
        return lifecycle.open_store(cls, Path(data_dir), passphrase, allow_weak_kdf, kdf_target)

    @classmethod
    def open_with_recovery(
        cls,
        data_dir: Path | str,
        recovery_key: str,
        new_passphrase: str,
        *,
        kdf_params: vault.KdfParams | None = None,
        allow_weak_kdf: bool = False,
    ) -> Store:
        """Unlock with the printed recovery key and set a new passphrase (audited)."""
        return lifecycle.recover(
            cls,
            Path(data_dir),
            lambda path: vault.unlock_with_recovery(path, recovery_key),
            new_passphrase,
            "recover",
            kdf_params,
            allow_weak_kdf,
        )

    @classmethod
    def open_with_trust_key(
        cls,
        data_dir: Path | str,
        private_key: bytes,
        new_passphrase: str,
        *,
        kdf_params: vault.KdfParams | None = None,
        allow_weak_kdf: bool = False,
    ) -> Store:
        """Unlock with the trust's X25519 recovery private key and set a new passphrase."""
        return lifecycle.recover(
            cls,
            Path(data_dir),
            lambda path: vault.unlock_with_trust_key(path, private_key),
            new_passphrase,
            "recover_trust",
            kdf_params,
            allow_weak_kdf,
        )

    @property
    def closed(self) -> bool:
        return self._db.closed

    @property
    def enrolled(self) -> bool:
        """True once set_identity has replaced the placeholder user id."""
        return self._identity.enrolled

    def close(self) -> None:
        """Lock the store (audited): the connection is closed and the key dropped."""
        with self._db.lock:
            if self._db.closed:
                return
            with contextlib.suppress(StoreError):
                self.audit("lock")
            self._close_connection()

    def _close_connection(self) -> None:
        """Close without the audit entry (a failed open, a revoked device, a simulated crash)."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wipe(self) -> None:
        """Revoked device: close without ceremony and delete every file of the store."""
        self._close_connection()
        lifecycle.wipe_dir(self.data_dir)

    def change_passphrase(
        self,
        old: str,
        new: str,
        *,
        kdf_params: vault.KdfParams | None = None,
        allow_weak_kdf: bool = False,
    ) -> None:
        """Re-wrap the data key under a new passphrase (audited); the database is unchanged."""
        self._keys.change_passphrase(old, new, kdf_params, allow_weak_kdf)

    def add_trust_recovery(self, public_key: bytes, key_id: str) -> None:
        """Wrap the data key for the trust's X25519 recovery public key (audited)."""
        self._keys.add_trust_recovery(public_key, key_id)

    def make_recovery_key(self) -> str:
        """Add a printed recovery key (a second wrap of the data key); returns it to show once."""
        return self._keys.make_recovery_key()

    # --- transactions and meta (odesk.store.connection) ----------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group several writes into one transaction: all of them are kept, or none."""
        with self._db.tx():
            yield self

    def changes(self) -> tuple[int, int]:
        """A mark of what has been written: equal twice, nothing was written in between, by this
        store (SQLite's total_changes of its connection) or another process (data_version). A
        screen that read earlier need not read again while it holds."""
        with self._db.guard() as conn:
            return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]

    def meta_get(self, key: str, default: Any = None) -> Any:
        """A JSON value kept inside the encrypted database (sync cursor, token, policy, ...)."""
        with self._db.guard():
            value = self._db.meta_read(key)
            return default if value is None else value

    def meta_set(self, key: str, value: Any) -> None:
        with self._db.tx():
            self._db.meta_put(key, value)

    # --- audit (odesk.store.audit) -------------------------------------------------------------

    def audit(self, action: str, record_id: str | None = None) -> dict:
        """Append an entry to the hash-chained local audit log (unlock, lock, view, sign, ...)."""
        return self._audit.audit(action, record_id)

    def audit_entries(self, after_seq: int = 0, limit: int | None = None) -> list[dict]:
        return self._audit.entries(after_seq, limit)

    # --- reading records (odesk.store.records) -------------------------------------------------

    def get(self, record_id: str) -> dict | None:
        """The record's current merged view; None when unknown or deleted."""
        return self._records.get(record_id)

    def resolution(self, record_id: str) -> Resolution:
        return self._records.resolution(record_id)

    def history(self, record_id: str) -> list[dict]:
        """Every revision of a record, oldest first."""
        return self._records.history(record_id)

    def records(self, kind: str, **equals: Any) -> list[dict]:
        """Current views of live records of a kind, with optional top-level field equality."""
        return self._records.records(kind, **equals)

    def network_summaries(self, limit: int | None = None, offset: int = 0) -> list[NetworkSummary]:
        """The network list's rows, newest referral first (odesk.store.summaries)."""
        return self._records.network_summaries(limit, offset)

    def fields(self, kind: str, paths: Sequence[str], **equals: str) -> list[tuple[Any, ...]]:
        """Chosen fields of live records of a kind, as tuples, parsed by SQLite (no whole
        record read in Python); optional top-level text field equality."""
        return self._records.fields(kind, paths, **equals)

    def flagged_records(self, kind: str, path: str) -> list[dict]:
        """Live records of a kind whose field at a dotted path is true."""
        return self._records.flagged_records(kind, path)

    def conflicts(self) -> list[str]:
        return self._records.conflicts()

    def record_ids(
        self,
        kind: str | None = None,
        *,
        include_deleted: bool = False,
        network_id: str | None = None,
    ) -> list[str]:
        return self._records.record_ids(
            kind, include_deleted=include_deleted, network_id=network_id
        )

    def search(
        self,
        text: str,
        limit: int = 50,
        *,
        kinds: Iterable[str] | None = None,
        network_id: str | None = None,
        start: str = "[",
        end: str = "]",
    ) -> list[dict]:
        """Full-text search over names and note text: [{record_id, kind, network_id, snippet}]."""
        return self._records.search(
            text, limit, kinds=kinds, network_id=network_id, start=start, end=end
        )

    # --- writing records (odesk.store.edits) ---------------------------------------------------

    def save(self, record: dict) -> dict:
        """Store a local edit and return the stored revision (see Edits.save)."""
        return self._edits.save(record)

    def delete(self, record_id: str) -> dict:
        """Write a tombstone revision whose parents are every leaf; returns it."""
        return self._edits.delete(record_id)

    def import_revisions(self, revisions: Iterable[dict]) -> int:
        """Add complete revisions as this device's own changes; returns how many were new."""
        return self._edits.import_revisions(revisions)

    # --- the outbox (odesk.store.outbox) -------------------------------------------------------

    def outbox_pending(self, limit: int = 500, *, for_sending: bool = True) -> list[dict]:
        """Local revisions not yet acknowledged by the server, oldest first."""
        return self._outbox.pending(limit, for_sending=for_sending)

    def outbox_take(self, after_seq: int, limit: int) -> list[tuple[str, int, str]]:
        """For push: waiting changes after ``after_seq`` as (change_id, device_seq, stored JSON),
        marked in flight as they are read (see Outbox.take)."""
        return self._outbox.take(after_seq, limit)

    def outbox_counts(self) -> dict[str, int]:
        """Outbox entries by state: pending, inflight, sent, rejected."""
        return self._outbox.counts()

    def pending_count(self) -> int:
        """Changes waiting to sync (pending or in flight)."""
        counts = self._outbox.counts()
        return counts["pending"] + counts["inflight"]

    def mark_inflight(self, change_ids: Iterable[str]) -> None:
        self._outbox.mark_inflight(change_ids)

    def mark_acknowledged(self, results: Iterable[dict]) -> None:
        self._outbox.mark_acknowledged(results)

    def rejected(self) -> list[dict]:
        return self._outbox.rejected()

    def withdraw_refused(self, record_id: str) -> dict | None:
        return self._outbox.withdraw_refused(record_id)

    def withdrawn(self, record_id: str | None = None) -> list[dict]:
        return self._outbox.withdrawn(record_id)

    def requeue_above(self, device_seq: int) -> int:
        return self._outbox.requeue_above(device_seq)

    # --- pulled pages (odesk.store.remote_page) and identity -----------------------------------

    def apply_remote(self, changes: Iterable[dict] | RemotePage, cursor: Any) -> set[str]:
        """Add pulled revisions and save the new cursor (meta "cursor") in one transaction."""
        return self._pulled.apply(changes, cursor)

    def quarantined(self) -> list[dict]:
        return self._pulled.quarantined()

    def quarantine(self, record: Any, reason: str, server_seq: int | None = None) -> None:
        self._pulled.quarantine(record, reason, server_seq)

    def set_identity(self, user_id: str, device_id: str) -> None:
        """At enrolment: the server's ids replace the placeholders in unsent revisions."""
        self._identity.set_identity(user_id, device_id)

    # --- checking (odesk.store.check) ----------------------------------------------------------

    def check(self) -> CheckReport:
        """Verify SQLCipher page authentication, SQLite structure and the audit chain; count
        pending, rejected and conflicting records."""
        from odesk.store.check import check_store

        return check_store(self, self._db, self._heads)
