"""vault.json: the wrapped data key, passphrase change, parameter raising, recovery, tampering."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest

from odesk import vault
from odesk.vault import (
    DEFAULT_PARAMS,
    FLOOR_MEMORY_KIB,
    TEST_PARAMS,
    KdfParams,
    VaultCorrupt,
    VaultError,
    VaultMissing,
    WeakKdfParams,
    WrongPassphrase,
)

PW = "a long fictional passphrase"


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault.json"


@pytest.fixture
def dek(vault_path: Path) -> bytes:
    return vault.create_vault(vault_path, PW, TEST_PARAMS, allow_weak=True)


def test_defaults_are_the_documented_ones() -> None:
    assert KdfParams(262144, 3, 4) == DEFAULT_PARAMS
    assert FLOOR_MEMORY_KIB == 65536
    assert KdfParams(8192, 1, 1) == TEST_PARAMS


def test_create_then_unlock_gives_the_same_random_key(vault_path: Path, dek: bytes) -> None:
    assert len(dek) == 32
    assert vault.unlock_vault(vault_path, PW, allow_weak=True) == dek
    other = vault.create_vault(vault_path.with_name("other.json"), PW, TEST_PARAMS, allow_weak=True)
    assert other != dek


def test_file_holds_no_secret_in_clear_and_is_private(vault_path: Path, dek: bytes) -> None:
    raw = vault_path.read_bytes()
    assert dek not in raw and dek.hex().encode() not in raw
    assert base64.b64encode(dek) not in raw
    assert PW.encode() not in raw
    data = json.loads(raw)
    assert data["format"] == "odesk-vault" and data["version"] == 1
    assert data["kdf"] == {"name": "argon2id", "memory_kib": 8192, "iterations": 1, "lanes": 1}
    assert stat.S_IMODE(vault_path.stat().st_mode) == 0o600
    assert [p.name for p in vault_path.parent.iterdir()] == ["vault.json"]  # no temp left


def test_wrong_passphrase_is_refused_and_changes_nothing(vault_path: Path, dek: bytes) -> None:
    before = vault_path.read_bytes()
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        vault.unlock_vault(vault_path, PW + "x", allow_weak=True)
    assert vault_path.read_bytes() == before


def test_parameters_below_the_floor_need_allow_weak(tmp_path: Path) -> None:
    with pytest.raises(WeakKdfParams, match="below the floor"):
        vault.create_vault(tmp_path / "v.json", PW, TEST_PARAMS)
    assert not (tmp_path / "v.json").exists()
    with pytest.raises(WeakKdfParams):
        vault.create_vault(tmp_path / "v.json", PW, KdfParams(FLOOR_MEMORY_KIB - 1, 3, 4))


def test_create_never_overwrites(vault_path: Path, dek: bytes) -> None:
    before = vault_path.read_bytes()
    with pytest.raises(VaultError, match="already exists"):
        vault.create_vault(vault_path, PW, TEST_PARAMS, allow_weak=True)
    assert vault_path.read_bytes() == before


def test_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="empty"):
        vault.create_vault(tmp_path / "v.json", "", TEST_PARAMS, allow_weak=True)


def test_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultMissing):
        vault.unlock_vault(tmp_path / "nope.json", PW)


def test_change_passphrase_rewraps_the_same_key(vault_path: Path, dek: bytes) -> None:
    before = json.loads(vault_path.read_text())
    vault.change_passphrase(vault_path, PW, "new fictional passphrase")
    after = json.loads(vault_path.read_text())
    assert after["store_id"] == before["store_id"]
    assert after["wrapped_dek"] != before["wrapped_dek"] and after["salt"] != before["salt"]
    assert vault.unlock_vault(vault_path, "new fictional passphrase", allow_weak=True) == dek
    with pytest.raises(WrongPassphrase):
        vault.unlock_vault(vault_path, PW, allow_weak=True)


def test_change_passphrase_with_the_wrong_old_one_changes_nothing(
    vault_path: Path, dek: bytes
) -> None:
    before = vault_path.read_bytes()
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase(vault_path, "not it", "new fictional passphrase")
    assert vault_path.read_bytes() == before


def test_parameters_are_raised_on_unlock(vault_path: Path, dek: bytes) -> None:
    target = KdfParams(16384, 2, 1)
    assert vault.unlock_vault(vault_path, PW, allow_weak=True, target_params=target) == dek
    assert vault.kdf_params_of(vault_path) == target
    assert vault.unlock_vault(vault_path, PW, allow_weak=True) == dek
    # Already strong enough: nothing is rewritten.
    before = vault_path.read_bytes()
    vault.unlock_vault(vault_path, PW, allow_weak=True, target_params=TEST_PARAMS)
    assert vault_path.read_bytes() == before


def test_weak_vault_is_raised_to_the_default_without_allow_weak(tmp_path: Path) -> None:
    path = tmp_path / "vault.json"
    dek = vault.create_vault(path, PW, KdfParams(FLOOR_MEMORY_KIB, 1, 1))
    assert vault.unlock_vault(path, PW) == dek
    assert vault.kdf_params_of(path) == DEFAULT_PARAMS


def test_recovery_key_unwraps_the_same_key(vault_path: Path, dek: bytes) -> None:
    assert not vault.has_recovery_key(vault_path)
    key = vault.make_recovery_key(vault_path, PW)
    groups = key.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert vault.unlock_with_recovery(vault_path, key) == dek
    # Typed back from paper: lower case, spaces instead of dashes.
    assert vault.unlock_with_recovery(vault_path, key.lower().replace("-", " ")) == dek
    # It survives a passphrase change (the passphrase wrap is separate).
    vault.change_passphrase(vault_path, PW, "another fictional passphrase")
    assert vault.unlock_with_recovery(vault_path, key) == dek


def test_recovery_then_new_passphrase(vault_path: Path, dek: bytes) -> None:
    key = vault.make_recovery_key(vault_path, dek)
    recovered = vault.unlock_with_recovery(vault_path, key)
    vault.set_passphrase(vault_path, recovered, "fresh fictional passphrase", allow_weak=True)
    assert vault.unlock_vault(vault_path, "fresh fictional passphrase", allow_weak=True) == dek


def test_wrong_or_malformed_recovery_key(vault_path: Path, dek: bytes) -> None:
    with pytest.raises(VaultError, match="no recovery key"):
        vault.unlock_with_recovery(vault_path, "AAAA-AAAA")
    key = vault.make_recovery_key(vault_path, PW)
    before = vault_path.read_bytes()
    wrong = ("B" if key[0] != "B" else "C") + key[1:]
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_recovery(vault_path, wrong)
    with pytest.raises(WrongPassphrase, match="not a valid recovery key"):
        vault.unlock_with_recovery(vault_path, "hello")
    with pytest.raises(WrongPassphrase, match="not a valid recovery key"):
        vault.unlock_with_recovery(vault_path, key + "-ABCD")
    assert vault_path.read_bytes() == before


def _flip_b64(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[0] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


TAMPERS = {
    "format": lambda d: d.update(format="odesk-vault-2"),
    "version": lambda d: d.update(version=2),
    "version-as-string": lambda d: d.update(version="1"),
    "store_id": lambda d: d.update(store_id="00000000-0000-4000-8000-000000000000"),
    "store_id-garbage": lambda d: d.update(store_id="x"),
    "kdf.memory": lambda d: d["kdf"].update(memory_kib=d["kdf"]["memory_kib"] * 2),
    "kdf.iterations": lambda d: d["kdf"].update(iterations=2),
    "kdf.lanes": lambda d: d["kdf"].update(lanes=2),
    "kdf.name": lambda d: d["kdf"].update(name="scrypt"),
    "kdf.huge": lambda d: d["kdf"].update(memory_kib=2**40),
    "salt": lambda d: d.update(salt=_flip_b64(d["salt"])),
    "salt-short": lambda d: d.update(salt=d["salt"][:8]),
    "nonce": lambda d: d.update(nonce=_flip_b64(d["nonce"])),
    "wrapped_dek": lambda d: d.update(wrapped_dek=_flip_b64(d["wrapped_dek"])),
    "wrapped_dek-not-b64": lambda d: d.update(wrapped_dek="!!!"),
    "recovery": lambda d: d["recovery"].update(wrapped_dek=_flip_b64(d["recovery"]["wrapped_dek"])),
    "recovery-removed": lambda d: d.update(recovery=None),
    "mac": lambda d: d.update(mac=_flip_b64(d["mac"])),
    "extra-field": lambda d: d.update(hint="the cat's name"),
    "missing-field": lambda d: d.pop("nonce"),
}


@pytest.mark.parametrize("field", sorted(TAMPERS))
def test_tampering_any_field_fails_closed(vault_path: Path, dek: bytes, field: str) -> None:
    vault.make_recovery_key(vault_path, PW)
    data = json.loads(vault_path.read_text())
    TAMPERS[field](data)
    vault_path.write_text(json.dumps(data))
    before = vault_path.read_bytes()
    with pytest.raises((VaultCorrupt, WrongPassphrase)):
        vault.unlock_vault(vault_path, PW, allow_weak=True, target_params=KdfParams(16384, 2, 2))
    with pytest.raises((VaultCorrupt, WrongPassphrase)):
        vault.change_passphrase(vault_path, PW, "new fictional passphrase")
    assert vault_path.read_bytes() == before


@pytest.mark.parametrize(
    "content", [b"", b"not json", b"[]", b"{}", b"\xff\xfe", b"{" + b" " * 70000 + b"}"]
)
def test_garbage_vault_file_is_corrupt(vault_path: Path, content: bytes) -> None:
    vault_path.write_bytes(content)
    with pytest.raises(VaultCorrupt):
        vault.unlock_vault(vault_path, PW, allow_weak=True)
    assert vault_path.read_bytes() == content


def test_atomic_write_leaves_the_old_file_when_writing_fails(
    vault_path: Path, dek: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = vault_path.read_bytes()

    def boom(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("odesk.core.files.os.replace", boom)
    with pytest.raises(OSError):
        vault.change_passphrase(vault_path, PW, "new fictional passphrase")
    assert vault_path.read_bytes() == before
    assert [p.name for p in vault_path.parent.iterdir()] == ["vault.json"]


def test_passphrase_with_accents_matches_however_it_was_typed(tmp_path: Path) -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    path = tmp_path / "vault.json"
    dek = vault.create_vault(path, composed, TEST_PARAMS, allow_weak=True)
    assert vault.unlock_vault(path, decomposed, allow_weak=True) == dek
    with pytest.raises(VaultError, match="must be text"):
        vault.unlock_vault(path, b"cafe", allow_weak=True)  # type: ignore[arg-type]


def test_trust_recovery_key_unwraps_the_same_key(vault_path: Path, dek: bytes) -> None:
    private, public = vault.make_trust_keypair()
    assert vault.trust_recovery_key_id(vault_path) is None
    vault.add_trust_recovery(vault_path, PW, public, "trust-2026")
    assert vault.trust_recovery_key_id(vault_path) == "trust-2026"
    raw = vault_path.read_bytes()
    assert private not in raw and base64.b64encode(private) not in raw
    assert vault.unlock_with_trust_key(vault_path, private) == dek
    vault.change_passphrase(vault_path, PW, "changed fictional passphrase")
    assert vault.unlock_with_trust_key(vault_path, private) == dek
    other_private, _ = vault.make_trust_keypair()
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_trust_key(vault_path, other_private)
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_trust_key(vault_path, b"short")
    with pytest.raises(VaultError, match="X25519 public key"):
        vault.add_trust_recovery(vault_path, dek, b"short", "x")


@pytest.mark.parametrize("field", ["key_id", "ephemeral_public", "nonce", "wrapped_dek", "drop"])
def test_tampered_trust_wrap_fails_closed(vault_path: Path, dek: bytes, field: str) -> None:
    private, public = vault.make_trust_keypair()
    vault.add_trust_recovery(vault_path, dek, public, "trust-2026")
    data = json.loads(vault_path.read_text())
    if field == "drop":
        del data["trust_recovery"]
    elif field == "key_id":
        data["trust_recovery"]["key_id"] = "trust-2027"
    else:
        data["trust_recovery"][field] = _flip_b64(data["trust_recovery"][field])
    vault_path.write_text(json.dumps(data))
    before = vault_path.read_bytes()
    with pytest.raises((VaultCorrupt, WrongPassphrase)):
        vault.unlock_vault(vault_path, PW, allow_weak=True)  # the mac covers the trust wrap too
    with pytest.raises((VaultCorrupt, WrongPassphrase, VaultError)):
        vault.unlock_with_trust_key(vault_path, private)
    assert vault_path.read_bytes() == before


@pytest.mark.parametrize(
    "kdf",
    [
        {"memory_kib": 4 * 1024 * 1024, "iterations": 64, "lanes": 64},  # Argon2id's own limits
        {"memory_kib": 2 * 1024 * 1024, "iterations": 3, "lanes": 4},  # 2 GiB
        {"memory_kib": 262144, "iterations": 40, "lanes": 4},  # forty passes
        {"memory_kib": 1024 * 1024, "iterations": 12, "lanes": 4},  # each within, the product not
    ],
)
def test_vault_tampered_to_huge_parameters_is_refused_before_any_derivation(
    vault_path: Path, dek: bytes, kdf: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stolen-laptop attacker (or a corrupted sync of a home folder) rewrites vault.json so the
    # next unlock spends minutes and gigabytes: refused at once, nothing derived, nothing changed.
    data = json.loads(vault_path.read_text())
    data["kdf"].update(kdf)
    vault_path.write_text(json.dumps(data))
    before = vault_path.read_bytes()

    def no_derivation(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("key derivation ran on out-of-range parameters")

    monkeypatch.setattr("odesk.vault.vaultfile.derive_kek", no_derivation)
    with pytest.raises(VaultCorrupt, match="out of range"):
        vault.unlock_vault(vault_path, PW, allow_weak=True)
    assert vault_path.read_bytes() == before


def test_the_ceiling_leaves_room_to_raise_the_defaults_fourfold(tmp_path: Path) -> None:
    from odesk.vault.kdf import MAX_COST, MAX_MEMORY_KIB, check_params

    check_params(KdfParams(MAX_MEMORY_KIB, 3, 4), allow_weak=False)
    check_params(KdfParams(DEFAULT_PARAMS.memory_kib, 12, 4), allow_weak=False)
    assert 4 * DEFAULT_PARAMS.memory_kib * DEFAULT_PARAMS.iterations == MAX_COST
    with pytest.raises(WeakKdfParams):
        check_params(KdfParams(MAX_MEMORY_KIB + 1, 3, 4), allow_weak=False)
