"""vault.json: the data key (DEK) wrapped under a passphrase-derived key, and optionally a recovery key.

Layout (format "odesk-vault", version 1; binary fields base64)::

    {"format", "version", "store_id", "kdf": {"name": "argon2id", memory_kib, iterations, lanes},
     "salt", "nonce", "wrapped_dek", "recovery": null | {"scheme": "hkdf-sha256", "salt", "nonce",
     "wrapped_dek"}, "mac"}

The DEK is wrapped with AES-256-GCM; the associated data is the canonical JSON of the format,
version, store id, KDF parameters and salt, so changing any of them makes unwrapping fail. The
"mac" (HMAC-SHA256 under a key derived from the DEK) covers every other field, so tampering with a
part the unwrap does not read (such as the recovery wrap) is caught as soon as the DEK is known.
Nothing here is secret in clear: the file is safe to back up.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from odesk.core.files import write_atomic
from odesk.vault.errors import VaultCorrupt, VaultError, VaultMissing, WrongPassphrase
from odesk.vault.kdf import (
    DEFAULT_PARAMS,
    KEY_BYTES,
    SALT_BYTES,
    KdfParams,
    check_params,
    derive_kek,
    params_from_json,
)

# A store id as uuid.UUID writes it (lower-case hex, hyphenated): what str(uuid.UUID(x)) == x
# accepted, checked without importing uuid, which loads `platform` (~2 ms of every unlock).
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

FORMAT = "odesk-vault"
VERSION = 1
NONCE_BYTES = 12
MAX_VAULT_BYTES = 64 * 1024
RECOVERY_SCHEME = "hkdf-sha256"
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters, printed as 8 groups of 4
_TOP_FIELDS = {
    "format",
    "version",
    "store_id",
    "kdf",
    "salt",
    "nonce",
    "wrapped_dek",
    "recovery",
    "mac",
}
_RECOVERY_FIELDS = {"scheme", "salt", "nonce", "wrapped_dek"}
TRUST_SCHEME = "x25519-hkdf-sha256-aesgcm"
_TRUST_FIELDS = {"scheme", "key_id", "ephemeral_public", "nonce", "wrapped_dek"}


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, name: str, length: int) -> bytes:
    if not isinstance(value, str):
        raise VaultCorrupt(f"vault.json: {name}: not base64 text")
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise VaultCorrupt(f"vault.json: {name}: not base64") from None
    if len(data) != length:
        raise VaultCorrupt(f"vault.json: {name}: wrong length")
    return data


@dataclass
class _Vault:
    store_id: str
    params: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes
    recovery: dict | None  # the stored JSON object, decoded lazily
    mac: bytes
    trust: dict | None = None  # wrap for the trust's recovery public key (optional field)

    def associated_data(self) -> bytes:
        return canonical_json(
            {
                "format": FORMAT,
                "version": VERSION,
                "store_id": self.store_id,
                "kdf": self.params.as_json(),
                "salt": _b64(self.salt),
                "purpose": "passphrase",
            }
        )

    def recovery_associated_data(self, salt: bytes) -> bytes:
        return canonical_json(
            {
                "format": FORMAT,
                "version": VERSION,
                "store_id": self.store_id,
                "scheme": RECOVERY_SCHEME,
                "salt": _b64(salt),
                "purpose": "recovery",
            }
        )

    def body(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "store_id": self.store_id,
            "kdf": self.params.as_json(),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped_dek": _b64(self.wrapped),
            "recovery": self.recovery,
            # Present only when set, so vaults written before it existed keep their mac.
            **({"trust_recovery": self.trust} if self.trust is not None else {}),
        }

    def seal(self, dek: bytes) -> bytes:
        """The file's bytes, with the mac computed under the DEK."""
        self.mac = _mac(dek, self.body())
        return json.dumps({**self.body(), "mac": _b64(self.mac)}, indent=2).encode() + b"\n"

    def verify_mac(self, dek: bytes) -> None:
        if not hmac.compare_digest(_mac(dek, self.body()), self.mac):
            raise VaultCorrupt("vault.json has been altered (integrity check failed)")


def _mac_key(dek: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"odesk vault mac v1").derive(
        dek
    )


def _mac(dek: bytes, body: dict) -> bytes:
    return hmac.new(_mac_key(dek), canonical_json(body), sha256).digest()


