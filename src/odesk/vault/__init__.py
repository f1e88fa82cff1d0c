"""odesk.vault: the key hierarchy of a local store.

passphrase -> Argon2id (parameters stored, raised transparently) -> KEK -> AES-256-GCM wrap of
the random 32-byte data key (DEK) that SQLCipher uses as its raw key. An optional printed recovery
key gives a second wrap of the same DEK. Changing the passphrase re-wraps the DEK only.
"""

from odesk.vault.errors import (
    VaultCorrupt,
    VaultError,
    VaultMissing,
    WeakKdfParams,
    WrongPassphrase,
)
from odesk.vault.kdf import DEFAULT_PARAMS, FLOOR_MEMORY_KIB, TEST_PARAMS, KdfParams
from odesk.vault.vaultfile import (
    change_passphrase,
    create_vault,
    has_recovery_key,
    kdf_params_of,
    make_recovery_key,
    remove_recovery_key,
    set_passphrase,
    store_id_of,
    unlock_vault,
    unlock_with_recovery,
    upgrade_params,
)

__all__ = [
    "DEFAULT_PARAMS",
    "FLOOR_MEMORY_KIB",
    "TEST_PARAMS",
    "KdfParams",
    "VaultCorrupt",
    "VaultError",
    "VaultMissing",
    "WeakKdfParams",
    "WrongPassphrase",
    "change_passphrase",
    "create_vault",
    "has_recovery_key",
    "kdf_params_of",
    "make_recovery_key",
    "remove_recovery_key",
    "set_passphrase",
    "store_id_of",
    "unlock_vault",
    "unlock_with_recovery",
    "upgrade_params",
]
