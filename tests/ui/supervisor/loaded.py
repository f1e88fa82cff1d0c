"""Waiting for a supervisor page's read, which runs on a pool thread (odesk.ui.supervisor.loading)."""

from __future__ import annotations

from typing import Any, TypeVar

Page = TypeVar("Page")


def loaded(qtbot: Any, page: Page, timeout: int = 15_000) -> Page:
    """``page`` once its rows or figures have come (it reads when built, shown or refreshed)."""
    qtbot.waitUntil(lambda: not page.loading, timeout=timeout)  # type: ignore[attr-defined]
    return page
