"""The encrypted local store: one SQLCipher database (odesk.db) keyed by the vault's data key.

Every record write stores the revision, recomputes the record's head with core.merge.resolve,
appends the outbox entry and refreshes the full-text index in ONE transaction. A revision that
has never been offered to the server is amended in place (autosave); once pushed, the next edit
makes a new revision.

Thread safety: a Store holds one connection (``check_same_thread=False``) guarded by an RLock;
every public method takes the lock, so the GUI may call a Store from its UI thread and from
worker threads at once. Calls are serialised, never interleaved inside a transaction.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3

from odesk import vault
from odesk.core.clinical_rules import clinical_fault, standing_faults
from odesk.core.files import fsync_dir
from odesk.core.hlc import HybridClock, parse_hlc
from odesk.core.ids import new_id, utc_now
from odesk.core.integrity import (
    CORRECTION_UNSIGNED,
    correction_fault,
    effective_meeting,
    frozen_meeting_fault,
    is_signed_note,
    note_fault,
)
from odesk.core.merge import Resolution, resolve
from odesk.core.records import (
    KINDS,
    ValidationError,
    content_of,
    network_id_of,
    validate,
)
from odesk.core.reference_rules import meeting_fault, scale_fault
from odesk.core.revision_rules import MAX_CLOCK_SKEW, metadata_fault
from odesk.core.revs import generation, new_rev
from odesk.store import schema, summaries
from odesk.store.audit import GENESIS, entry_hash, verify_chain
from odesk.store.connection import connect, looks_plaintext
from odesk.store.errors import (
    AlreadyExists,
    InvalidEdit,
    NotAStore,
    StoreClosed,
    StoreCorrupt,
    StoreError,
    WrongPassphrase,
)
from odesk.store.remote_page import RemotePage, dumps, prepare_remote
from odesk.store.textindex import fts_query, index_text

if TYPE_CHECKING:
    from sqlite_utils import Database

    from odesk.store.checkreport import CheckReport

DB_NAME = "odesk.db"
VAULT_NAME = "vault.json"
CREATING_NAME = VAULT_NAME + ".creating"
_DB_SIDE_FILES = (DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal")
_ACTION_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
_FIELD_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_ACK_STATUSES = {"applied", "duplicate", "conflict"}
_MAX_BOUND_VALUES = 32766  # SQLite's default SQLITE_MAX_VARIABLE_NUMBER (3.32 and later)


# One JSON form for everything stored, so a pulled revision's text can serve as its head too.
_dumps = dumps

_REVISION_COLUMNS = "revisions(rev, record_id, kind, generation, hlc, deleted, local, server_seq, received_at, json)"


def _revision_row(
    revision: dict, local: bool, server_seq: int | None, received_at: str, text: str
) -> tuple[Any, ...]:
    """A `revisions` row (columns as _REVISION_COLUMNS); ``text`` is the revision's stored JSON."""
    return (
        revision["rev"],
        revision["id"],
        revision["kind"],
        generation(revision["rev"]),
        revision["hlc"],
        int(bool(revision.get("deleted"))),
        int(local),
        server_seq,
        received_at,
        text,
    )


@contextlib.contextmanager
def _vault_errors() -> Iterator[None]:
    """Present vault failures as store errors (the vault's own classes stay catchable too)."""
    try:
        yield
    except vault.WrongPassphrase as exc:
        raise WrongPassphrase(str(exc)) from None
    except vault.VaultMissing as exc:
        raise StoreCorrupt(f"{exc}: the store's key is missing (restore vault.json)") from None
    except vault.VaultCorrupt as exc:
        raise StoreCorrupt(str(exc)) from None
    except vault.VaultError as exc:
        raise StoreError(str(exc)) from None
    except OSError as exc:
        raise StoreError(f"cannot write {exc.filename or 'the store'}: {exc.strerror}") from None


