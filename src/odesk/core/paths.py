"""Where the read-only resources (rating scales, demo data, style sheet, icons) live.

One lookup for every part, so a source checkout, an installed wheel and a frozen PyInstaller
bundle (Linux, Windows, or a macOS .app whose data sits apart from its executable) all find the
same files. ``ODESK_RESOURCES`` overrides it (packagers, tests).

The wheel carries resources/ inside the package as ``odesk/resources`` (pyproject's
force-include), found beside the package's modules; a source checkout (and its editable install)
uses the repository's own resources/ folder, the one place they are edited.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("ODESK_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    # An installed wheel: odesk/resources beside this package's modules. (What
    # importlib.resources.files("odesk") names for a package on disk, found without loading
    # importlib.resources and its readers, ~2 ms of the desktop app's start-up.)
    packaged = Path(__file__).resolve().parents[1] / "resources"
    if packaged.is_dir():
        return packaged
    # src/odesk/core/paths.py -> the repository root's resources/
    return Path(__file__).resolve().parents[3] / "resources"
