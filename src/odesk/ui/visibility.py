"""Visible focus and readable contrast (WCAG 2.2 1.4.3, 1.4.11, 2.4.7): set up once at start.

Qt's Fusion palette has three weak pairs: white text on the selection colour (3.7:1, under the
4.5:1 text needs), placeholder text on a text box (4.0:1), and a focus indication that, on
tables, the tab bar, the map or an unlock button, is a faint tint or nothing at all.
`accessible_palette` moves only those colours, each as little as it takes (towards the text
colour, so a dark palette is fixed the dark way); a `FocusRing` (odesk.ui.focus_ring) draws one
ring around whichever control has the keyboard focus, the same on every kind of control, in a
colour measured against the window and the control itself. All colours come from the palette in use, so a
system light or dark palette still holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
import wcag_contrast_ratio
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from odesk.ui.after_paint import after_paint

if TYPE_CHECKING:
    from odesk.ui.focus_ring import FocusRing

TEXT_MINIMUM = 4.5  # WCAG 1.4.3: text against its background
PART_MINIMUM = 3.0  # WCAG 1.4.11: focus indicators, borders and chart marks against theirs
# Aimed above the minimum: text is anti-aliased, so its thin strokes reach the screen lighter
# than its colour; with this margin, the pixels of 9-point text still measure 4.5:1.
TEXT_AIM = TEXT_MINIMUM + 1.5
PART_AIM = PART_MINIMUM + 1.0


def ratio(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    return float(
        wcag_contrast_ratio.rgb(
            (a.redF(), a.greenF(), a.blueF()), (b.redF(), b.greenF(), b.blueF())
        )
    )


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def flattened(colour: QColor, over: QColor) -> QColor:
    """A translucent colour as it shows over `over` (Qt's placeholder is half-transparent text)."""
    return _mix(over, QColor(colour.red(), colour.green(), colour.blue()), colour.alphaF())


def readable(colour: QColor, against: list[QColor], goal: float) -> QColor:
    """`colour`, moved as little as needed (towards black or white, whichever is further from
    the backgrounds) until it reaches `goal` against every colour of `against`."""
    if all(ratio(colour, b) >= goal for b in against):
        return colour
    light = sum(b.lightnessF() for b in against) / len(against) >= 0.5
    target = QColor(0, 0, 0) if light else QColor(255, 255, 255)
    for step in range(1, 41):
        moved = _mix(colour, target, step / 40)
        if all(ratio(moved, b) >= goal for b in against):
            return moved
    return target


def accessible_palette(palette: QPalette) -> QPalette:
    """The palette with its selection and placeholder colours made readable (4.5:1), changed in
    place (pass a copy, e.g. `app.palette()`; copying here would make all of Qt's enums at
    start-up: QPalette's constructor overloads take a Qt.GlobalColor)."""
    fixed = palette
    role = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        selected_text = fixed.color(group, role.HighlightedText)
        # The selection moves away from its text, keeping its hue.
        fixed.setColor(
            group,
            role.Highlight,
            readable(fixed.color(group, role.Highlight), [selected_text], TEXT_AIM),
        )
        base = fixed.color(group, role.Base)
        placeholder = flattened(fixed.color(group, role.PlaceholderText), base)
        fixed.setColor(group, role.PlaceholderText, readable(placeholder, [base], TEXT_AIM))
    return fixed


def focus_colour(palette: QPalette) -> QColor:
    """The ring's colour: the selection's hue, at 3:1 or more against the window and the
    controls' own backgrounds (text boxes and lists, buttons), and against the dark lines it
    lies over at a control's edge (tab and frame borders)."""
    role = QPalette.ColorRole
    backgrounds = [palette.color(r) for r in (role.Window, role.Base, role.Button)]
    colour = readable(palette.color(role.Highlight), backgrounds, PART_AIM)
    return readable(colour, [palette.color(role.Dark)], PART_MINIMUM + 0.3)


class _Follower(QObject):
    """Moves the ring to each newly focused control. The ring lives in the focused control's
    window (Qt places a focus frame beside its widget), so it goes when that window does; a new
    one is made for the next control."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring: FocusRing | None = None
        self._first: tuple[QWidget | None, QWidget] | None = None
        self._followed = False

    def current(self) -> FocusRing:
        if self.ring is None or not shiboken6.isValid(self.ring):
            # Loaded with the first ring: its Python style (odesk.ui.focus_ring) makes the
            # Python types of QStyle and its enums, ~9 ms the first screen does without.
            from odesk.ui.focus_ring import FocusRing

            self.ring = FocusRing(focus_colour)
        return self.ring

    def follow(self, old: QWidget | None, new: QWidget | None) -> None:
        if not self._followed and new is not None and new.window() is not new:
            # The app's very first ring waits for its window's first paint (at most
            # LATEST_MS): placing it makes Python types for all of Qt's style options (the
            # ring's style is Python, see _RingStyle), ~6 ms the first screen need not wait
            # for. Any later focus change moves the ring at once.
            self._followed = True
            self._first = (old, new)
            after_paint(new.window(), self._follow_first)
            return
        self._followed = True
        self._first = None
        self.current().follow(old, new)

    def _follow_first(self) -> None:
        first, self._first = self._first, None
        if first is not None and shiboken6.isValid(first[1]):
            self.current().follow(*first)


_follower: _Follower | None = None


def start(app: QApplication) -> None:
    """Apply the readable palette and have a focus ring follow the keyboard focus (once per
    application); the ring itself is made for the first control that gets the focus."""
    global _follower
    app.setPalette(accessible_palette(app.palette()))
    if _follower is None or not shiboken6.isValid(_follower):
        _follower = _Follower(app)
        app.focusChanged.connect(_follower.follow)


def install(app: QApplication) -> FocusRing:
    """`start`, and the ring (made now if no control has had the focus yet)."""
    start(app)
    assert _follower is not None
    return _follower.current()