def _replace_ids(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_replace_ids(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _replace_ids(v, mapping) for k, v in value.items()}
    return value


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _revision_label(record: Any) -> str:
    """ "record <id> rev <rev>" of a kept revision, whatever shape it came in."""
    if not isinstance(record, dict):
        return "a received change that is not a record"
    return f"record {str(record.get('id'))[:64]} rev {str(record.get('rev'))[:64]}"


def _unappliable(record: dict, owner: str | None, owner_of: dict[str, str]) -> str | None:
    """Why a pulled revision cannot join this store's revisions (it is quarantined), or None.

    ``owner``: the record already holding the revision's rev here; ``owner_of``: rev -> record
    for every rev held (or added earlier in the page) that the page names."""
    record_id = record["id"]
    if owner is not None:
        # Revisions are kept by rev: applying it would hide one of the two records.
        return f"record {record_id}: rev {record['rev']} is already a revision of record {owner}"
    for parent in record["parent_revs"]:
        if owner_of.get(parent) != record_id:
            return f"record {record_id}: parent {parent} is not a revision of this record held here"
    return None


class Store:
    """An unlocked store. Make one with Store.create or Store.open; close() locks it."""

    def __init__(self, data_dir: Path, conn: sqlcipher3.Connection, dek: bytes) -> None:
        self.data_dir = data_dir
        self._conn: sqlcipher3.Connection | None = conn
        self._dek = dek
        self._lock = threading.RLock()
        self.store_id = ""
        self.user_id = ""
        self.device_id = ""
        self._clock = HybridClock("local")

    @functools.cached_property
    def db(self) -> Database:
        """sqlite-utils view of the same connection, for migrations and tests; outside code
        should use the methods, which take the lock and keep every write in one transaction.
        Made on first use: opening a store at the current schema never needs it, and importing
        sqlite-utils costs the app's start-up about 40 ms."""
        from sqlite_utils import Database

        return Database(self._conn_or_raise(), execute_plugins=False)

    # --- files and lifecycle -----------------------------------------------------------------

    @staticmethod
    def db_path(data_dir: Path | str) -> Path:
        return Path(data_dir) / DB_NAME

    @staticmethod
    def vault_path(data_dir: Path | str) -> Path:
        return Path(data_dir) / VAULT_NAME

    @staticmethod
    def exists(data_dir: Path | str) -> bool:
        """True when a store (or a damaged part of one) is here, so create would refuse."""
        if Store.vault_path(data_dir).exists():
            return True
        return Store.db_path(data_dir).exists() and not (Path(data_dir) / CREATING_NAME).exists()

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
        data_dir = Path(data_dir)
        db_path, vault_path = cls.db_path(data_dir), cls.vault_path(data_dir)
        staging = data_dir / CREATING_NAME
        if vault_path.exists():
            raise AlreadyExists(f"a store already exists in {data_dir}; refusing to replace it")
        if db_path.exists() and not staging.exists():
            raise AlreadyExists(f"{db_path} already exists; refusing to replace it")
        if staging.exists():
            cls._remove_unfinished(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot create {data_dir}: {exc.strerror}") from None
        with _vault_errors():
            dek = vault.create_vault(
                staging,
                passphrase,
                kdf_params or vault.DEFAULT_PARAMS,
                allow_weak=allow_weak_kdf,
            )
            store_id = vault.store_id_of(staging)
        store: Store | None = None
        try:
            # Made private before SQLite writes a byte; its -wal and -shm take the same mode.
            os.close(os.open(db_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            conn = connect(db_path, dek, create=True)
            store = cls(data_dir, conn, dek)
            with store._tx():
                store._migrate()
                placeholder_user, placeholder_device = new_id(), new_id()
                for key, value in (
                    ("store_id", store_id),
                    ("created_at", utc_now()),
                    ("user_id", placeholder_user),
                    ("device_id", placeholder_device),
                    ("placeholder_user_id", placeholder_user),
                    ("placeholder_device_id", placeholder_device),
                ):
                    store._meta_put(key, value)
                store._load_identity()
                store._append_audit("create", None)
                store._append_audit("unlock", None)
            with _vault_errors():
                os.replace(staging, vault_path)
                fsync_dir(data_dir)
        except BaseException:
            # A half-made store must not be mistaken for a real one later.
            if store is not None:
                store._close_connection()
            cls._remove_unfinished(data_dir)
            raise
        return store

    @classmethod
    def _remove_unfinished(cls, data_dir: Path) -> None:
        """Delete what an interrupted create left (it never held a record: create had not
        returned)."""
        for name in (DB_NAME, *_DB_SIDE_FILES, CREATING_NAME):
            with contextlib.suppress(OSError):
                (data_dir / name).unlink()

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
        data_dir = Path(data_dir)
        db_path, vault_path = cls._check_files(data_dir)
        with _vault_errors():
            dek = vault.unlock_vault(vault_path, passphrase, allow_weak=True, upgrade=False)
            vault_store_id = vault.store_id_of(vault_path)
        store = cls._open_with_dek(data_dir, dek, vault_store_id)
        try:
            with _vault_errors():
                vault.upgrade_params(
                    vault_path, passphrase, dek, kdf_target, allow_weak=allow_weak_kdf
                )
            store._remove_stale_vault_temps()
            store.audit("unlock")
        except BaseException:
            store._close_connection()
            raise
        return store

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
        return cls._recover(
            data_dir,
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
        return cls._recover(
            data_dir,
            lambda path: vault.unlock_with_trust_key(path, private_key),
            new_passphrase,
            "recover_trust",
            kdf_params,
            allow_weak_kdf,
        )

    @classmethod
    def _recover(
        cls,
        data_dir: Path | str,
        unwrap: Callable[[Path], bytes],
        new_passphrase: str,
        action: str,
        kdf_params: vault.KdfParams | None,
        allow_weak_kdf: bool,
    ) -> Store:
        data_dir = Path(data_dir)
        db_path, vault_path = cls._check_files(data_dir)
        with _vault_errors():
            dek = unwrap(vault_path)
            vault_store_id = vault.store_id_of(vault_path)
        store = cls._open_with_dek(data_dir, dek, vault_store_id)
        try:
            with _vault_errors():
                vault.set_passphrase(
                    vault_path, dek, new_passphrase, params=kdf_params, allow_weak=allow_weak_kdf
                )
            store.audit(action)
        except BaseException:
            store._close_connection()
            raise
        return store

    @classmethod
    def _check_files(cls, data_dir: Path) -> tuple[Path, Path]:
        db_path, vault_path = cls.db_path(data_dir), cls.vault_path(data_dir)
        has_db, has_vault = db_path.is_file(), vault_path.is_file()
        if not has_db and not has_vault:
            raise NotAStore(f"there is no odesk store in {data_dir}")
        if has_db and looks_plaintext(db_path):
            raise NotAStore(
                f"{db_path} is a plain, unencrypted SQLite database, not an odesk store; refusing it"
            )
        if not has_vault and (data_dir / CREATING_NAME).exists():
            raise NotAStore(f"creating the store in {data_dir} was interrupted; create it again")
        if not has_vault:
            raise StoreCorrupt(
                f"{vault_path} is missing, so {db_path} cannot be unlocked; restore vault.json"
                " from a backup (a new store is never made in its place)"
            )
        if not has_db:
            raise StoreCorrupt(
                f"{db_path} is missing but {vault_path} is present; restore odesk.db from a"
                " backup (a new store is never made in its place)"
            )
        return db_path, vault_path

    @classmethod
    def _open_with_dek(cls, data_dir: Path, dek: bytes, vault_store_id: str) -> Store:
        conn = connect(cls.db_path(data_dir), dek, create=False)
        store = cls(data_dir, conn, dek)
        try:
            with store._guard():
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    raise StoreCorrupt(f"{cls.db_path(data_dir)} holds no odesk data")
                if version > schema.SCHEMA_VERSION:
                    raise StoreError(
                        f"this store was written by a newer odesk (schema {version});"
                        " update odesk to open it"
                    )
                if store._meta_read("store_id") != vault_store_id:
                    raise StoreCorrupt("vault.json and odesk.db belong to different stores")
            if version < schema.SCHEMA_VERSION:
                with store._tx():
                    store._migrate()
            with store._guard():
                store._load_identity()
        except BaseException:
            store._close_connection()
            raise
        return store

    def _remove_stale_vault_temps(self) -> None:
        """A vault write cut short by a crash leaves its temp file; it is never needed again."""
        for path in self.data_dir.glob(f".{VAULT_NAME}.*.tmp"):
            with contextlib.suppress(OSError):
                path.unlink()

    def _load_identity(self) -> None:
        self.store_id = self._meta_read("store_id") or ""
        self.user_id = self._meta_read("user_id") or ""
        self.device_id = self._meta_read("device_id") or ""
        self._clock = HybridClock(self.device_id or "local")
        row = self._conn_or_raise().execute("SELECT max(hlc) FROM revisions").fetchone()
        if row and row[0]:
            self._clock.observe(row[0])

    def _migrate(self) -> None:
        conn = self._conn_or_raise()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number, migration in enumerate(schema.MIGRATIONS, start=1):
            if number > version:
                migration(self.db)
                conn.execute(f"PRAGMA user_version = {number}")

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def enrolled(self) -> bool:
        """True once set_identity has replaced the placeholder user id."""
        return self.user_id != self.meta_get("placeholder_user_id")

    def close(self) -> None:
        """Lock the store (audited): the connection is closed and the key dropped."""
        with self._lock:
            if self._conn is None:
                return
            with contextlib.suppress(StoreError):
                self.audit("lock")
            self._close_connection()

    def _close_connection(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlcipher3.Error):
                    self._conn.close()
            self._conn = None
            self._dek = b""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wipe(self) -> None:
        """Revoked device: close without ceremony and delete every file of the store."""
        self._close_connection()
        Store.wipe_dir(self.data_dir)

    @staticmethod
    def wipe_dir(data_dir: Path | str) -> None:
        """Delete odesk.db, its -wal/-shm, and vault.json (overwritten first: it holds the wrap)."""
        data_dir = Path(data_dir)
        vault_path = data_dir / VAULT_NAME
        if vault_path.is_file():
            with contextlib.suppress(OSError), open(vault_path, "r+b") as handle:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(0)
                handle.write(os.urandom(size))
                handle.flush()
                os.fsync(handle.fileno())
        leftovers = list(data_dir.glob(f".{VAULT_NAME}.*.tmp")) if data_dir.is_dir() else []
        for path in (
            vault_path,
            data_dir / CREATING_NAME,
            data_dir / DB_NAME,
            *(data_dir / n for n in _DB_SIDE_FILES),
            *leftovers,
        ):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def change_passphrase(
        self,
        old: str,
        new: str,
        *,
        kdf_params: vault.KdfParams | None = None,
        allow_weak_kdf: bool = False,
    ) -> None:
        """Re-wrap the data key under a new passphrase (audited); the database is unchanged."""
        with self._lock:
            self._conn_or_raise()
            with _vault_errors():
                vault.change_passphrase(
                    self.vault_path(self.data_dir),
                    old,
                    new,
                    params=kdf_params,
                    allow_weak=allow_weak_kdf,
                )
            self.audit("passwd")

    def add_trust_recovery(self, public_key: bytes, key_id: str) -> None:
        """Wrap the data key for the trust's X25519 recovery public key (audited)."""
        with self._lock:
            self._conn_or_raise()
            with _vault_errors():
                vault.add_trust_recovery(
                    self.vault_path(self.data_dir), self._dek, public_key, key_id
                )
            self.audit("trust_recovery")

    def make_recovery_key(self) -> str:
        """Add a printed recovery key (a second wrap of the data key); returns it to show once."""
        with self._lock:
            self._conn_or_raise()
            with _vault_errors():
                key = vault.make_recovery_key(self.vault_path(self.data_dir), self._dek)
            self.audit("recovery_key")
            return key

    # --- transactions and error mapping -----------------------------------------------------------

    def _conn_or_raise(self) -> sqlcipher3.Connection:
        if self._conn is None:
            raise StoreClosed("the store is locked")
        return self._conn

    @contextlib.contextmanager
    def _guard(self) -> Iterator[sqlcipher3.Connection]:
        with self._lock:
            conn = self._conn_or_raise()
            try:
                yield conn
            except sqlcipher3.OperationalError as exc:
                raise StoreError(f"the database could not be used: {exc}") from None
            except sqlcipher3.IntegrityError as exc:
                raise StoreError(f"the database refused a write: {exc}") from None
            except sqlcipher3.DatabaseError as exc:
                raise StoreCorrupt(f"odesk.db is damaged: {exc}") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group several writes into one transaction: all of them are kept, or none."""
        with self._tx():
            yield self

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlcipher3.Connection]:
        with self._guard() as conn:
            if conn.in_transaction:
                savepoint = f"sp_{new_id().replace('-', '')}"
                conn.execute(f"SAVEPOINT {savepoint}")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                        conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                    raise
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                summaries.flush(conn)  # the network list's rows follow, in the same transaction
                conn.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails (disk full, busy): never leave a dangling
                # transaction that later writes would silently join.
                if conn.in_transaction:
                    conn.rollback()
                raise

    # --- meta -----------------------------------------------------------------------------------

    def _meta_read(self, key: str) -> Any:
        row = (
            self._conn_or_raise().execute("SELECT json FROM meta WHERE key = ?", (key,)).fetchone()
        )
        return json.loads(row[0]) if row else None

    def _meta_put(self, key: str, value: Any) -> None:
        self._conn_or_raise().execute(
            "INSERT INTO meta(key, json) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET json = excluded.json",
            (key, _dumps(value)),
        )

    def meta_get(self, key: str, default: Any = None) -> Any:
        """A JSON value kept inside the encrypted database (sync cursor, token, policy, ...)."""
        with self._guard():
            value = self._meta_read(key)
            return default if value is None else value

    def meta_set(self, key: str, value: Any) -> None:
        with self._tx():
            self._meta_put(key, value)

    # --- audit ----------------------------------------------------------------------------------

    def _append_audit(self, action: str, record_id: str | None) -> dict:
        conn = self._conn_or_raise()
        row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (row[0] + 1, row[1]) if row else (1, GENESIS)
        at = utc_now()
        digest = entry_hash(prev_hash, seq, at, action, record_id)
        conn.execute(
            "INSERT INTO audit(seq, at, action, record_id, prev_hash, hash) VALUES (?,?,?,?,?,?)",
            (seq, at, action, record_id, prev_hash, digest),
        )
        return {
            "seq": seq,
            "at": at,
            "action": action,
            "record_id": record_id,
            "prev_hash": prev_hash,
            "hash": digest,
        }

    def audit(self, action: str, record_id: str | None = None) -> dict:
        """Append an entry to the hash-chained local audit log (unlock, lock, view, sign, ...)."""
        if not isinstance(action, str) or not _ACTION_RE.match(action):
            raise StoreError(f"not an audit action: {action!r}")
        if record_id is not None and not isinstance(record_id, str):
            raise StoreError("audit record_id must be a string")
        with self._tx():
            return self._append_audit(action, record_id)

    def audit_entries(self, after_seq: int = 0, limit: int | None = None) -> list[dict]:
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT seq, at, action, record_id, prev_hash, hash FROM audit WHERE seq > ?"
                " ORDER BY seq LIMIT ?",
                (int(after_seq), -1 if limit is None else int(limit)),
            ).fetchall()
        keys = ("seq", "at", "action", "record_id", "prev_hash", "hash")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    # --- reading records ------------------------------------------------------------------------

    def _revisions_of(self, record_id: str) -> list[dict]:
        rows = (
            self._conn_or_raise()
            .execute(
                "SELECT json FROM revisions WHERE record_id = ? ORDER BY generation, hlc, rev",
                (record_id,),
            )
            .fetchall()
        )
        return [json.loads(r[0]) for r in rows]

    def get(self, record_id: str) -> dict | None:
        """The record's current merged view; None when unknown or deleted."""
        with self._guard() as conn:
            row = conn.execute(
                "SELECT head FROM records WHERE id = ? AND deleted = 0", (record_id,)
            ).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def resolution(self, record_id: str) -> Resolution:
        """Leaves, conflict state and flags of a record, computed by core.merge.resolve."""
        with self._guard():
            return resolve(self._revisions_of(record_id))

    def history(self, record_id: str) -> list[dict]:
        """Every revision of a record, oldest first."""
        with self._guard():
            return self._revisions_of(record_id)

    def list(self, kind: str, **equals: Any) -> builtins.list[dict]:
        """Current views of live records of a kind, with optional top-level field equality."""
        if kind not in KINDS:
            raise StoreError(f"not a record kind: {kind!r}")
        sql = "SELECT head FROM records WHERE kind = ? AND deleted = 0"
        params: builtins.list[Any] = [kind]
        for key, want in equals.items():
            if not _FIELD_RE.match(key):
                raise StoreError(f"not a field name: {key!r}")
            if key == "network_id" and kind != "network":
                sql += " AND network_id IS ?"
                params.append(want)
            elif isinstance(want, str):
                # Narrow in SQL; the exact comparison below still decides.
                sql += f" AND json_extract(head, '$.{key}') = ?"
                params.append(want)
        sql += " ORDER BY num"
        with self._guard() as conn:
            rows = conn.execute(sql, params).fetchall()
        views = [json.loads(r[0]) for r in rows]
        if equals:
            views = [v for v in views if all(v.get(k) == want for k, want in equals.items())]
        return views

    def network_summaries(
        self, limit: int | None = None, offset: int = 0
    ) -> builtins.list[summaries.NetworkSummary]:
        """The network list's rows (odesk.store.summaries): live networks, newest referral
        first, read from one table kept up to date by every write; ``limit``/``offset`` page."""
        with self._guard() as conn:
            if conn.in_transaction:
                summaries.flush(conn)
            return summaries.read(conn, limit, offset)

    def list_flagged(self, kind: str, path: str) -> builtins.list[dict]:
        """Current views of live records of a kind whose field at a dotted path is true.

        For flags that must be found among many records without reading each one in Python,
        e.g. notes with ``safety.safeguarding_concern``.
        """
        if kind not in KINDS:
            raise StoreError(f"not a record kind: {kind!r}")
        if not all(_FIELD_RE.match(part) for part in path.split(".")):
            raise StoreError(f"not a field path: {path!r}")
        sql = (
            "SELECT head FROM records WHERE kind = ? AND deleted = 0"
            f" AND json_extract(head, '$.{path}') = 1 ORDER BY num"
        )
        with self._guard() as conn:
            rows = conn.execute(sql, (kind,)).fetchall()
        views = [json.loads(r[0]) for r in rows]
        return [v for v in views if _at_path(v, path) is True]

    def conflicts(self) -> builtins.list[str]:
        """Ids of records in conflict (more than one leaf a person must reconcile)."""
        with self._guard() as conn:
            rows = conn.execute("SELECT id FROM records WHERE conflict = 1 ORDER BY num").fetchall()
        return [r[0] for r in rows]

    def record_ids(
        self,
        kind: str | None = None,
        *,
        include_deleted: bool = False,
        network_id: str | None = None,
    ) -> builtins.list[str]:
        sql = "SELECT id FROM records WHERE 1 = 1"
        params: builtins.list[Any] = []
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        if network_id is not None:  # a network's records (removed ones too, for its history)
            sql += " AND network_id = ?"
            params.append(network_id)
        if not include_deleted:
            sql += " AND deleted = 0"
        with self._guard() as conn:
            return [r[0] for r in conn.execute(sql + " ORDER BY num", params).fetchall()]

    def search(
        self,
        text: str,
        limit: int = 50,
        *,
        kinds: Iterable[str] | None = None,
        network_id: str | None = None,
        start: str = "[",
        end: str = "]",
    ) -> builtins.list[dict]:
        """Full-text search over names and note text: [{record_id, kind, network_id, snippet}].

        Every word must match (as a prefix, any case); best matches first. ``start``/``end``
        mark the matched words in the snippet. Search text is never FTS syntax.
        """
        query = fts_query(text if isinstance(text, str) else "")
        if query is None:
            return []
        sql = (
            "SELECT r.id, r.kind, r.network_id, snippet(fts, 0, ?, ?, '…', 12)"
            " FROM fts JOIN records r ON r.num = fts.rowid WHERE fts MATCH ? AND r.deleted = 0"
        )
        params: builtins.list[Any] = [start, end, query]
        if kinds is not None:
            wanted = builtins.list(kinds)
            sql += f" AND r.kind IN ({', '.join('?' * len(wanted)) or 'NULL'})"
            params.extend(wanted)
        if network_id is not None:
            sql += " AND r.network_id = ?"
            params.append(network_id)
        sql += " ORDER BY rank LIMIT ?"
        params.append(max(1, int(limit)))
        with self._guard() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            {"record_id": r[0], "kind": r[1], "network_id": r[2], "snippet": r[3]} for r in rows
        ]

    # --- writing records ------------------------------------------------------------------------

    def _view_row(
        self,
        record_id: str,
        revisions: builtins.list[dict],
        res: Resolution | None = None,
        head_text: str | None = None,
    ) -> tuple[tuple[Any, ...], str, Resolution]:
        """A record's `records` row (without num), its full-text body and its resolution,
        computed from all its revisions (``res`` when already resolved). ``head_text``: the
        stored JSON of the view when the caller has it (the head revision's own text)."""
        if res is None:
            res = resolve(revisions)
        kind = revisions[-1]["kind"]
        latest = res.record or max(revisions, key=lambda r: (generation(r["rev"]), r["rev"]))
        network_id = network_id_of(latest)
        if network_id is None and kind == "addendum" and latest.get("note_id"):
            row = (
                self._conn_or_raise()
                .execute("SELECT network_id FROM records WHERE id = ?", (latest["note_id"],))
                .fetchone()
            )
            network_id = row[0] if row else None
        body = ""
        head: str | None = None
        if res.record is not None:
            texts = [index_text(res.record)]
            if res.conflict:
                by_rev = {r["rev"]: r for r in revisions}
                texts += [
                    index_text(by_rev[leaf])
                    for leaf in res.leaves
                    if leaf != res.head_rev and not by_rev[leaf].get("deleted")
                ]
            body = "\n".join(t for t in texts if t)
            head = _dumps(res.record) if head_text is None else head_text
        row = (
            record_id,
            kind,
            network_id,
            res.head_rev or None,
            head,
            # A rev is "<generation>-<hex>" (validated), so a lone leaf needs no JSON encoder.
            f'["{res.leaves[0]}"]' if len(res.leaves) == 1 else _dumps(res.leaves),
            int(res.record is None),
            int(res.conflict),
            _dumps(res.conflict_fields) if res.conflict_fields else "[]",
            _dumps(res.flags) if res.flags else "[]",
            latest.get("updated_at"),
        )
        return row, body, res

    def _refresh(self, record_id: str, revisions: builtins.list[dict] | None = None) -> Resolution:
        """Recompute a record's head, leaves and index entry from all its revisions (given when
        the caller already holds them all)."""
        conn = self._conn_or_raise()
        if revisions is None:
            revisions = self._revisions_of(record_id)
        row, body, res = self._view_row(record_id, revisions)
        num = conn.execute(
            "INSERT INTO records(id, kind, network_id, head_rev, head, leaves, deleted, conflict,"
            " conflict_fields, flags, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, network_id = excluded.network_id,"
            " head_rev = excluded.head_rev, head = excluded.head, leaves = excluded.leaves,"
            " deleted = excluded.deleted, conflict = excluded.conflict,"
            " conflict_fields = excluded.conflict_fields, flags = excluded.flags,"
            " updated_at = excluded.updated_at RETURNING num",
            row,
        ).fetchone()[0]
        conn.execute("DELETE FROM fts WHERE rowid = ?", (num,))
        if body:
            conn.execute("INSERT INTO fts(rowid, body) VALUES (?, ?)", (num, body))
        return res

    def _add_new_records(
        self, records: builtins.list[tuple[str, builtins.list[dict]]], texts: dict[str, str]
    ) -> None:
        """Rows and index entries of records this store has never seen, in one executemany each.

        Every revision of such a record arrived in this page, so the head is resolved from them
        in memory: nothing to read back, no upsert, no index entry to remove.
        """
        if not records:
            return
        conn = self._conn_or_raise()
        num = conn.execute("SELECT coalesce(max(num), 0) FROM records").fetchone()[0]
        rows: builtins.list[tuple[Any, ...]] = []
        bodies: builtins.list[tuple[int, str]] = []
        for record_id, revisions in records:
            head_text: str | None = None
            res = resolve(revisions)
            # The view is the head revision unchanged (same keys, same order): reuse its text.
            # A lone live revision always is; otherwise compare.
            if res.record is not None and len(revisions) == 1:
                head_text = texts[res.head_rev]
            elif res.record is not None:
                stored = next((r for r in revisions if r["rev"] == res.head_rev), {})
                if res.record == stored and list(res.record) == list(stored):
                    head_text = texts[res.head_rev]
            row, body, _ = self._view_row(record_id, revisions, res, head_text)
            num += 1
            rows.append((num, *row))
            if body:
                bodies.append((num, body))
        self._insert_all(
            "records(num, id, kind, network_id, head_rev, head, leaves, deleted, conflict,"
            " conflict_fields, flags, updated_at)",
            rows,
        )
        self._insert_all("fts(rowid, body)", bodies)

    def _insert_all(self, target: str, rows: builtins.list[tuple[Any, ...]]) -> None:
        """INSERT many rows of one shape (``target`` names the table and its columns), as few
        multi-row statements as SQLite's limit of bound values allows.

        Not executemany: it gives up and takes back the GIL for every row, and while the pull
        thread validates the next page each take-back waits for a thread switch, so the write
        would barely overlap that work. One statement writes its rows without the GIL.
        """
        if not rows:
            return
        width = len(rows[0])
        per_statement = max(1, _MAX_BOUND_VALUES // width)
        group = "(" + ", ".join("?" * width) + ")"
        conn = self._conn_or_raise()
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            conn.execute(
                f"INSERT INTO {target} VALUES " + ", ".join([group] * len(chunk)),
                [value for row in chunk for value in row],
            )

    def _insert_revision(self, revision: dict, *, local: bool, server_seq: int | None) -> None:
        self._insert_all(
            _REVISION_COLUMNS,
            [_revision_row(revision, local, server_seq, utc_now(), _dumps(revision))],
        )

    def _append_outbox(self, revision: dict) -> None:
        conn = self._conn_or_raise()
        seq = conn.execute("SELECT coalesce(max(device_seq), 0) + 1 FROM outbox").fetchone()[0]
        conn.execute(
            "INSERT INTO outbox(device_seq, rev, record_id, state, created_at)"
            " VALUES (?, ?, ?, 'pending', ?)",
            (seq, revision["rev"], revision["id"], utc_now()),
        )

    def _amendable(self, rev: str, leaves: builtins.list[str]) -> bool:
        if rev not in leaves:
            return False
        row = (
            self._conn_or_raise()
            .execute("SELECT state, pushed FROM outbox WHERE rev = ?", (rev,))
            .fetchone()
        )
        return bool(row) and row[0] == "pending" and row[1] == 0

    def _check_edit_rules(
        self,
        revision: dict,
        history: builtins.list[dict],
        amend: bool,
    ) -> None:
        """The record model's rules for a local edit, refused at once (offline) with the reason
        the server would give (odesk.core.integrity)."""
        record_id, kind = revision["id"], revision["kind"]
        if kind in ("addendum", "meeting_correction") and revision["parent_revs"] and not amend:
            what = "an addendum" if kind == "addendum" else "a meeting correction"
            raise InvalidEdit(f"record {record_id}: {what} never changes once written")
        fault = self._integrity_fault(revision, history, self.user_id)
        if fault is not None:
            raise InvalidEdit(f"record {record_id}: {fault}")

    def _integrity_fault(
        self,
        revision: dict,
        history: builtins.list[dict],
        pusher: str,
        sealed: set[str] | frozenset[str] = frozenset(),
    ) -> str | None:
        """Why ``revision`` may not join ``history`` under the rules of signed notes and frozen
        meetings, written by user ``pusher``; None when it may. ``sealed``: meetings known to
        have a signed note besides those the store's records say."""
        if revision["kind"] == "note":
            return note_fault(revision, history, pusher, datetime.now(UTC))
        if (
            revision["kind"] == "meeting"
            and history
            and (revision["id"] in sealed or self._meeting_sealed(revision))
        ):
            return frozen_meeting_fault(revision, history)
        if revision["kind"] == "meeting_correction" and not history and not revision["deleted"]:
            meeting = {"id": revision.get("meeting_id"), "network_id": revision.get("network_id")}
            if meeting["id"] not in sealed and not self._meeting_sealed(meeting):
                return CORRECTION_UNSIGNED
            facts = self._corrected_meeting(str(meeting["id"]))
            if facts is not None:
                return correction_fault(revision, facts, datetime.now(UTC))
        return None

    def _corrected_meeting(self, meeting_id: str) -> dict | None:
        """The meeting's facts with the corrections this store holds applied (None: unknown).

        A revision the server refused is not part of the meeting's facts (it is what a
        correction is about to replace), so the meeting is resolved without it."""
        conn = self._conn_or_raise()
        refused = {
            r[0]
            for r in conn.execute(
                "SELECT rev FROM outbox WHERE record_id = ? AND state = 'rejected'", (meeting_id,)
            )
        }
        held = [r for r in self._revisions_of(meeting_id) if r["rev"] not in refused]
        meeting = resolve(held).record if held else None
        if meeting is None or meeting.get("kind") != "meeting":
            return None
        corrections = [
            json.loads(r[0])
            for r in conn.execute(
                "SELECT head FROM records WHERE kind = 'meeting_correction' AND deleted = 0"
                " AND json_extract(head, '$.meeting_id') = ?",
                (meeting_id,),
            )
            if r[0]
        ]
        return effective_meeting(meeting, corrections)

    def _meeting_sealed(self, meeting: dict) -> bool:
        """Whether a note of this meeting is signed in any revision this store holds."""
        rows = (
            self._conn_or_raise()
            .execute(
                "SELECT json FROM revisions WHERE kind = 'note' AND deleted = 0 AND record_id IN"
                " (SELECT id FROM records WHERE kind = 'note' AND network_id IS ?)"
                " AND json_extract(json, '$.meeting_id') = ?"
                " AND json_extract(json, '$.state') = 'signed'",
                (meeting.get("network_id"), meeting["id"]),
            )
            .fetchall()
        )
        return any(is_signed_note(json.loads(r[0])) for r in rows)

    def save(self, record: dict) -> dict:
        """Store a local edit and return the stored revision.

        ``record`` holds ``kind`` and the kind's fields. No ``id``: a new record. ``rev``: the
        revision this edit is based on. ``parent_revs`` (different from the base revision's own
        parents, e.g. every leaf of a conflict): a merge revision. Envelope fields given are
        otherwise ignored. Raises core ValidationError for bad fields, InvalidEdit for an edit
        the record model forbids.
        """
        if not isinstance(record, dict):
            raise InvalidEdit("a record must be an object")
        return self._write(record, deleted=bool(record.get("deleted")))

    def delete(self, record_id: str) -> dict:
        """Write a tombstone revision whose parents are every leaf; returns it."""
        with self._tx():
            revisions = self._revisions_of(record_id)
            if not revisions:
                raise InvalidEdit(f"record {record_id}: unknown record")
            res = resolve(revisions)
            if res.record is None:  # already deleted: nothing to add
                return {r["rev"]: r for r in revisions}[res.head_rev or res.leaves[-1]]
            base = res.record
            return self._write(
                {
                    **content_of(base),
                    "id": record_id,
                    "kind": base["kind"],
                    "parent_revs": list(res.leaves),
                },
                deleted=True,
            )

    def _write(self, record: dict, *, deleted: bool) -> dict:
        kind = record.get("kind")
        record_id = record.get("id")
        content = content_of(record)
        with self._tx():
            revisions = self._revisions_of(record_id) if isinstance(record_id, str) else []
            by_rev = {r["rev"]: r for r in revisions}
            res = resolve(revisions) if revisions else None
            base_rev = record.get("rev")
            given_parents = record.get("parent_revs")
            if revisions and revisions[0]["kind"] != kind:
                raise InvalidEdit(f"record {record_id}: kind cannot change")
            if base_rev is not None and base_rev not in by_rev:
                raise InvalidEdit(
                    f"record {record_id or '?'}: rev {base_rev} is not a revision of this record"
                )
            explicit = given_parents is not None and (
                base_rev is None or list(given_parents) != by_rev[base_rev].get("parent_revs")
            )
            if explicit:
                if not isinstance(given_parents, list) or not given_parents:
                    raise InvalidEdit(f"record {record_id}: parent_revs must list revisions")
                unknown = [p for p in given_parents if p not in by_rev]
                if unknown:
                    raise InvalidEdit(
                        f"record {record_id}: parent_revs: {unknown[0]} is not a revision of"
                        " this record"
                    )
                parents = sorted(set(given_parents), key=lambda r: (generation(r), r))
            elif base_rev is not None:
                assert res is not None
                multi = len(res.leaves) > 1
                # An edit of an automatically merged view is a merge of every leaf it shows.
                if multi and not res.conflict and base_rev == res.head_rev:
                    parents = list(res.leaves)
                else:
                    parents = [base_rev]
            elif revisions:
                raise InvalidEdit(
                    f"record {record_id}: rev (the revision this edit is based on) is required"
                )
            elif deleted:
                raise InvalidEdit(f"record {record_id or '?'}: cannot delete an unknown record")
            else:
                parents = []
            if record_id is None:
                record_id = new_id()
            amend = (
                not explicit
                and len(parents) == 1
                and res is not None
                and self._amendable(parents[0], res.leaves)
            )
            now = utc_now()
            first = revisions[0] if revisions else None
            if amend:
                kept = by_rev[parents[0]]
                rev, parent_revs = kept["rev"], kept["parent_revs"]
            else:
                rev, parent_revs = new_rev(parents), parents
            revision = {
                "id": record_id,
                "kind": kind,
                "rev": rev,
                "parent_revs": parent_revs,
                "deleted": deleted,
                "created_at": first["created_at"] if first else now,
                "created_by": first["created_by"] if first else self.user_id,
                "updated_at": now,
                "updated_by": self.user_id,
                "device_id": self.device_id,
                "hlc": self._clock.tick(),
                **content,
            }
            validate(revision)
            self._check_edit_rules(revision, revisions, amend)
            clinical = clinical_fault(revision, [by_rev[p] for p in parent_revs], datetime.now(UTC))
            if clinical is not None:
                raise ValidationError(record_id, *clinical)
            reference = meeting_fault(revision, self._kind_and_network)
            served = self._meta_read("scales") if kind == "rating" else None
            if reference is None and isinstance(served, list):
                # The scales the server serves (kept at enrolment and each sync).
                reference = scale_fault(revision, [s for s in served if isinstance(s, dict)])
            if reference is not None:
                raise ValidationError(record_id, *reference.split(": ", 1))
            if amend:
                self._conn_or_raise().execute(
                    "UPDATE revisions SET json = ?, hlc = ?, deleted = ? WHERE rev = ?",
                    (_dumps(revision), revision["hlc"], int(deleted), rev),
                )
            else:
                self._insert_revision(revision, local=True, server_seq=None)
                self._append_outbox(revision)
            self._refresh(
                record_id,
                [r for r in revisions if r["rev"] != rev] + [revision],
            )
            was_signed = any(by_rev[p].get("state") == "signed" for p in parents)
            if kind == "note" and revision.get("state") == "signed" and not was_signed:
                self._append_audit("sign", record_id)
            return revision

    def import_revisions(self, revisions: Iterable[dict]) -> int:
        """Add complete revisions (an odesk-records file) as this device's own changes (their
        device_id becomes this device's).

        All or nothing: every revision is validated, stored with heads, outbox and index in one
        transaction. A revision already known is skipped. Returns how many were new. Raises
        ValidationError naming the record and field of the first bad one.
        """
        # Each becomes a change this device sends: the server takes a revision's device_id only
        # from the device pushing it (docs/protocol.md), so it is this device's (the enrolled one
        # after set_identity, when imported before enrolment).
        items = [
            {**item, "device_id": self.device_id} if isinstance(item, dict) else item
            for item in revisions
        ]
        for item in items:
            validate(item)
        added = 0
        clock = datetime.now(UTC)
        with self._tx() as conn:
            touched: set[str] = set()
            sealed: set[str] = set()  # meetings a signed note of this file seals
            for item in items:
                row = conn.execute(
                    "SELECT record_id, kind FROM revisions WHERE rev = ?", (item["rev"],)
                ).fetchone()
                if row:
                    if row[0] != item["id"]:
                        raise InvalidEdit(
                            f"record {item['id']}: rev {item['rev']} belongs to record {row[0]}"
                        )
                    continue
                # Who wrote it is the server's to check when it is pushed; its place in the
                # record's history and its clocks are checked here, before anything is kept.
                held = self._revisions_of(item["id"])
                fault = metadata_fault(item, held, user_id=None, device_id=None, now=clock)
                if fault is not None:
                    raise InvalidEdit(f"record {item['id']}: {fault}")
                parents = [r for r in held if r["rev"] in item["parent_revs"]]
                clinical = clinical_fault(item, parents, clock)
                if clinical is not None:
                    raise ValidationError(item["id"], *clinical)
                self._check_kind(item)
                # The file's revisions meet the same rules as an edit: a signed note stays as
                # signed, and a co-signature new to this laptop is this user's own (each imported
                # revision becomes this device's change; whatever its updated_by claims, a
                # colleague's co-signature reaches this laptop only by sync, from her device).
                history = self._revisions_of(item["id"])
                fault = self._integrity_fault(item, history, self.user_id, sealed)
                if fault is None and history and item["kind"] in ("addendum", "meeting_correction"):
                    fault = f"{item['kind'].replace('_', ' ')} never changes once written"
                if fault is not None:
                    raise InvalidEdit(f"record {item['id']}: {fault}")
                if is_signed_note(item) and isinstance(item.get("meeting_id"), str):
                    sealed.add(item["meeting_id"])
                self._insert_revision(item, local=True, server_seq=None)
                self._append_outbox(item)
                self._clock.observe(item["hlc"])
                touched.add(item["id"])
                added += 1
            for record_id in touched:
                self._refresh(record_id)
            if added:
                self._append_audit("import", None)
        return added

    def _kind_and_network(self, record_id: str) -> tuple[str, str | None] | None:
        """(kind, network id) of a record this store holds, or None."""
        row = (
            self._conn_or_raise()
            .execute("SELECT kind, network_id FROM records WHERE id = ?", (record_id,))
            .fetchone()
        )
        return (row[0], row[1]) if row else None

    def _check_kind(self, revision: dict) -> None:
        row = (
            self._conn_or_raise()
            .execute("SELECT kind FROM records WHERE id = ?", (revision["id"],))
            .fetchone()
        )
        if row and row[0] != revision["kind"]:
            raise InvalidEdit(f"record {revision['id']}: kind cannot change")

    # --- sync support ---------------------------------------------------------------------------

    def outbox_pending(self, limit: int = 500, *, for_sending: bool = True) -> builtins.list[dict]:
        """Local revisions not yet acknowledged by the server, oldest first.

        With ``for_sending`` (the default) the revisions handed out are frozen at once: an edit
        made between this call and mark_inflight (autosave on another thread) becomes a new
        revision instead of changing text that may already be on its way to the server.
        """
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT o.rev, o.device_seq, r.json FROM outbox o JOIN revisions r"
                " ON r.rev = o.rev WHERE o.state IN ('pending', 'inflight')"
                " ORDER BY o.device_seq LIMIT ?",
                (max(0, int(limit)),),
            ).fetchall()
            if for_sending and rows:
                conn.executemany(
                    "UPDATE outbox SET pushed = 1 WHERE rev = ?", [(r[0],) for r in rows]
                )
        return [{"change_id": r[0], "device_seq": r[1], "record": json.loads(r[2])} for r in rows]

    def outbox_to_send(self, after_seq: int, limit: int) -> builtins.list[tuple[str, int, str]]:
        """For push: the changes waiting (pending or in flight) made after ``after_seq``, oldest
        first, as (change_id, device_seq, the revision's JSON as stored, to send as it is);
        frozen at once as outbox_pending's are."""
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT o.rev, o.device_seq, r.json FROM outbox o JOIN revisions r"
                " ON r.rev = o.rev WHERE o.state IN ('pending', 'inflight') AND o.device_seq > ?"
                " ORDER BY o.device_seq LIMIT ?",
                (int(after_seq), max(0, int(limit))),
            ).fetchall()
            if rows:
                conn.executemany(
                    "UPDATE outbox SET pushed = 1 WHERE rev = ?", [(r[0],) for r in rows]
                )
        return [(r[0], r[1], r[2]) for r in rows]

    def outbox_counts(self) -> dict[str, int]:
        """Outbox entries by state: pending, inflight, sent, rejected."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT state, count(*) FROM outbox WHERE state IN ('pending', 'inflight')"
                " GROUP BY state"
            ).fetchall()
            rejected = conn.execute(
                "SELECT count(*) FROM outbox WHERE state = 'rejected'"
            ).fetchone()[0]
            total = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
        counts = {"pending": 0, "inflight": 0, "rejected": rejected}
        counts.update({r[0]: r[1] for r in rows})
        counts["sent"] = total - counts["pending"] - counts["inflight"] - rejected
        return counts

    def pending_count(self) -> int:
        """Changes waiting to sync (pending or in flight)."""
        counts = self.outbox_counts()
        return counts["pending"] + counts["inflight"]

    def mark_inflight(self, change_ids: Iterable[str]) -> None:
        """Call before sending: those revisions are no longer amended in place."""
        ids = list(change_ids)
        with self._tx() as conn:
            conn.executemany(
                "UPDATE outbox SET state = 'inflight', pushed = 1"
                " WHERE rev = ? AND state IN ('pending', 'inflight')",
                [(i,) for i in ids],
            )

    def mark_acknowledged(self, results: Iterable[dict]) -> None:
        """Record the server's answers. applied/duplicate/conflict: sent; rejected: kept + reason."""
        now = utc_now()
        sent: builtins.list[tuple[int | None, str, Any]] = []
        numbered: builtins.list[tuple[int, Any]] = []
        refused: builtins.list[tuple[str, str, Any]] = []
        last = {r.get("change_id"): r for r in results if isinstance(r, dict)}  # the last wins
        for result in last.values():
            change_id, status = result.get("change_id"), result.get("status")
            seq = result.get("server_seq")
            seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else None
            if status in _ACK_STATUSES:
                sent.append((seq, now, change_id))
                if seq is not None:
                    numbered.append((seq, change_id))
            elif status == "rejected":
                reason = str(result.get("reason") or "rejected by the server")
                refused.append((reason, now, change_id))
        # In three statement groups: a push answers hundreds of changes at once.
        with self._tx() as conn:
            conn.executemany(
                "UPDATE outbox SET state = 'sent', pushed = 1, reason = NULL,"
                " server_seq = coalesce(?, server_seq), answered_at = ? WHERE rev = ?",
                sent,
            )
            conn.executemany(
                "UPDATE revisions SET server_seq = ? WHERE rev = ? AND local = 1", numbered
            )
            conn.executemany(
                "UPDATE outbox SET state = 'rejected', pushed = 1, reason = ?,"
                " answered_at = ? WHERE rev = ?",
                refused,
            )

    def rejected(self) -> builtins.list[dict]:
        """Local changes the server refused, kept with its reason:
        [{change_id, record_id, rev, reason, kind}] in the order they were made."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT o.rev, o.record_id, o.rev, o.reason, r.kind FROM outbox o"
                " LEFT JOIN records r ON r.id = o.record_id WHERE o.state = 'rejected'"
                " ORDER BY o.device_seq"
            ).fetchall()
        return [
            {"change_id": r[0], "record_id": r[1], "rev": r[2], "reason": r[3], "kind": r[4]}
            for r in rows
        ]

    def withdraw_refused(self, record_id: str) -> dict | None:
        """Take back this device's refused revisions of a record and the local edits built on
        them (the server accepts no revision whose parent it never stored).

        They leave the record's tree and the outbox for the `withdrawn` table, kept with the
        server's reason; the record's view becomes what the server accepted (a record the
        server never accepted disappears from the lists). Returns the latest withdrawn
        revision, whose content a person may send again (`save` it on the current head), or
        None when the record has no refused revision. Refuses while one is being sent.
        """
        with self._tx() as conn:
            refused = dict(
                conn.execute(
                    "SELECT rev, reason FROM outbox WHERE record_id = ? AND state = 'rejected'",
                    (record_id,),
                ).fetchall()
            )
            if not refused:
                return None
            revisions = self._revisions_of(record_id)
            taken = set(refused)
            for revision in revisions:  # oldest first: a descendant comes after its parents
                if taken & set(revision.get("parent_revs") or ()):
                    taken.add(revision["rev"])
            marks = ",".join("?" * len(taken))
            sending = conn.execute(
                f"SELECT count(*) FROM outbox WHERE state = 'inflight' AND rev IN ({marks})",
                list(taken),
            ).fetchone()[0]
            if sending:
                raise StoreError(
                    f"record {record_id}: a change is being sent now; try again after the sync"
                )
            gone = [r for r in revisions if r["rev"] in taken]
            now = utc_now()
            reason = "; ".join(sorted({str(v) for v in refused.values() if v}))
            conn.executemany(
                "INSERT OR REPLACE INTO withdrawn(rev, record_id, kind, reason, withdrawn_at,"
                " json) VALUES (?, ?, ?, ?, ?, ?)",
                [(r["rev"], record_id, r["kind"], reason, now, _dumps(r)) for r in gone],
            )
            conn.execute(f"DELETE FROM outbox WHERE rev IN ({marks})", list(taken))
            conn.execute(f"DELETE FROM revisions WHERE rev IN ({marks})", list(taken))
            kept = [r for r in revisions if r["rev"] not in taken]
            if kept:
                self._refresh(record_id, kept)
            else:
                row = conn.execute("SELECT num FROM records WHERE id = ?", (record_id,)).fetchone()
                if row:
                    conn.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
                    conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
            self._append_audit("withdraw", record_id)
        return max(gone, key=lambda r: (generation(r["rev"]), r.get("hlc") or ""))

    def withdrawn(self, record_id: str | None = None) -> builtins.list[dict]:
        """Revisions taken back after the server refused them, each with `_withdrawn_reason`
        and `_withdrawn_at`, oldest first."""
        sql = "SELECT json, reason, withdrawn_at FROM withdrawn"
        params: builtins.list[Any] = []
        if record_id is not None:
            sql += " WHERE record_id = ?"
            params.append(record_id)
        with self._guard() as conn:
            rows = conn.execute(sql + " ORDER BY withdrawn_at, rev", params).fetchall()
        return [
            {**json.loads(r[0]), "_withdrawn_reason": r[1], "_withdrawn_at": r[2]} for r in rows
        ]

    # Records never seen before (every record of a first pull) take a fast path in apply_remote;
    # tests turn it off to check both paths leave exactly the same store.
    _new_records_fast = True

    def apply_remote(self, changes: Iterable[dict] | RemotePage, cursor: Any) -> set[str]:
        """Add pulled revisions and save the new cursor (meta "cursor") in one transaction.

        Known revisions are skipped (re-delivery changes nothing); an invalid one is kept aside in
        quarantine rather than applied or dropped. Returns the ids of records that changed.
        ``changes`` may come already checked by remote_page.prepare_remote (off the lock).
        """
        page = changes if isinstance(changes, RemotePage) else prepare_remote(changes)
        now = utc_now()
        with self._tx() as conn:
            valid = page.valid
            quarantine: builtins.list[tuple[Any, ...]] = [
                (seq, reason, text, now) for seq, reason, text in page.invalid
            ]
            # What the store already holds, asked once a page rather than once a revision:
            # which record holds each rev the page names (its own and its parents).
            owner_of: dict[str, str] = dict(
                self._known(
                    "SELECT rev, record_id FROM revisions"
                    " WHERE rev IN (SELECT value FROM json_each(?))",
                    {r["rev"] for _, r, _ in valid}
                    | {p for _, r, _ in valid for p in r["parent_revs"]},
                )
            )
            kinds: dict[str, str] = dict(
                self._known(
                    "SELECT id, kind FROM records WHERE id IN (SELECT value FROM json_each(?))",
                    {r["id"] for _, r, _ in valid},
                )
            )
            seen_before = set(kinds)
            histories: dict[str, builtins.list[dict]] = {}  # note id -> revisions held so far
            texts: dict[str, str] = {}  # rev -> stored JSON of each revision added now
            added: dict[str, builtins.list[dict]] = {}  # record id -> its revisions added now
            rows: builtins.list[tuple[Any, ...]] = []
            seqs: builtins.list[tuple[int, str]] = []
            hlcs: builtins.list[str] = []
            for seq, record, text in valid:
                rev, record_id = record["rev"], record["id"]
                owner = owner_of.get(rev)
                if owner == record_id:
                    if seq is not None:
                        seqs.append((seq, rev))
                    continue
                reason = _unappliable(record, owner, owner_of)
                if reason is None and kinds.setdefault(record_id, record["kind"]) != record["kind"]:
                    reason = f"record {record_id}: kind: differs from earlier revisions"
                if reason is not None:
                    quarantine.append((seq, reason, text, now))
                    continue
                if record["kind"] == "note":
                    # A signed note stays as signed, whatever a peer or server sends: a revision
                    # that changes it is kept aside, never applied (odesk.core.integrity).
                    history = histories.get(record_id)
                    if history is None:
                        history = self._revisions_of(record_id) if record_id in seen_before else []
                        histories[record_id] = history
                    fault = note_fault(record, history, str(record.get("updated_by")))
                    if fault is not None:
                        quarantine.append((seq, f"record {record_id}: {fault}", text, now))
                        continue
                    history.append(record)
                owner_of[rev] = record_id
                texts[rev] = text
                rows.append(_revision_row(record, False, seq, now, text))
                added.setdefault(record_id, []).append(record)
                hlcs.append(record["hlc"])
            self._observe_latest(hlcs)
            if quarantine:
                conn.executemany(
                    "INSERT INTO quarantine(server_seq, reason, json, received_at)"
                    " VALUES (?, ?, ?, ?)",
                    quarantine,
                )
            self._insert_all(_REVISION_COLUMNS, rows)
            if seqs:  # after the insert: a revision delivered twice in this page counts too
                conn.executemany(
                    "UPDATE revisions SET server_seq = ? WHERE rev = ? AND server_seq IS NULL",
                    seqs,
                )
            # Notes first, so an addendum arriving in the same page finds its note's network.
            for notes in (True, False):
                fresh: builtins.list[tuple[str, builtins.list[dict]]] = []
                for record_id, revisions in added.items():
                    if (kinds[record_id] == "note") != notes:
                        continue
                    if record_id in seen_before or not self._new_records_fast:
                        self._refresh(record_id)
                    else:
                        fresh.append((record_id, revisions))
                self._add_new_records(fresh, texts)
            self._meta_put("cursor", cursor)
        return set(added)

    def _observe_latest(self, hlcs: builtins.list[str]) -> None:
        """Move the clock past a page of remote clocks: observing the latest one is enough (the
        clock then stands past every one of them) and costs one observation instead of a page."""
        latest: tuple[tuple[int, int], str] | None = None
        # A clock far ahead of ours (data from before the server refused it) is not followed:
        # every later edit here would carry it, and the server refuses clocks in the future.
        ahead = (time.time() + MAX_CLOCK_SKEW.total_seconds()) * 1000
        for hlc in hlcs:
            try:
                ms, counter, _ = parse_hlc(hlc)
            except ValueError:
                continue  # a malformed clock from a peer orders nothing
            if ms > ahead:
                continue
            if latest is None or (ms, counter) > latest[0]:
                latest = ((ms, counter), hlc)
        if latest is not None:
            self._clock.observe(latest[1])

    def _known(self, sql: str, keys: set[str]) -> builtins.list[Any]:
        """Rows of ``sql`` for the keys given as one JSON array parameter (json_each)."""
        if not keys:
            return []
        rows = self._conn_or_raise().execute(sql, (_dumps(sorted(keys)),)).fetchall()
        return [r[0] if len(r) == 1 else tuple(r) for r in rows]

    def quarantined(self) -> builtins.list[dict]:
        """Received revisions this store could not apply, kept with the reason (listed by
        `odesk check`): [{server_seq, reason, record}], oldest first."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT server_seq, reason, json FROM quarantine ORDER BY id"
            ).fetchall()
        return [{"server_seq": r[0], "reason": r[1], "record": json.loads(r[2])} for r in rows]

    def quarantine(self, record: Any, reason: str, server_seq: int | None = None) -> None:
        """Keep a received revision that cannot be applied aside, with a one-line reason.

        Nothing received is ever dropped: a pulled revision that breaks a rule (invalid, a rev
        of another record, unknown parents, a change to signed content) comes here instead of
        into `revisions`, stays until support looks at it, and is listed by `odesk check`.
        Call it inside or outside a transaction (store.transaction())."""
        line = " ".join(str(reason).split()) or "could not be applied"
        seq = (
            server_seq if isinstance(server_seq, int) and not isinstance(server_seq, bool) else None
        )
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO quarantine(server_seq, reason, json, received_at) VALUES (?, ?, ?, ?)",
                (seq, line, _dumps(record), utc_now()),
            )

    def requeue_above(self, device_seq: int) -> int:
        """Epoch change or low server high-water: push again every own revision above the mark."""
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE outbox SET state = 'pending' WHERE device_seq > ?"
                " AND state IN ('sent', 'inflight')",
                (int(device_seq),),
            )
            return cur.rowcount

    def set_identity(self, user_id: str, device_id: str) -> None:
        """At enrolment: the server's user and device ids replace the placeholders in every
        revision not yet offered to the server."""
        for name, value in (("user_id", user_id), ("device_id", device_id)):
            if not isinstance(value, str) or not _ID_RE.match(value):
                raise StoreError(f"{name} is not a valid id: {value!r}")
        with self._tx() as conn:
            mapping = {
                old: new
                for old, new in ((self.user_id, user_id), (self.device_id, device_id))
                if old and old != new
            }
            touched: set[str] = set()
            if mapping:
                rows = conn.execute(
                    "SELECT r.rev, r.record_id, r.json FROM outbox o JOIN revisions r"
                    " ON r.rev = o.rev WHERE o.pushed = 0"
                ).fetchall()
                for rev, record_id, text in rows:
                    updated = _replace_ids(json.loads(text), mapping)
                    conn.execute(
                        "UPDATE revisions SET json = ? WHERE rev = ?", (_dumps(updated), rev)
                    )
                    touched.add(record_id)
            self._meta_put("user_id", user_id)
            self._meta_put("device_id", device_id)
            for record_id in touched:
                self._refresh(record_id)
            self.user_id, self.device_id = user_id, device_id
            self._clock = HybridClock(device_id)
            row = conn.execute("SELECT max(hlc) FROM revisions").fetchone()
            if row and row[0]:
                self._clock.observe(row[0])

    # --- checking -------------------------------------------------------------------------------

    def _rule_breaks(self, conn: sqlcipher3.Connection) -> builtins.list[str]:
        """Records held whose current view breaks a clinical or reference rule (data from before
        the rule): "record <id> (<kind>): <field>: <reason>". Listed by check, never changed."""
        now = datetime.now(UTC)
        found: builtins.list[str] = []
        for record_id, kind, head in conn.execute(
            "SELECT id, kind, head FROM records WHERE deleted = 0 AND head IS NOT NULL"
            " AND kind IN ('network', 'meeting', 'note', 'rating') ORDER BY num"
        ):
            view = json.loads(head)
            faults = standing_faults(view, now)
            reference = meeting_fault(view, self._kind_and_network)
            if reference is not None:
                faults.append(reference)
            found.extend(f"record {record_id} ({kind}): {fault}" for fault in faults)
        return found

    def check(self) -> CheckReport:
        """Verify SQLCipher page authentication, SQLite structure and the audit chain; count
        pending, rejected and conflicting records."""
        from odesk.store.checkreport import CheckReport

        report = CheckReport()
        with self._lock:
            conn = self._conn_or_raise()
            try:
                report.cipher_errors = [
                    " ".join(str(c) for c in row)
                    for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()
                ]
            except sqlcipher3.DatabaseError as exc:
                report.cipher_errors = [str(exc)]
            try:
                rows = conn.execute("PRAGMA integrity_check").fetchall()
                report.integrity_errors = [r[0] for r in rows if r[0] != "ok"]
            except sqlcipher3.DatabaseError as exc:
                report.integrity_errors = [str(exc)]
            try:
                with self._tx():
                    # Compares the index with the text it was built from.
                    conn.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 1)")
            except StoreError as exc:
                report.integrity_errors.append(f"full-text index: {exc}")
            try:
                orphans = conn.execute(
                    "SELECT count(*) FROM outbox WHERE rev NOT IN (SELECT rev FROM revisions)"
                ).fetchone()[0]
                if orphans:
                    report.integrity_errors.append(f"{orphans} outbox entries have no revision")
                headless = conn.execute(
                    "SELECT count(DISTINCT record_id) FROM revisions WHERE record_id NOT IN"
                    " (SELECT id FROM records)"
                ).fetchone()[0]
                if headless:
                    report.integrity_errors.append(f"{headless} records have no current view")
                stale = summaries.stale(conn)
                if stale:
                    report.integrity_errors.append(f"{stale} network list rows are out of date")
                entries = self.audit_entries()
                report.audit_entries = len(entries)
                report.audit_error = verify_chain(entries)
                counts = self.outbox_counts()
                report.pending = counts["pending"] + counts["inflight"]
                report.rejected = counts["rejected"]
                report.rejected_changes = self.rejected()[: report.LISTED]
                report.conflicts = self.conflicts()
                report.quarantined = conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]
                report.rule_breaks = self._rule_breaks(conn)
                report.quarantine = [
                    f"{_revision_label(item['record'])}: {item['reason']}"
                    for item in self.quarantined()[:50]
                ]
                report.counts = {
                    kind: n
                    for kind, n in conn.execute(
                        "SELECT kind, count(*) FROM records WHERE deleted = 0 GROUP BY kind"
                    ).fetchall()
                }
                report.schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
                report.store_id = self.store_id
                with contextlib.suppress(vault.VaultError, OSError):
                    params = vault.kdf_params_of(self.vault_path(self.data_dir))
                    report.kdf = (
                        f"{params.memory_kib} KiB, {params.iterations} passes, {params.lanes} lanes"
                    )
                    report.kdf_weak = params.below(vault.DEFAULT_PARAMS)
                    report.recovery_key = vault.has_recovery_key(self.vault_path(self.data_dir))
            except (StoreError, sqlcipher3.DatabaseError) as exc:
                report.integrity_errors.append(str(exc))
        return report


def _at_path(record: dict, path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value
