"""Errors raised by the vault; each carries a one-line message fit to show a user."""

from __future__ import annotations


class VaultError(Exception):
    """Any failure to create, read or unlock a vault."""


class WrongPassphrase(VaultError):
    """The passphrase (or recovery key) does not unwrap the data key."""


class VaultCorrupt(VaultError):
    """vault.json is unreadable, malformed or fails its integrity check."""


class VaultMissing(VaultError):
    """There is no vault.json where one was expected."""


class WeakKdfParams(VaultError):
    """Argon2id parameters below the floor were asked for without allow_weak."""
