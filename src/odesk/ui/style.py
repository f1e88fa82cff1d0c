"""The app's one style sheet (resources/style/odesk.qss) and its icon, loaded once.

The sheet's rules only select a few named widgets (the referral clock, page titles, banners,
the read-back view), so it is set on those widgets (`style_as`), not on the whole application: an
application-wide style sheet sends every widget's polish, size hints and painting through Qt's
style sheet engine, which alone cost the main window about 15 ms of its start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from odesk.core.paths import resources_dir

RESOURCES = resources_dir()
W = TypeVar("W", bound=QWidget)
_sheet = ""  # odesk.qss once apply_style has read it; empty before (tests build bare widgets)


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


def apply_style(app: QApplication) -> None:
    """Read odesk.qss for the named widgets and set the app icon.

    The sheet uses palette roles only, so the system light/dark palette holds.
    """
    global _sheet
    qss = resource("style", "odesk.qss")
    if qss.is_file():
        _sheet = qss.read_text(encoding="utf-8")
    icon = resource("icons", "odesk-app.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    from odesk.ui import visibility

    visibility.start(app)  # readable selection and placeholders, a focus ring on every control


def centred(widget: QWidget) -> QHBoxLayout:
    """A row with the widget in the middle at its preferred width.

    Stretches rather than `Qt.AlignmentFlag`: the first use of any member of `Qt` makes all of
    its ~90 Python enums (~12 ms), and the unlock screen is shown without them.
    """
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row


def style_as(widget: W, name: str) -> W:
    """Give a widget the object name the style sheet selects it by, and the sheet itself."""
    widget.setObjectName(name)
    if _sheet:
        widget.setStyleSheet(_sheet)
    return widget
