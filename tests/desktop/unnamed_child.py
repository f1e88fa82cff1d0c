"""A window with controls a screen reader cannot name, for proving the AT-SPI walk fails on them.

Run as: python -m tests.desktop.unnamed_child. Shows, as application "odesk-probe": a named
button, a button with only an icon, a combo box with no label, a labelled combo box.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)


def main() -> int:
    app = QApplication(["odesk-probe"])
    app.setApplicationName("odesk-probe")
    window = QWidget()
    window.setWindowTitle("Probe")
    layout = QVBoxLayout(window)
    layout.addWidget(QPushButton("Named"))
    icon_only = QPushButton()
    icon_only.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
    layout.addWidget(icon_only)
    unlabelled = QComboBox()
    unlabelled.addItems(["First choice", "Second choice"])
    unlabelled.setAccessibleName("Ignored on Linux: a combo box is named by its value")
    layout.addWidget(unlabelled)
    label = QLabel("Colour")
    labelled = QComboBox()
    labelled.addItems(["Red", "Blue"])
    label.setBuddy(labelled)
    layout.addWidget(label)
    layout.addWidget(labelled)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
