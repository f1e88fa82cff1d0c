"""A store's files and keys: create, open, recover, migrate, wipe, and re-wrapping the data key.

Files in the data dir: ``odesk.db`` (+ ``-wal``/``-shm`` while open) and ``vault.json``, which
appears last at create (renamed from ``vault.json.creating``), so a crash part-way through
leaves no store at all. Opening fails closed and changes nothing on any error. The functions
here build the Store façade (odesk.store.store) from its connection; the vault module holds the
key wrapping itself.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from odesk import vault
from odesk.core.files import fsync_dir
from odesk.core.ids import new_id, utc_now
from odesk.store import schema
from odesk.store.audit import Audit
from odesk.store.connection import Db, connect, looks_plaintext
from odesk.store.errors import (
    AlreadyExists,
    NotAStore,
    StoreCorrupt,
    StoreError,
    WrongPassphrase,
)

if TYPE_CHECKING:
    from odesk.store.store import Store

DB_NAME = "odesk.db"
VAULT_NAME = "vault.json"
CREATING_NAME = VAULT_NAME + ".creating"
_DB_SIDE_FILES = (DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal")


@contextlib.contextmanager
def vault_errors() -> Iterator[None]:
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


def db_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / DB_NAME


def vault_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / VAULT_NAME


def exists(data_dir: Path | str) -> bool:
    """True when a store (or a damaged part of one) is here, so create would refuse."""
    if vault_path(data_dir).exists():
        return True
    return db_path(data_dir).exists() and not (Path(data_dir) / CREATING_NAME).exists()


def migrate(db: Db) -> None:
    """Apply the schema's migrations the database lacks, inside the caller's transaction."""
    conn = db.conn()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, migration in enumerate(schema.MIGRATIONS, start=1):
        if number > version:
            migration(db.sqlite_utils)
            conn.execute(f"PRAGMA user_version = {number}")


def create(
    cls: type[Store],
    data_dir: Path,
    passphrase: str,
    kdf_params: vault.KdfParams | None,
    allow_weak_kdf: bool,
) -> Store:
    """Make a new encrypted store in data_dir; never overwrites any part of an existing one."""
    staging = data_dir / CREATING_NAME
    if vault_path(data_dir).exists():
        raise AlreadyExists(f"a store already exists in {data_dir}; refusing to replace it")
    if db_path(data_dir).exists() and not staging.exists():
        raise AlreadyExists(f"{db_path(data_dir)} already exists; refusing to replace it")
    if staging.exists():
        _remove_unfinished(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError(f"cannot create {data_dir}: {exc.strerror}") from None
    with vault_errors():
        dek = vault.create_vault(
            staging, passphrase, kdf_params or vault.DEFAULT_PARAMS, allow_weak=allow_weak_kdf
        )
        store_id = vault.store_id_of(staging)
    db: Db | None = None
    try:
        # Made private before SQLite writes a byte; its -wal and -shm take the same mode.
        os.close(os.open(db_path(data_dir), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        db = Db(connect(db_path(data_dir), dek, create=True), dek)
        with db.tx():
            migrate(db)
            placeholder_user, placeholder_device = new_id(), new_id()
            for key, value in (
                ("store_id", store_id),
                ("created_at", utc_now()),
                ("user_id", placeholder_user),
                ("device_id", placeholder_device),
                ("placeholder_user_id", placeholder_user),
                ("placeholder_device_id", placeholder_device),
            ):
                db.meta_put(key, value)
            Audit(db).append("create", None)
            Audit(db).append("unlock", None)
        store = cls(data_dir, db)
        with vault_errors():
            os.replace(staging, vault_path(data_dir))
            fsync_dir(data_dir)
    except BaseException:
        # A half-made store must not be mistaken for a real one later.
        if db is not None:
            db.close()
        _remove_unfinished(data_dir)
        raise
    return store


def _remove_unfinished(data_dir: Path) -> None:
    """Delete what an interrupted create left (it never held a record: create had not
    returned)."""
    for name in (DB_NAME, *_DB_SIDE_FILES, CREATING_NAME):
        with contextlib.suppress(OSError):
            (data_dir / name).unlink()


def open_store(
    cls: type[Store],
    data_dir: Path,
    passphrase: str,
    allow_weak_kdf: bool,
    kdf_target: vault.KdfParams | None,
) -> Store:
    """Unlock an existing store (audited); KDF parameters below ``kdf_target`` are raised by
    re-wrapping the key once the database has proved readable."""
    path = check_files(data_dir)[1]
    with vault_errors():
        dek = vault.unlock_vault(path, passphrase, allow_weak=True, upgrade=False)
        vault_store_id = vault.store_id_of(path)
    store = open_with_dek(cls, data_dir, dek, vault_store_id)
    try:
        with vault_errors():
            vault.upgrade_params(path, passphrase, dek, kdf_target, allow_weak=allow_weak_kdf)
        _remove_stale_vault_temps(data_dir)
        store.audit("unlock")
    except BaseException:
        store._close_connection()
        raise
    return store


def recover(
    cls: type[Store],
    data_dir: Path,
    unwrap: Callable[[Path], bytes],
    new_passphrase: str,
    action: str,
    kdf_params: vault.KdfParams | None,
    allow_weak_kdf: bool,
) -> Store:
    """Unlock with another wrap of the data key (``unwrap``) and set a new passphrase."""
    path = check_files(data_dir)[1]
    with vault_errors():
        dek = unwrap(path)
        vault_store_id = vault.store_id_of(path)
    store = open_with_dek(cls, data_dir, dek, vault_store_id)
    try:
        with vault_errors():
            vault.set_passphrase(
                path, dek, new_passphrase, params=kdf_params, allow_weak=allow_weak_kdf
            )
        store.audit(action)
    except BaseException:
        store._close_connection()
        raise
    return store


def check_files(data_dir: Path) -> tuple[Path, Path]:
    """The database and vault paths, once both are known to be there (a clear error if not)."""
    db_file, vault_file = db_path(data_dir), vault_path(data_dir)
    has_db, has_vault = db_file.is_file(), vault_file.is_file()
    if not has_db and not has_vault:
        raise NotAStore(f"there is no odesk store in {data_dir}")
    if has_db and looks_plaintext(db_file):
        raise NotAStore(
            f"{db_file} is a plain, unencrypted SQLite database, not an odesk store; refusing it"
        )
    if not has_vault and (data_dir / CREATING_NAME).exists():
        raise NotAStore(f"creating the store in {data_dir} was interrupted; create it again")
    if not has_vault:
        raise StoreCorrupt(
            f"{vault_file} is missing, so {db_file} cannot be unlocked; restore vault.json"
            " from a backup (a new store is never made in its place)"
        )
    if not has_db:
        raise StoreCorrupt(
            f"{db_file} is missing but {vault_file} is present; restore odesk.db from a"
            " backup (a new store is never made in its place)"
        )
    return db_file, vault_file


def open_with_dek(cls: type[Store], data_dir: Path, dek: bytes, vault_store_id: str) -> Store:
    """Open the database with its data key (no KDF, no audit entry): checks it is this vault's
    store at a schema this odesk reads, and migrates it when older."""
    db = Db(connect(db_path(data_dir), dek, create=False), dek)
    try:
        with db.guard() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                raise StoreCorrupt(f"{db_path(data_dir)} holds no odesk data")
            if version > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"this store was written by a newer odesk (schema {version});"
                    " update odesk to open it"
                )
            if db.meta_read("store_id") != vault_store_id:
                raise StoreCorrupt("vault.json and odesk.db belong to different stores")
        if version < schema.SCHEMA_VERSION:
            with db.tx():
                migrate(db)
        return cls(data_dir, db)
    except BaseException:
        db.close()
        raise


def _remove_stale_vault_temps(data_dir: Path) -> None:
    """A vault write cut short by a crash leaves its temp file; it is never needed again."""
    for path in data_dir.glob(f".{VAULT_NAME}.*.tmp"):
        with contextlib.suppress(OSError):
            path.unlink()


def wipe_dir(data_dir: Path | str) -> None:
    """Delete odesk.db, its -wal/-shm, and vault.json (overwritten first: it holds the wrap)."""
    data_dir = Path(data_dir)
    vault_file = data_dir / VAULT_NAME
    if vault_file.is_file():
        with contextlib.suppress(OSError), open(vault_file, "r+b") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(0)
            handle.write(os.urandom(size))
            handle.flush()
            os.fsync(handle.fileno())
    leftovers = list(data_dir.glob(f".{VAULT_NAME}.*.tmp")) if data_dir.is_dir() else []
    for path in (
        vault_file,
        data_dir / CREATING_NAME,
        data_dir / DB_NAME,
        *(data_dir / n for n in _DB_SIDE_FILES),
        *leftovers,
    ):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


class Keys:
    """Re-wrapping the open store's data key: a new passphrase, a recovery key, the trust's key.
    Each is audited; the database itself never changes."""

    def __init__(self, db: Db, data_dir: Path, audit: Audit) -> None:
        self._db = db
        self._vault = vault_path(data_dir)
        self._audit = audit

    def change_passphrase(
        self, old: str, new: str, kdf_params: vault.KdfParams | None, allow_weak_kdf: bool
    ) -> None:
        with self._db.lock:
            self._db.conn()
            with vault_errors():
                vault.change_passphrase(
                    self._vault, old, new, params=kdf_params, allow_weak=allow_weak_kdf
                )
            self._audit.audit("passwd")

    def add_trust_recovery(self, public_key: bytes, key_id: str) -> None:
        with self._db.lock:
            self._db.conn()
            with vault_errors():
                vault.add_trust_recovery(self._vault, self._db.dek, public_key, key_id)
            self._audit.audit("trust_recovery")

    def make_recovery_key(self) -> str:
        with self._db.lock:
            self._db.conn()
            with vault_errors():
                key = vault.make_recovery_key(self._vault, self._db.dek)
            self._audit.audit("recovery_key")
            return key
