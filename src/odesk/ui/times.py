"""Times as the person reads them: a stored UTC time shown in the laptop's local time.

Qt-free, so the status bar can show the last sync without loading the table models.
"""

from __future__ import annotations

from odesk.core.ids import parse_time


def local_time(value: str | None, fmt: str = "%d %b %Y %H:%M") -> str:
    if not value:
        return ""
    try:
        return parse_time(value).astimezone().strftime(fmt)
    except ValueError:
        return value
