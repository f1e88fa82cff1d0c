"""The app's one style sheet (resources/style/odesk.qss) and its icon, loaded once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from odesk.core.paths import resources_dir

RESOURCES = resources_dir()


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


def apply_style(app: QApplication) -> None:
    """Apply odesk.qss; it uses palette roles only, so the system light/dark palette holds."""
    qss = resource("style", "odesk.qss")
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    icon = resource("icons", "odesk-app.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