def _load(path: Path) -> _Vault:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_VAULT_BYTES + 1)
    except FileNotFoundError:
        raise VaultMissing(f"no vault.json at {path}") from None
    except OSError as exc:
        raise VaultError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > MAX_VAULT_BYTES:
        raise VaultCorrupt("vault.json is too large to be a vault")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise VaultCorrupt("vault.json is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise VaultCorrupt("vault.json is not an odesk vault")
    if data.get("version") != VERSION or type(data.get("version")) is not int:
        raise VaultCorrupt(f"vault.json: unsupported version {data.get('version')!r}")
    if set(data) - {"trust_recovery"} != _TOP_FIELDS:
        raise VaultCorrupt("vault.json: unexpected or missing fields")
    trust = data.get("trust_recovery")
    if "trust_recovery" in data and (
        not isinstance(trust, dict)
        or set(trust) != _TRUST_FIELDS
        or trust.get("scheme") != TRUST_SCHEME
        or not isinstance(trust.get("key_id"), str)
    ):
        raise VaultCorrupt("vault.json: trust_recovery: malformed")
    if isinstance(trust, dict):
        _unb64(trust["ephemeral_public"], "trust_recovery.ephemeral_public", 32)
        _unb64(trust["nonce"], "trust_recovery.nonce", NONCE_BYTES)
        _unb64(trust["wrapped_dek"], "trust_recovery.wrapped_dek", KEY_BYTES + 16)
    store_id = data["store_id"]
    try:
        if not isinstance(store_id, str) or not _CANONICAL_UUID.fullmatch(store_id):
            raise ValueError
    except ValueError:
        raise VaultCorrupt("vault.json: store_id: not a UUID") from None
    recovery = data["recovery"]
    if recovery is not None:
        if (
            not isinstance(recovery, dict)
            or set(recovery) != _RECOVERY_FIELDS
            or recovery.get("scheme") != RECOVERY_SCHEME
        ):
            raise VaultCorrupt("vault.json: recovery: malformed")
        _unb64(recovery["salt"], "recovery.salt", SALT_BYTES)
        _unb64(recovery["nonce"], "recovery.nonce", NONCE_BYTES)
        _unb64(recovery["wrapped_dek"], "recovery.wrapped_dek", KEY_BYTES + 16)
    return _Vault(
        store_id=store_id,
        params=params_from_json(data["kdf"]),
        salt=_unb64(data["salt"], "salt", SALT_BYTES),
        nonce=_unb64(data["nonce"], "nonce", NONCE_BYTES),
        wrapped=_unb64(data["wrapped_dek"], "wrapped_dek", KEY_BYTES + 16),
        recovery=recovery,
        mac=_unb64(data["mac"], "mac", 32),
        trust=trust if isinstance(trust, dict) else None,
    )


def _wrap_with_passphrase(vault: _Vault, dek: bytes, passphrase: str, params: KdfParams) -> None:
    vault.params = params
    vault.salt = os.urandom(SALT_BYTES)
    vault.nonce = os.urandom(NONCE_BYTES)
    kek = derive_kek(passphrase, vault.salt, params)
    vault.wrapped = AESGCM(kek).encrypt(vault.nonce, dek, vault.associated_data())


def _unwrap_with_passphrase(vault: _Vault, passphrase: str) -> bytes:
    kek = derive_kek(passphrase, vault.salt, vault.params)
    try:
        dek = AESGCM(kek).decrypt(vault.nonce, vault.wrapped, vault.associated_data())
    except InvalidTag:
        raise WrongPassphrase("wrong passphrase (or vault.json has been altered)") from None
    vault.verify_mac(dek)
    return dek


def _dek_from_secret(vault: _Vault, secret: str | bytes) -> bytes:
    """The DEK from a passphrase (str), or the DEK itself (bytes, as an open store holds it)
    checked against the vault's MAC."""
    if isinstance(secret, bytes | bytearray):
        dek = bytes(secret)
        vault.verify_mac(dek)
        return dek
    return _unwrap_with_passphrase(vault, secret)


def _check_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or not passphrase:
        raise VaultError("the passphrase must not be empty")


def store_id_of(path: Path) -> str:
    """The store id recorded in a vault (no passphrase needed)."""
    return _load(Path(path)).store_id


def kdf_params_of(path: Path) -> KdfParams:
    return _load(Path(path)).params


def create_vault(
    path: Path,
    passphrase: str,
    params: KdfParams = DEFAULT_PARAMS,
    *,
    allow_weak: bool = False,
    store_id: str | None = None,
) -> bytes:
    """Write a new vault.json holding a fresh random DEK; returns the DEK. Never overwrites."""
    path = Path(path)
    _check_passphrase(passphrase)
    check_params(params, allow_weak=allow_weak)
    if path.exists():
        raise VaultError(f"{path} already exists; refusing to overwrite a vault")
    dek = os.urandom(KEY_BYTES)
    if not store_id:
        import uuid  # only when a vault is made (see _CANONICAL_UUID)

        store_id = str(uuid.uuid4())
    vault = _Vault(store_id, params, b"", b"", b"", None, b"")
    _wrap_with_passphrase(vault, dek, passphrase, params)
    write_atomic(path, vault.seal(dek))
    return dek


def unlock_vault(
    path: Path,
    passphrase: str,
    *,
    allow_weak: bool = False,
    target_params: KdfParams | None = None,
    upgrade: bool = True,
) -> bytes:
    """Unwrap the DEK with the passphrase.

    When the stored parameters are below ``target_params`` (default: DEFAULT_PARAMS unless
    allow_weak) and ``upgrade`` is true, the DEK is re-wrapped with raised parameters.
    """
    path = Path(path)
    vault = _load(path)
    dek = _unwrap_with_passphrase(vault, passphrase)
    if upgrade:
        upgrade_params(path, passphrase, dek, target_params, allow_weak=allow_weak)
    return dek


def upgrade_params(
    path: Path,
    passphrase: str,
    dek: bytes,
    target_params: KdfParams | None = None,
    *,
    allow_weak: bool = False,
) -> bool:
    """Re-wrap the DEK when the stored KDF parameters are below the target; True if it did."""
    path = Path(path)
    target = (
        target_params if target_params is not None else (None if allow_weak else DEFAULT_PARAMS)
    )
    vault = _load(path)
    if target is None or not vault.params.below(target):
        return False
    vault.verify_mac(dek)
    _wrap_with_passphrase(vault, dek, passphrase, vault.params.raised_to(target))
    write_atomic(path, vault.seal(dek))
    return True


def change_passphrase(
    path: Path,
    old: str,
    new: str,
    *,
    params: KdfParams | None = None,
    allow_weak: bool = False,
) -> None:
    """Re-wrap the DEK under a new passphrase; the database is not touched."""
    path = Path(path)
    _check_passphrase(new)
    vault = _load(path)
    dek = _unwrap_with_passphrase(vault, old)
    new_params = params or vault.params
    check_params(new_params, allow_weak=allow_weak or params is None)
    _wrap_with_passphrase(vault, dek, new, new_params)
    write_atomic(path, vault.seal(dek))


def set_passphrase(
    path: Path,
    dek: bytes,
    new: str,
    *,
    params: KdfParams | None = None,
    allow_weak: bool = False,
) -> None:
    """Wrap a DEK already in hand (e.g. after recovery) under a new passphrase."""
    path = Path(path)
    _check_passphrase(new)
    vault = _load(path)
    vault.verify_mac(dek)
    new_params = params or vault.params.raised_to(
        DEFAULT_PARAMS if not allow_weak else vault.params
    )
    check_params(new_params, allow_weak=allow_weak)
    _wrap_with_passphrase(vault, dek, new, new_params)
    write_atomic(path, vault.seal(dek))


# --- recovery key -------------------------------------------------------------------------------


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(key: str) -> bytes:
    cleaned = "".join(ch for ch in str(key).upper() if ch.isalnum())
    # People misread these when typing from paper; base32 has no 0, 1 or 8.
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        raise WrongPassphrase("that is not a valid recovery key") from None
    if len(raw) != RECOVERY_KEY_BYTES:
        raise WrongPassphrase("that is not a valid recovery key")
    return raw


def _recovery_kek(raw: bytes, salt: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"odesk vault recovery v1"
    ).derive(raw)


def make_recovery_key(path: Path, secret: str | bytes) -> str:
    """Add (or replace) a recovery wrap of the DEK; returns the printable recovery key.

    ``secret`` is the passphrase (str) or the DEK itself (bytes, as an open store holds it).
    """
    path = Path(path)
    vault = _load(path)
    dek = _dek_from_secret(vault, secret)
    raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    wrapped = AESGCM(_recovery_kek(raw, salt)).encrypt(
        nonce, dek, vault.recovery_associated_data(salt)
    )
    vault.recovery = {
        "scheme": RECOVERY_SCHEME,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped_dek": _b64(wrapped),
    }
    write_atomic(path, vault.seal(dek))
    return format_recovery_key(raw)


def remove_recovery_key(path: Path, passphrase: str) -> None:
    path = Path(path)
    vault = _load(path)
    dek = _unwrap_with_passphrase(vault, passphrase)
    vault.recovery = None
    write_atomic(path, vault.seal(dek))


def has_recovery_key(path: Path) -> bool:
    return _load(Path(path)).recovery is not None


def unlock_with_recovery(path: Path, key: str) -> bytes:
    """Unwrap the DEK with a printed recovery key."""
    vault = _load(Path(path))
    if vault.recovery is None:
        raise VaultError("this store has no recovery key")
    raw = parse_recovery_key(key)
    salt = _unb64(vault.recovery["salt"], "recovery.salt", SALT_BYTES)
    nonce = _unb64(vault.recovery["nonce"], "recovery.nonce", NONCE_BYTES)
    wrapped = _unb64(vault.recovery["wrapped_dek"], "recovery.wrapped_dek", KEY_BYTES + 16)
    try:
        dek = AESGCM(_recovery_kek(raw, salt)).decrypt(
            nonce, wrapped, vault.recovery_associated_data(salt)
        )
    except InvalidTag:
        raise WrongPassphrase("wrong recovery key (or vault.json has been altered)") from None
    vault.verify_mac(dek)
    return dek


# --- the trust's recovery public key (X25519 + HKDF + AES-GCM) -----------------------------------
# The X25519 and serialization modules load here on first use: every unlock would otherwise pay
# about 10 ms to import them, and only enrolment and a trust recovery need them.


def make_trust_keypair() -> tuple[bytes, bytes]:
    """A new X25519 key pair (private, public; 32 raw bytes each) for a trust's recovery key.

    The private half belongs offline with the trust's IT; laptops get only the public half.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
        private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ),
    )


def _trust_associated_data(vault: _Vault, key_id: str, ephemeral_public: bytes) -> bytes:
    return canonical_json(
        {
            "format": FORMAT,
            "version": VERSION,
            "store_id": vault.store_id,
            "scheme": TRUST_SCHEME,
            "key_id": key_id,
            "ephemeral_public": _b64(ephemeral_public),
            "purpose": "trust_recovery",
        }
    )


def _trust_kek(shared: bytes, ephemeral_public: bytes, public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + public,
        info=b"odesk vault trust recovery v1",
    ).derive(shared)


def add_trust_recovery(path: Path, secret: str | bytes, public_key: bytes, key_id: str) -> None:
    """Wrap the DEK for the trust's recovery public key (raw 32-byte X25519), replacing any
    earlier one. ``secret`` is the passphrase (str) or the DEK (bytes)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    path = Path(path)
    if not isinstance(key_id, str) or not 0 < len(key_id) <= 128:
        raise VaultError("the trust recovery key needs a short key id")
    try:
        recipient = X25519PublicKey.from_public_bytes(bytes(public_key))
    except (TypeError, ValueError):
        raise VaultError("not an X25519 public key (32 raw bytes)") from None
    vault = _load(path)
    dek = _dek_from_secret(vault, secret)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    kek = _trust_kek(ephemeral.exchange(recipient), ephemeral_public, bytes(public_key))
    nonce = os.urandom(NONCE_BYTES)
    wrapped = AESGCM(kek).encrypt(
        nonce, dek, _trust_associated_data(vault, key_id, ephemeral_public)
    )
    vault.trust = {
        "scheme": TRUST_SCHEME,
        "key_id": key_id,
        "ephemeral_public": _b64(ephemeral_public),
        "nonce": _b64(nonce),
        "wrapped_dek": _b64(wrapped),
    }
    write_atomic(path, vault.seal(dek))


def trust_recovery_key_id(path: Path) -> str | None:
    trust = _load(Path(path)).trust
    return trust["key_id"] if trust else None


def unlock_with_trust_key(path: Path, private_key: bytes) -> bytes:
    """Unwrap the DEK with the trust's recovery private key (raw 32-byte X25519)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    vault = _load(Path(path))
    if vault.trust is None:
        raise VaultError("this store has no trust recovery wrap")
    try:
        private = X25519PrivateKey.from_private_bytes(bytes(private_key))
    except (TypeError, ValueError):
        raise WrongPassphrase("not an X25519 private key (32 raw bytes)") from None
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    ephemeral_public = _unb64(vault.trust["ephemeral_public"], "ephemeral_public", 32)
    nonce = _unb64(vault.trust["nonce"], "trust_recovery.nonce", NONCE_BYTES)
    wrapped = _unb64(vault.trust["wrapped_dek"], "trust_recovery.wrapped_dek", KEY_BYTES + 16)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        dek = AESGCM(_trust_kek(shared, ephemeral_public, public)).decrypt(
            nonce, wrapped, _trust_associated_data(vault, vault.trust["key_id"], ephemeral_public)
        )
    except (InvalidTag, ValueError):
        raise WrongPassphrase(
            "the trust recovery key does not open this store (or vault.json was altered)"
        ) from None
    vault.verify_mac(dek)
    return dek
