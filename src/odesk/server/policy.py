"""The policy every device follows, including the rating scales (data files, not code)."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from odesk.core.paths import resources_dir

AUTOLOCK_MINUTES = 5
MAX_OFFLINE_DAYS = 14


def scales_dir() -> Path:
    override = os.environ.get("ODESK_SCALES_DIR")
    if override:
        return Path(override)
    return resources_dir() / "scales"


@lru_cache(maxsize=1)
def scales() -> tuple[dict, ...]:
    """Every readable scale file; a missing folder or a broken file is left out, not fatal."""
    folder = scales_dir()
    found: list[dict] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            try:
                scale = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(scale, dict) and isinstance(scale.get("id"), str):
                found.append(scale)
    return tuple(found)


def policy() -> dict:
    return {
        "autolock_minutes": AUTOLOCK_MINUTES,
        "max_offline_days": MAX_OFFLINE_DAYS,
        "scales": list(scales()),
    }
