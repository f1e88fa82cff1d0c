"""odesk.core.files: a replaced file is the old one or the new one, whole, with the mode asked for.

Every file the app and the server write in place (vault.json, exports, PDFs, the recovery key,
backups) goes through it, so these are the guarantees they all rely on.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from odesk.core import files

BIG = b"0123456789abcdef" * 65536  # 1 MiB: more than one write() of the OS


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_is_whole_private_and_alone(tmp_path: Path) -> None:
    target = tmp_path / "vault.json"
    files.write_atomic(target, BIG)
    assert target.read_bytes() == BIG
    assert mode_of(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["vault.json"]


def test_text_is_utf8_with_line_ends_as_given(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    files.write_atomic(target, "Zoë,ok\r\nnext\n")
    assert target.read_bytes() == "Zoë,ok\r\nnext\n".encode()


def test_mode_asked_for_is_set_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        files.write_atomic(tmp_path / "shared.txt", b"x", mode=0o640)
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "shared.txt") == 0o640


def test_the_mode_is_set_before_a_byte_is_written(tmp_path: Path) -> None:
    with files.replacing(tmp_path / "note.pdf") as temp:
        assert temp.parent == tmp_path
        assert temp.stat().st_size == 0
        assert mode_of(temp) == 0o600
        temp.write_bytes(b"%PDF")
    assert (tmp_path / "note.pdf").read_bytes() == b"%PDF"


def test_a_failure_while_writing_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "vault.json"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.replacing(target) as temp:
        temp.write_bytes(BIG[:1000])
        raise RuntimeError("disk gone")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["vault.json"]


def test_a_failed_rename_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "vault.json"
    target.write_bytes(b"old")

    def boom(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("odesk.core.files.os.replace", boom)
    with pytest.raises(OSError, match="No space"):
        files.write_atomic(target, BIG)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["vault.json"]


def test_no_overwrite_refuses_an_existing_file_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    files.write_atomic(target, b"first", overwrite=False)
    with pytest.raises(FileExistsError):
        files.write_atomic(target, b"second", overwrite=False)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.db"]


@pytest.mark.skipif(os.name != "posix", reason="kill -9 of a child process")
@pytest.mark.parametrize("existing", [None, b"old version"])
def test_kill_9_before_the_rename_leaves_the_old_file_or_none(
    tmp_path: Path, existing: bytes | None
) -> None:
    """The process dies after the data is written and synced but before the rename: the
    target is what it was (or absent), never a partial new file."""
    target = tmp_path / "vault.json"
    if existing is not None:
        target.write_bytes(existing)
    child = textwrap.dedent(
        f"""
        import os, signal
        from odesk.core import files
        real_fsync = os.fsync
        def fsync_then_die(fd):
            real_fsync(fd)
            os.kill(os.getpid(), signal.SIGKILL)
        os.fsync = fsync_then_die
        files.write_atomic({str(target)!r}, b"new" * 300000)
        """
    )
    done = subprocess.run([sys.executable, "-c", child], timeout=60)
    assert done.returncode == -signal.SIGKILL
    if existing is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == existing


def test_folder_appears_whole_with_private_files(tmp_path: Path) -> None:
    target = tmp_path / "export"
    files.write_dir_atomic(target, {"network.csv": "a,b\r\n", "note.csv": b"c\n"})
    assert sorted(p.name for p in target.iterdir()) == ["network.csv", "note.csv"]
    assert (target / "network.csv").read_bytes() == b"a,b\r\n"
    assert all(mode_of(p) == 0o600 for p in target.iterdir())
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


def test_folder_fails_whole_and_refuses_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "export"
    with pytest.raises(OSError):
        files.write_dir_atomic(target, {"ok.csv": "x", "no/such/sub.csv": "y"})
    assert list(tmp_path.iterdir()) == []
    target.mkdir()
    with pytest.raises(FileExistsError):
        files.write_dir_atomic(target, {"ok.csv": "x"})
    assert list(target.iterdir()) == []
