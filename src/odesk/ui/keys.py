"""Keyboard-only use of lists and text boxes: Tab leaves them, Return/Enter/Space open a row.

Qt's defaults trap a keyboard user: an item view's Tab walks its cells and wraps forever, and a
plain-text box types a tab character. `tab_leaves` makes Tab (and Shift+Tab) move to the next
control instead; arrows still move inside a list. `open_rows` makes Return, Enter and Space open
the current row with the same action as a double-click (Qt's `activated` covers Return, Enter
and double-click; Space is a shortcut on the view alone, so it still types in a cell editor).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def tab_leaves(*widgets: QWidget) -> None:
    """Tab and Shift+Tab move focus out of these lists and text boxes."""
    for w in widgets:
        if isinstance(w, QAbstractItemView):
            w.setTabKeyNavigation(False)
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            w.setTabChangesFocus(True)
        else:
            raise TypeError(f"not a list or a text box: {type(w).__name__}")


def open_rows(view: QAbstractItemView, open_row: Callable[[QModelIndex], Any]) -> QShortcut:
    """Double-click, Return, Enter and Space on the current row call `open_row(index)`; Tab
    leaves the view.

    Connect nothing else to `doubleClicked`: a double-click also emits `activated`.
    """
    tab_leaves(view)
    view.activated.connect(open_row)
    return space_opens(view, open_row)


def space_opens(view: QAbstractItemView, open_row: Callable[[QModelIndex], Any]) -> QShortcut:
    """Space on the view (not in a cell editor) calls `open_row` with the current row."""
    from PySide6.QtCore import Qt  # here: the network list is built before Qt's enums exist

    space = QShortcut(QKeySequence(Qt.Key.Key_Space), view)
    space.setContext(Qt.ShortcutContext.WidgetShortcut)

    def current() -> None:
        index = view.currentIndex()
        if index.isValid():
            open_row(index)

    space.activated.connect(current)
    return space


class _TabOutOfSpecialValue(QObject):
    """Tab on a date field showing its special value ("not set", "Not known") moves on.

    Qt's date field swallows Tab while it shows that text (there is no section to go to), which
    leaves a keyboard user stuck in it; the key is handed to the parent, whose Tab handling moves
    focus along the window's chain as for any other control.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QAbstractSpinBox):
            return False
        from PySide6.QtCore import Qt

        assert isinstance(event, QKeyEvent)
        special = watched.specialValueText()
        if not special or watched.text() != special:
            return False
        if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        parent = watched.parentWidget()
        if parent is None:
            return False
        QApplication.sendEvent(parent, QKeyEvent(event.type(), event.key(), event.modifiers()))
        return True


_tab_out = _TabOutOfSpecialValue()


def date_tab_leaves(edit: QAbstractSpinBox) -> None:
    """Tab leaves this date field even while it shows its special value text."""
    edit.installEventFilter(_tab_out)
