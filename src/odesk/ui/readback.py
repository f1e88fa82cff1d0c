"""The read-back view: the note in large print, only what it says, to read aloud or show the family.

The screen is seen by everyone in the room, so the safety section (its text and any safeguarding
concern) starts hidden: a warning says so, and showing it asks first, naming the members who
may not be shared with. Everything else is exactly the note's text (odesk.ui.note_text).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from odesk.ui.i18n import Context
from odesk.ui.style import style_as

ReadBack = Context("ReadBack")


class ReadBackDialog(QDialog):
    def __init__(
        self,
        html: str,
        parent: QWidget | None = None,
        *,
        full_html: str | None = None,
        not_to_share: list[str] | None = None,
    ) -> None:
        """``html`` is shown first; ``full_html`` (the note with its safety section) only after
        the practitioner confirms. Without a safety section there is nothing to hide."""
        super().__init__(parent)
        self.setWindowTitle(ReadBack.tr("Read back"))
        self._hidden_html = html
        self._full_html = full_html if full_html and full_html != html else None
        self._not_to_share = list(not_to_share or [])
        self.safety_shown = False
        self.confirm_box: QMessageBox | None = None

        self.warning = QWidget()
        style_as(self.warning, "SafeguardingBanner")
        self.warning_text = QLabel()
        self.warning_text.setWordWrap(True)
        self.toggle_button = QPushButton()
        self.toggle_button.clicked.connect(self._toggle)
        bar = QHBoxLayout(self.warning)
        bar.addWidget(self.warning_text, 1)
        bar.addWidget(self.toggle_button)
        self.warning.setVisible(self._full_html is not None)

        self.browser = QTextBrowser()
        style_as(self.browser, "ReadBack")
        self.browser.setAccessibleName(ReadBack.tr("The note, in large print"))
        font = QFont(self.browser.font())
        font.setPointSize(max(font.pointSize(), 10) * 2)
        self.browser.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(
            ReadBack.tr("Close read back")
        )
        lay = QVBoxLayout(self)
        lay.addWidget(self.warning)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn), self, self.browser.zoomIn)
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut), self, self.browser.zoomOut)
        self._show(False)
        self.resize(900, 700)
        # the whole screen: the editor behind holds the safety text the room should not see
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _show(self, safety: bool) -> None:
        full = self._full_html
        self.safety_shown = safety and full is not None
        self.browser.setHtml(full if safety and full is not None else self._hidden_html)
        if self.safety_shown:
            text = ReadBack.tr("The safety section is shown to everyone who can see this screen.")
            self.toggle_button.setText(ReadBack.tr("&Hide the safety section"))
            self.toggle_button.setAccessibleName(ReadBack.tr("Hide the safety section"))
        else:
            text = ReadBack.tr(
                "The safety section is hidden: it may hold what some people in the room should "
                "not hear, such as a safeguarding concern."
            )
            self.toggle_button.setText(ReadBack.tr("&Show the safety section…"))
            self.toggle_button.setAccessibleName(ReadBack.tr("Show the safety section"))
        self.warning_text.setText(f"⚠ {text}")
        self.warning_text.setAccessibleName(text)
        self.warning.setAccessibleName(ReadBack.tr("Safety section warning"))
        self.warning.setAccessibleDescription(text)

    def _toggle(self) -> None:
        if self.safety_shown:
            self._show(False)
        else:
            self.ask_to_show_safety()

    def ask_to_show_safety(self) -> QMessageBox:
        """Asks before the safety section goes on screen; the answer arrives without blocking."""
        question = ReadBack.tr(
            "Everyone who can see this screen will read the safety section, including any "
            "safeguarding concern."
        )
        if self._not_to_share:
            question += "\n\n" + ReadBack.tr("Not to be shared with: {names}.").format(
                names=", ".join(self._not_to_share)
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning, ReadBack.tr("Show the safety section?"), question, parent=self
        )
        show = box.addButton(ReadBack.tr("&Show it"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(ReadBack.tr("&Keep it hidden"), QMessageBox.ButtonRole.RejectRole)
        show.setAccessibleName(ReadBack.tr("Show the safety section"))
        cancel.setAccessibleName(ReadBack.tr("Keep the safety section hidden"))
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _result: self._show(box.clickedButton() is show))
        self.confirm_box = box
        box.open()
        return box

    def text(self) -> str:
        return self.browser.toPlainText()
