"""odesk.store: the encrypted local database of one user on one laptop.

SQLCipher (sqlcipher3) driven with sqlite-utils; the vault's data key is SQLCipher's raw key.
See odesk.store.store.Store for the API and its thread-safety promise.
"""

from odesk.store.audit import entry_hash, verify_chain
from odesk.store.checkreport import CheckReport
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
