"""Who came to a meeting: an editable table model of attendees (name, role, facilitator).

Each attendee points at a network member, a team user or just carries a name; `key()` is what a
note's voice refers to.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from odesk.ui.i18n import Context

ModelIndex = QModelIndex | QPersistentModelIndex

ROLES = ("person", "network", "practitioner", "peer_worker", "other")


Attendees = Context("Attendees")


def role_label(role: str) -> str:
    return {
        "person": Attendees.tr("The person"),
        "network": Attendees.tr("Network"),
        "practitioner": Attendees.tr("Practitioner"),
        "peer_worker": Attendees.tr("Peer worker"),
        "other": Attendees.tr("Other"),
    }.get(role, role)


def key(attendee: dict) -> str:
    return str(attendee.get("member_id") or attendee.get("user_id") or attendee.get("name") or "")


class AttendeesModel(QAbstractTableModel):
    """Columns: who, role, facilitator (checkable), present (checkable)."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Attendees", "Who"),
        QT_TRANSLATE_NOOP("Attendees", "Role"),
        QT_TRANSLATE_NOOP("Attendees", "Facilitator"),
        QT_TRANSLATE_NOOP("Attendees", "Present"),
    )

    def __init__(self, names, parent=None) -> None:
        super().__init__(parent)
        self._names = names  # callable: attendee dict -> display name
        self._rows: list[dict] = []
        self.read_only = False

    def attendees(self) -> list[dict]:
        return [dict(a) for a in self._rows]

    def set_attendees(self, attendees: list[dict]) -> None:
        self.beginResetModel()
        self._rows = [dict(a) for a in attendees]
        self.endResetModel()

    def clear(self) -> None:
        self.set_attendees([])

    def add(self, attendee: dict) -> bool:
        if any(key(a) == key(attendee) for a in self._rows):
            return False
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(dict(attendee))
        self.endInsertRows()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return Attendees.tr(self.HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return self._names(a)
            if col == 1:
                return role_label(a.get("role") or "other")
            if col == 2:
                return Attendees.tr("facilitator") if a.get("facilitator") else ""
            if col == 3:
                return (
                    Attendees.tr("present")
                    if a.get("present", True)
                    else Attendees.tr("invited, absent")
                )
        if role == Qt.ItemDataRole.CheckStateRole and col in (2, 3):
            on = a.get("facilitator") if col == 2 else a.get("present", True)
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (2, 3) and not self.read_only:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def setData(self, index: ModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            self.read_only
            or not index.isValid()
            or role != Qt.ItemDataRole.CheckStateRole
            or index.column() not in (2, 3)
        ):
            return False
        if not 0 <= index.row() < len(self._rows):
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self._rows[index.row()]["facilitator" if index.column() == 2 else "present"] = bool(on)
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        return True
