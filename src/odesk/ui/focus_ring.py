"""The focus ring (WCAG 2.4.7): one solid ring around whichever control has the keyboard focus.

odesk.ui.visibility makes it for the first control that gets the focus and moves it with the
focus; its colour is `visibility.focus_colour`'s, passed in. A module of its own because its Python
style (`_RingStyle`) makes the Python types of QStyle and its enums when loaded (~9 ms), which
the first screen of the app does without.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFocusFrame, QProxyStyle, QStyle, QWidget

# The focus ring: this many pixels outside a control and this many over its edge, so it shows
# even where the control fills its parent (a table or the map with no margin around them).
RING_OUTSIDE = 2
RING_INSIDE = 2


class _RingStyle(QProxyStyle):
    """The ring's own style: the focus frame RING_OUTSIDE pixels out from the control, and
    without the frame's mask, which would cut away everything over the control and leave no
    ring at all where a control fills its parent (a table, the map, a tab bar)."""

    def styleHint(self, hint: Any, option: Any = None, widget: Any = None, data: Any = None) -> int:  # noqa: N802
        if hint == QStyle.StyleHint.SH_FocusFrame_Mask:
            return 0
        return super().styleHint(hint, option, widget, data)

    def pixelMetric(self, metric: Any, option: Any = None, widget: Any = None) -> int:  # noqa: N802
        if metric in (
            QStyle.PixelMetric.PM_FocusFrameHMargin,
            QStyle.PixelMetric.PM_FocusFrameVMargin,
        ):
            return RING_OUTSIDE
        return super().pixelMetric(metric, option, widget)


class FocusRing(QFocusFrame):
    """A solid ring around the focused control: RING_OUTSIDE pixels out, RING_INSIDE in.

    Drawn by Qt from a style sheet border (no Python painting: its overloaded calls would make
    all of Qt's Python enums while the unlock screen is up, see odesk.ui.network_list).
    """

    def __init__(self, colour_of: Callable[[QPalette], QColor]) -> None:
        super().__init__()
        self.colour_of = colour_of  # the ring's colour against a palette (visibility.focus_colour)
        self.setObjectName("FocusRing")
        self._style = _RingStyle()
        self.setStyle(self._style)
        self.colour = QColor()
        self._paint_in(colour_of(QApplication.palette()))

    def _paint_in(self, colour: QColor) -> None:
        if colour != self.colour:
            self.colour = colour
            width = RING_OUTSIDE + RING_INSIDE
            self.setStyleSheet(f"QFocusFrame {{ border: {width}px solid {colour.name()}; }}")

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is new:
            self.setWidget(None)  # type: ignore[arg-type]  # Qt: no widget, no ring
            return
        self._paint_in(self.colour_of(new.palette()))
        self.setWidget(new)
        # Above the control and its siblings: a tab widget keeps its tab bar on top otherwise.
        self.raise_()
