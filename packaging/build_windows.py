"""Build the Windows bundle and installer: dist\\odesk\\ and dist\\odesk-<version>-windows-x64-setup.exe.

Run on Windows from the repository root after `uv sync --locked`:
    .venv\\Scripts\\python packaging\\build_windows.py [--sign-with NAME]
Needs Inno Setup 6 (`iscc` on PATH or in its default folder). These machines run Linux, so this
script is reviewed but has not been run here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from version import project_version

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def find_iscc() -> str | None:
    found = shutil.which("iscc")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return str(Path(base) / "Inno Setup 6" / "ISCC.exe")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sign-with", metavar="NAME", help="Inno Setup SignTool name (see odesk.iss)"
    )
    args = parser.parse_args(argv)
    if sys.platform != "win32":
        print("build_windows: run this on Windows", file=sys.stderr)
        return 2
    iscc = find_iscc()
    if iscc is None:
        print("build_windows: Inno Setup 6 (iscc) not found", file=sys.stderr)
        return 1
    version = project_version()
    pyinstaller = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--distpath",
        str(ROOT / "dist"),
        "--workpath",
        str(ROOT / "build" / "pyinstaller"),
        str(PACKAGING / "odesk.spec"),
    ]
    if subprocess.run(pyinstaller, cwd=ROOT).returncode != 0:
        return 1
    # odesk's UI and server look for resources\ beside the executable (a source-tree relative
    # path); the Linux build links it, Windows gets a copy (a few hundred KiB).
    bundle = ROOT / "dist" / "odesk"
    shutil.rmtree(bundle / "resources", ignore_errors=True)
    shutil.copytree(bundle / "_internal" / "resources", bundle / "resources")
    inno = [iscc, f"/DAppVersion={version}", str(PACKAGING / "windows" / "odesk.iss")]
    if args.sign_with:
        inno.insert(2, f"/DSignWith={args.sign_with}")
    if subprocess.run(inno, cwd=ROOT).returncode != 0:
        return 1
    print(f"dist\\odesk-{version}-windows-x64-setup.exe built")
    return 0


if __name__ == "__main__":
    sys.exit(main())
