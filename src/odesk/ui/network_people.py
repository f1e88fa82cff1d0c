"""Who keeps continuity for a network: choosing its key practitioners from the team directory.

Key practitioners are the same few people who stay with the family from the first meeting on
(continuity of care); the dashboard's continuity figure reads them. Someone named on the
network but no longer in the directory stays listed (by name when known) until unticked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from odesk.ui.i18n import Context

KeyPractitioners = Context("KeyPractitioners")


class KeyPractitionersDialog(QDialog):
    def __init__(
        self,
        directory: list[dict],
        chosen: list[str],
        name_of: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(KeyPractitioners.tr("Key practitioners"))
        self.list = QListWidget()
        self.list.setAccessibleName(KeyPractitioners.tr("Practitioners of the team"))
        known = set()
        for user in sorted(directory, key=lambda u: str(u.get("name") or "").lower()):
            label = str(user.get("name") or name_of(user["id"]))
            if user.get("profession"):
                label += f" ({user['profession']})"
            self._add(user["id"], label, user["id"] in chosen)
            known.add(user["id"])
        for user_id in chosen:
            if user_id not in known:
                self._add(user_id, name_of(user_id), True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        explain = QLabel(
            KeyPractitioners.tr(
                "Tick the practitioners who stay with this family from meeting to meeting."
            )
        )
        explain.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(explain)
        lay.addWidget(self.list)
        lay.addWidget(buttons)

    def _add(self, user_id: str, label: str, checked: bool) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, user_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(item)

    def set_checked(self, user_id: str, checked: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == user_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
