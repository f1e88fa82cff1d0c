"""Errors raised by sync, each carrying a one-line message fit to show a clinician or print."""

from __future__ import annotations


class SyncError(Exception):
    """Sync could not finish; ``str(e)`` is one plain line. Nothing local was lost."""


class ApiError(SyncError):
    """The server answered with an error it will keep giving (a 4xx other than 429)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        super().__init__(message)


class DeviceRevoked(SyncError):
    """The trust revoked this device; the local store has been wiped."""


class NotEnrolled(SyncError):
    """The store has never been enrolled with a trust server."""
