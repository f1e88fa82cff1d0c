"""odesk.vault: the key hierarchy of a local store.

passphrase -> Argon2id (parameters stored, raised transparently) -> KEK -> AES-256-GCM wrap of
the random 32-byte data key (DEK) that SQLCipher uses as its raw key. An optional printed recovery
key gives a second wrap of the same DEK, and a trust's X25519 recovery public key a third.
Changing the passphrase re-wraps the DEK only.
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
    add_trust_recovery,
    change_passphrase,
    create_vault,
    has_recovery_key,
    kdf_params_of,
    make_recovery_key,
    make_trust_keypair,
    remove_recovery_key,
    set_passphrase,
    store_id_of,
    trust_recovery_key_id,
    unlock_vault,
    unlock_with_recovery,
    unlock_with_trust_key,
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
    "add_trust_recovery",
    "change_passphrase",
    "create_vault",
    "has_recovery_key",
    "kdf_params_of",
    "make_recovery_key",
    "make_trust_keypair",
    "remove_recovery_key",
    "set_passphrase",
    "store_id_of",
    "trust_recovery_key_id",
    "unlock_vault",
    "unlock_with_recovery",
    "unlock_with_trust_key",
    "upgrade_params",
]
