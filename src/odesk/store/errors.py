"""Errors raised by the store; each carries a one-line message fit to show a user."""

from __future__ import annotations

from odesk.vault import errors as vault_errors


class StoreError(Exception):
    """Any failure to create, open, read or write a store."""


class WrongPassphrase(StoreError, vault_errors.WrongPassphrase):
    """The passphrase does not unlock this store (also catchable as odesk.vault.WrongPassphrase)."""


class StoreCorrupt(StoreError):
    """The store's files are damaged, tampered with, incomplete or mismatched."""


class NotAStore(StoreError):
    """There is no odesk store here (or a plaintext database where odesk.db should be)."""


class AlreadyExists(StoreError):
    """A store (or part of one) already exists where a new one was to be created."""


class StoreClosed(StoreError):
    """The store is locked; open it again to use it."""


class InvalidEdit(StoreError):
    """An edit the record model forbids (unknown base revision, changing a signed note, ...)."""
