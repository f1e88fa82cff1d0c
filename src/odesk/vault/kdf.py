"""Argon2id parameters and derivation of the key-encryption key (KEK) from a passphrase."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from odesk.vault.errors import VaultCorrupt, VaultError, WeakKdfParams

KDF_NAME = "argon2id"
KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True, order=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int

    def as_json(self) -> dict:
        return {
            "name": KDF_NAME,
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    def below(self, other: KdfParams) -> bool:
        """True when any parameter is weaker than ``other``'s."""
        return (
            self.memory_kib < other.memory_kib
            or self.iterations < other.iterations
            or self.lanes < other.lanes
        )

    def raised_to(self, other: KdfParams) -> KdfParams:
        return KdfParams(
            max(self.memory_kib, other.memory_kib),
            max(self.iterations, other.iterations),
            max(self.lanes, other.lanes),
        )


DEFAULT_PARAMS = KdfParams(262144, 3, 4)
FLOOR_MEMORY_KIB = 65536
# Only for tests (and the throwaway demo store): far below the floor, so it needs allow_weak=True.
TEST_PARAMS = KdfParams(8192, 1, 1)
# The ceiling: a vault.json asking for more is refused before any key derivation, so a file
# tampered to the largest parameters Argon2id allows fails at once with a clear error instead of
# costing minutes and gigabytes before "wrong passphrase". It leaves room to raise the defaults
# fourfold (a laptop bought in five years' time), no more.
MAX_MEMORY_KIB = 4 * DEFAULT_PARAMS.memory_kib  # 1 GiB
MAX_ITERATIONS = 4 * DEFAULT_PARAMS.iterations
MAX_LANES = 16
# Memory and passes multiply: 1 GiB x 12 passes is as slow as 4 GiB x 3, so the product is capped too.
MAX_COST = 4 * DEFAULT_PARAMS.memory_kib * DEFAULT_PARAMS.iterations


def check_params(params: KdfParams, *, allow_weak: bool) -> None:
    """Refuse parameters below the floor (unless allow_weak) or out of any sane range."""
    if not (
        1 <= params.lanes <= MAX_LANES
        and 1 <= params.iterations <= MAX_ITERATIONS
        and 8 * params.lanes <= params.memory_kib <= MAX_MEMORY_KIB
        and params.memory_kib * params.iterations <= MAX_COST
    ):
        raise WeakKdfParams(
            f"Argon2id parameters out of range: {params} (at most {MAX_MEMORY_KIB} KiB, "
            f"{MAX_ITERATIONS} passes, {MAX_LANES} lanes, {MAX_COST} KiB-passes)"
        )
    if not allow_weak and (params.memory_kib < FLOOR_MEMORY_KIB or params.iterations < 1):
        raise WeakKdfParams(
            f"Argon2id memory {params.memory_kib} KiB is below the floor of {FLOOR_MEMORY_KIB} KiB"
        )


def params_from_json(value: object) -> KdfParams:
    """Parse the stored kdf object; anything unexpected means the vault is corrupt."""
    if not isinstance(value, dict) or value.get("name") != KDF_NAME:
        raise VaultCorrupt("vault.json: kdf: not an Argon2id parameter set")
    fields = ("memory_kib", "iterations", "lanes")
    if set(value) != {"name", *fields} or not all(
        type(value[f]) is int and value[f] > 0 for f in fields
    ):
        raise VaultCorrupt("vault.json: kdf: malformed parameters")
    params = KdfParams(value["memory_kib"], value["iterations"], value["lanes"])
    try:
        check_params(params, allow_weak=True)
    except WeakKdfParams as exc:
        raise VaultCorrupt(f"vault.json: kdf: {exc}") from None
    return params


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    if not isinstance(passphrase, str):
        raise VaultError("the passphrase must be text")
    # NFC: the same passphrase typed on keyboards that compose accents differently must match.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)
