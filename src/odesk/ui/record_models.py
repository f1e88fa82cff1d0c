"""Small read-only table models over lists of records: members, meetings, revision history.

Each is a `RecordTableModel` given its columns as (header, function of the record) pairs, so
the network page, the history view and the tests share one well-behaved model class.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from odesk.ui.i18n import Context
from odesk.ui.times import local_time

ModelIndex = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
Column = tuple[str, Callable[[dict], Any]]


Records = Context("Records")

# What each kind of record is called in the history.
KIND_NAMES = {
    "network": QT_TRANSLATE_NOOP("Records", "referral"),
    "member": QT_TRANSLATE_NOOP("Records", "network member"),
    "meeting": QT_TRANSLATE_NOOP("Records", "meeting"),
    "note": QT_TRANSLATE_NOOP("Records", "note"),
    "addendum": QT_TRANSLATE_NOOP("Records", "addendum"),
    "review": QT_TRANSLATE_NOOP("Records", "review"),
    "rating": QT_TRANSLATE_NOOP("Records", "rating"),
    "supervision": QT_TRANSLATE_NOOP("Records", "supervision session"),
    "meeting_correction": QT_TRANSLATE_NOOP("Records", "meeting correction"),
}


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._records: list[dict] = []

    def set_records(self, records: Sequence[dict]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def clear(self) -> None:
        self.set_records([])

    def record(self, row: int) -> dict | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def records(self) -> list[dict]:
        return list(self._records)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._columns):
            return self._columns[section][0]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rec = self.record(index.row())
        if rec is None or not 0 <= index.column() < len(self._columns):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            value = self._columns[index.column()][1](rec)
            return "" if value is None else str(value)
        if role == RECORD_ROLE:
            return rec
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


CATEGORY = {
    "family": QT_TRANSLATE_NOOP("Records", "Family"),
    "friend": QT_TRANSLATE_NOOP("Records", "Friends"),
    "professional": QT_TRANSLATE_NOOP("Records", "Professionals"),
    "peer": QT_TRANSLATE_NOOP("Records", "Peers"),
    "other": QT_TRANSLATE_NOOP("Records", "Other"),
}
MEETING_STATUS = {
    "planned": QT_TRANSLATE_NOOP("Records", "Planned"),
    "held": QT_TRANSLATE_NOOP("Records", "Held"),
    "cancelled": QT_TRANSLATE_NOOP("Records", "Cancelled"),
    "did_not_attend": QT_TRANSLATE_NOOP("Records", "Did not attend"),
}
LOCATION = {
    "home": QT_TRANSLATE_NOOP("Records", "Home"),
    "clinic": QT_TRANSLATE_NOOP("Records", "Clinic"),
    "community": QT_TRANSLATE_NOOP("Records", "Community"),
    "phone": QT_TRANSLATE_NOOP("Records", "Phone"),
    "video": QT_TRANSLATE_NOOP("Records", "Video"),
    "other": QT_TRANSLATE_NOOP("Records", "Other"),
}


def location_label(key: str | None) -> str:
    """A meeting's place as the person reads it ("" when none)."""
    return Records.tr(LOCATION[key]) if key in LOCATION else (key or "")


def members_model(parent=None) -> RecordTableModel:
    return RecordTableModel(
        [
            (Records.tr("Name"), lambda r: r.get("name")),
            (Records.tr("Relationship"), lambda r: r.get("relationship")),
            (
                Records.tr("Group"),
                lambda r: Records.tr(CATEGORY.get(r.get("category") or "other", "Other")),
            ),
            (
                Records.tr("May share"),
                lambda r: Records.tr("yes") if r.get("may_share") else Records.tr("no"),
            ),
            (Records.tr("Phone"), lambda r: r.get("phone")),
        ],
        parent,
    )


def meeting_time(m: dict) -> str:
    return m.get("start") or m.get("planned_start") or m.get("created_at") or ""


def meetings_model(parent=None) -> RecordTableModel:
    return RecordTableModel(
        [
            (
                Records.tr("When"),
                # a planned meeting may have no time yet: say so, not when it was written down
                lambda r: (
                    local_time(r.get("start") or r.get("planned_start"))
                    or Records.tr("time not set")
                ),
            ),
            (
                Records.tr("Status"),
                lambda r: Records.tr(MEETING_STATUS.get(r.get("status") or "", "")),
            ),
            (Records.tr("Where"), lambda r: location_label(r.get("location"))),
            (Records.tr("People"), lambda r: len(r.get("attendees") or [])),
            (Records.tr("Note"), lambda r: r.get("_note_state", "")),
        ],
        parent,
    )


def history_model(names: Callable[[str], str], parent=None) -> RecordTableModel:
    """Every revision: when, who, what kind of record, and whether it was a change or a delete."""

    def what(r: dict) -> str:
        if "_withdrawn_reason" in r:  # a refused change taken back (odesk.ui.refused_changes)
            from odesk.ui.refusal_words import plain_reason

            return Records.tr("refused by the server, taken back: {reason}").format(
                reason=plain_reason(r["_withdrawn_reason"])
            )
        if r.get("deleted"):
            if r.get("deleted_reason"):
                return Records.tr("removed: {reason}").format(reason=r["deleted_reason"])
            return Records.tr("deleted")
        if len(r.get("parent_revs") or []) > 1:
            return Records.tr("merged")
        if not r.get("parent_revs"):
            return Records.tr("created")
        if r.get("kind") == "note" and r.get("state") == "signed":
            return Records.tr("signed")
        if r.get("kind") == "meeting_correction":
            return Records.tr("meeting corrected: {reason}").format(reason=r.get("reason") or "")
        return Records.tr("changed")

    return RecordTableModel(
        [
            (Records.tr("When"), lambda r: local_time(r.get("updated_at"), seconds=True)),
            (Records.tr("Who"), lambda r: names(r.get("updated_by") or "")),
            (Records.tr("Record"), lambda r: Records.tr(KIND_NAMES.get(r.get("kind") or "", ""))),
            (Records.tr("Change"), what),
            (Records.tr("Revision"), lambda r: (r.get("rev") or "").split("-")[0]),
        ],
        parent,
    )
