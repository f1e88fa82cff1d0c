"""The read-back view: the note in large print, only what it says, to read aloud or show the family."""

from __future__ import annotations

from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from odesk.ui.i18n import Context
from odesk.ui.style import style_as

ReadBack = Context("ReadBack")


class ReadBackDialog(QDialog):
    def __init__(self, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ReadBack.tr("Read back"))
        self.browser = QTextBrowser()
        style_as(self.browser, "ReadBack")
        self.browser.setAccessibleName(ReadBack.tr("The note, in large print"))
        font = QFont(self.browser.font())
        font.setPointSize(max(font.pointSize(), 10) * 2)
        self.browser.setFont(font)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(
            ReadBack.tr("Close read back")
        )
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn), self, self.browser.zoomIn)
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut), self, self.browser.zoomOut)
        self.resize(900, 700)

    def text(self) -> str:
        return self.browser.toPlainText()
