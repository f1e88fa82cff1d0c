"""The one place build scripts read odesk's version from: pyproject.toml's [project] version.

`python packaging/version.py` prints it, for Inno Setup (`iscc /DAppVersion=...`) and release notes.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project_version(root: Path = ROOT) -> str:
    """The version in pyproject.toml, the single source every bundle and installer uses."""
    with (root / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def windows_file_version(version: str) -> tuple[int, int, int, int]:
    """A four-part numeric version for Windows resources: "1.2.3rc1" -> (1, 2, 3, 0)."""
    parts: list[int] = []
    for piece in version.split(".")[:4]:
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        parts.append(int(digits or 0))
    while len(parts) < 4:
        parts.append(0)
    return (parts[0], parts[1], parts[2], parts[3])


if __name__ == "__main__":
    sys.stdout.write(project_version() + "\n")
