"""Build the Linux one-dir bundle dist/odesk/ from packaging/odesk.spec and print its size.

Run from anywhere with the project environment: `.venv/bin/python packaging/build_linux.py`
(`make package` does this). Adds the desktop entry, the icon set and an install script to the
bundle, so trust IT can unpack dist/odesk-<version>-linux-<arch>.tar.gz (with --archive) and run
`sudo ./odesk/install.sh`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from version import project_version

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def tree_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under path, not following symlinks."""
    total = files = 0
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            p = Path(dirpath) / name
            if not p.is_symlink():
                total += p.stat().st_size
                files += 1
    return total, files


def glibc_needed(bundle: Path) -> str | None:
    """The newest GLIBC symbol version any bundled binary needs (None without objdump): the
    oldest Linux the bundle runs on is the one with at least this glibc."""
    objdump = shutil.which("objdump")
    if objdump is None:
        return None
    newest: tuple[int, ...] = ()
    for path in bundle.rglob("*"):
        if (
            path.is_symlink()
            or not path.is_file()
            or not (".so" in path.name or path.name == "odesk")
        ):
            continue
        out = subprocess.run([objdump, "-T", str(path)], capture_output=True, text=True).stdout
        for found in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out):
            newest = max(newest, tuple(int(n) for n in found.split(".")))
    return ".".join(map(str, newest)) or None


def add_desktop_integration(bundle: Path) -> None:
    """Desktop entry, hicolor icons, install/uninstall scripts and a resources link, beside the
    executable."""
    share = bundle / "share"
    if share.exists():
        shutil.rmtree(share)
    (share / "applications").mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / "odesk.desktop", share / "applications" / "odesk.desktop")
    shutil.copytree(PACKAGING / "linux" / "icons", share / "icons")
    # odesk's UI and server find resources/ next to the source tree (Path(__file__).parents[3]),
    # which in the bundle is this folder, not _internal/: point there too.
    link = bundle / "resources"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path("_internal") / "resources", target_is_directory=True)
    for script in ("install.sh", "uninstall.sh"):
        target = bundle / script
        shutil.copy2(PACKAGING / "linux" / script, target)
        target.chmod(0o755)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)"
    )
    parser.add_argument("--archive", action="store_true", help="also write a .tar.gz of the bundle")
    args = parser.parse_args(argv)

    version = project_version()
    dist: Path = args.dist.resolve()
    work = ROOT / "build" / "pyinstaller"
    started = time.monotonic()
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(PACKAGING / "odesk.spec"),
    ]
    print("+", " ".join(cmd), flush=True)
    if subprocess.run(cmd, cwd=ROOT).returncode != 0:
        print("build_linux: PyInstaller failed", file=sys.stderr)
        return 1
    bundle = dist / "odesk"
    add_desktop_integration(bundle)
    size, files = tree_size(bundle)
    print(
        f"odesk {version}: bundle {bundle} is {size / 2**20:.1f} MiB in {files} files "
        f"(built in {time.monotonic() - started:.0f} s)"
    )
    glibc = glibc_needed(bundle)
    if glibc:
        print(f"runs on Linux with glibc {glibc} or later (build on the oldest Linux you support)")
    if args.archive:
        archive = dist / f"odesk-{version}-linux-{platform.machine()}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(bundle, arcname="odesk")
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        # `sha256sum -c` format, so IT can check the download before rolling it out.
        Path(f"{archive}.sha256").write_text(f"{digest}  {archive.name}\n")
        print(f"archive {archive} is {archive.stat().st_size / 2**20:.1f} MiB, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
