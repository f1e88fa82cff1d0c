"""Replacing a file so that a crash leaves the old file or the new one, never a torn mix.

Every file the app or the server writes in place goes through here (vault.json, exports, PDFs,
the recovery key, server backups): a private temp file in the same folder, created with its final
mode before a byte is written, written, fsynced, renamed over the target, and the folder fsynced
so the rename itself survives a power cut. On any failure the temp file is removed and an
existing target is untouched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

PRIVATE = 0o600  # readable and writable by the owner only: the default for everything written


def fsync_dir(directory: Path | str) -> None:
    """Make a rename or a new name in ``directory`` durable."""
    # Windows cannot open a directory for fsync; its rename is already durable enough there.
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def replacing(target: Path | str, *, mode: int = PRIVATE, overwrite: bool = True) -> Iterator[Path]:
    """Yield the path of an empty temp file (mode ``mode``) beside ``target`` for the caller to
    fill by any means (a stream, SQLite's backup API, a PDF writer). When the block ends without
    an exception the temp file is fsynced and put in ``target``'s place, and the folder fsynced.

    ``overwrite=False`` refuses an existing ``target`` (FileExistsError), also one that appears
    while the block runs: the temp file is linked to the name, which fails if it is taken.
    """
    target = Path(target)
    folder = target.parent
    temp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
            os.fchmod(fd, mode)  # whatever the umask took away
        os.close(fd)
        yield temp
        _fsync_file(temp)
        if overwrite:
            os.replace(temp, target)
        else:
            os.link(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    fsync_dir(folder)


def write_atomic(
    target: Path | str, data: bytes | str, *, mode: int = PRIVATE, overwrite: bool = True
) -> None:
    """Put ``data`` (text is written as UTF-8, line ends as given) in ``target`` atomically."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(target, mode=mode, overwrite=overwrite) as temp, open(temp, "wb") as handle:
        handle.write(raw)


def write_dir_atomic(
    target: Path | str, files: Mapping[str, bytes | str], *, mode: int = PRIVATE
) -> None:
    """Create folder ``target`` holding ``files``: built as a hidden sibling, then renamed, so the
    folder appears whole or not at all. An existing ``target`` is refused (FileExistsError)."""
    target = Path(target)
    parent = target.parent
    if target.exists():
        raise FileExistsError(target)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        for name, data in files.items():
            path = temp / name
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            with open(fd, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
                handle.flush()
                os.fsync(handle.fileno())
        fsync_dir(temp)
        os.rename(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    fsync_dir(parent)
