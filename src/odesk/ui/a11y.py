"""What assistive technology needs beyond each widget's own accessible name.

`announce` speaks a status message (saved, search counts, sync results, errors) through the
platform's screen reader without moving the focus: Qt's accessibility announcement event
(AT-SPI's Announcement signal on Linux, UIA notifications on Windows). `Announcer.announced`
reports each one, so the app and its tests can tell what was said.

`LiveLabel` is a status label whose every new text is announced (like an ARIA live region): search
counts, sync messages, errors.

`name_clear_button` names the "clear" button Qt puts in a line edit: Qt leaves it unnamed, and a
screen reader would say only "button".
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QToolButton, QWidget

from odesk.ui.i18n import Context

Accessibility = Context("Accessibility")


class Announcer(QObject):
    """The app's announcements, one object per application."""

    announced = Signal(str)

    def announce(self, source: QObject, text: str, *, assertive: bool = False) -> None:
        text = " ".join(text.split())
        if not text:
            return
        # Imported on the first announcement: naming QAccessible makes its Python enums (its
        # event and role lists, ~2 ms), and the first screen announces nothing.
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

        event = QAccessibleAnnouncementEvent(source, text)
        if assertive:  # errors interrupt; everything else waits for the current speech
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
        self.announced.emit(text)


_announcer: Announcer | None = None


def announcer() -> Announcer:
    global _announcer
    if _announcer is None or not shiboken6.isValid(_announcer):
        _announcer = Announcer(QCoreApplication.instance())
    return _announcer


def announce(source: QObject, text: str, *, assertive: bool = False) -> None:
    """Have the screen reader say `text` (from `source`'s window) without taking the focus."""
    announcer().announce(source, text, assertive=assertive)


def name_clear_button(edit: QLineEdit) -> None:
    """Name the clear button of a line edit with setClearButtonEnabled(True)."""
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(
            Accessibility.tr("Clear {field}").format(field=edit.accessibleName())
        )


class LiveLabel(QLabel):
    """A label that announces each new non-empty text it is given (politely unless assertive)."""

    def __init__(self, parent: QWidget | None = None, *, assertive: bool = False) -> None:
        super().__init__(parent)
        self.assertive = assertive

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        changed = text != self.text()
        super().setText(text)
        if changed and text:
            announce(self, text, assertive=self.assertive)
