"""Where the read-only resources (rating scales, demo data, style sheet, icons) live.

One lookup for every part, so a source checkout, an installed environment and a frozen
PyInstaller bundle (Linux, Windows, or a macOS .app whose data sits apart from its executable)
all find the same files. ``ODESK_RESOURCES`` overrides it (packagers, tests).
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
    # src/odesk/core/paths.py -> the repository root's resources/
    return Path(__file__).resolve().parents[3] / "resources"
