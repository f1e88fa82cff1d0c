"""The network list: a lazily filled table model of networks, its filters and its search proxy.

Rows are the store's summary rows (odesk.store.summaries: one SELECT, no record parsed, no
clinical text). The window reads the first screenful at once and the rest on a pool thread
(`append_rows`), and the model hands rows to the view in batches through canFetchMore/fetchMore,
so 10,000 networks open instantly.

The list is the first screen after unlocking, and it is shown, filled and sorted without naming
anything in `Qt`: the first use of any member of `Qt` makes all of its ~90 Python enums (about
12 ms), which the app then pays when a network page or an editor is first opened. So roles are
Qt's role numbers, flags are Qt's defaults, the view's header shows `header_model()` (C++; Qt
would otherwise hand `headerData` an orientation while drawing it), and sorting compares folded
text instead of setting a case sensitivity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)
from PySide6.QtGui import QBrush, QPalette, QStandardItemModel
from PySide6.QtWidgets import QApplication

from odesk.store.summaries import NetworkSummary
from odesk.ui.i18n import Context
from odesk.ui.times import format_datetime

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from odesk.store import Store

ModelIndex = QModelIndex | QPersistentModelIndex
BATCH = 256
# Qt::ItemDataRole's numbers (fixed by Qt; tests/ui/test_models.py compares them with Qt's enum)
DISPLAY_ROLE = 0
DECORATION_ROLE = 1
TOOLTIP_ROLE = 3
FOREGROUND_ROLE = 9
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 0x0100
ID_ROLE = USER_ROLE + 1
SORT_ROLE = USER_ROLE + 2

FILTERS = ("all", "mine", "my_team", "open", "closed", "waiting", "safeguarding")


NetworkList = Context("NetworkList")


def filter_label(key: str) -> str:
    return {
        "all": NetworkList.tr("All networks"),
        "mine": NetworkList.tr("Mine"),
        "my_team": NetworkList.tr("My team"),
        "open": NetworkList.tr("Open"),
        "closed": NetworkList.tr("Closed"),
        "waiting": NetworkList.tr("Waiting for first meeting"),
        "safeguarding": NetworkList.tr("Open safeguarding concern"),
    }[key]


URGENCY = {
    "very_urgent": QT_TRANSLATE_NOOP("NetworkList", "Very urgent"),
    "urgent": QT_TRANSLATE_NOOP("NetworkList", "Urgent"),
    "routine": QT_TRANSLATE_NOOP("NetworkList", "Routine"),
}


# One row: the store's summary of a network (odesk.store.summaries), kept up to date by every
# write and pulled page, so the list parses no record to show it.
NetworkRow = NetworkSummary

FIRST_SCREEN = 100  # rows read before the rest: more than a window shows


def load_rows(store: Store, limit: int | None = None, offset: int = 0) -> list[NetworkRow]:
    """Summaries of live networks, newest referral first (``limit``/``offset``: a slice)."""
    return store.network_summaries(limit=limit, offset=offset)


class NetworkTableModel(QAbstractTableModel):
    """Networks passing the chosen filter; rows reach the view in batches."""

    # the safeguarding flag beside the name, where the eye is, not past the window's edge
    COLUMNS = ("name", "safeguarding", "status", "urgency", "received", "first_meeting")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[NetworkRow] = []
        self._matching: list[NetworkRow] = []
        self._shown = 0
        self._filter = "all"
        self._user_id = ""
        self._team_ids: set[str] = set()
        self._team_names: dict[str, str] = {}

    # --- feeding --------------------------------------------------------------------------------

    def set_rows(
        self, rows: list[NetworkRow], *, user_id: str = "", team_ids=(), team_names=None
    ) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._user_id = user_id
        self._team_ids = set(team_ids)
        self._team_names = dict(team_names or {})
        self._apply()
        self.endResetModel()

    def append_rows(self, rows: list[NetworkRow]) -> None:
        """Add rows that follow those already set (the rest of a list whose first screenful is
        shown): nothing shown moves; they reach the view through fetchMore like the others."""
        self._all.extend(rows)
        self._matching.extend(r for r in rows if self._keep(r))
        if self._shown < BATCH and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def clear(self) -> None:
        self.set_rows([])

    def set_filter(self, key: str) -> None:
        if key not in FILTERS:
            raise ValueError(f"not a network filter: {key}")
        self.beginResetModel()
        self._filter = key
        self._apply()
        self.endResetModel()

    @property
    def filter(self) -> str:
        return self._filter

    def _keep(self, row: NetworkRow) -> bool:
        f = self._filter
        if f == "mine":
            return self._user_id in row.key_practitioner_ids or row.created_by == self._user_id
        if f == "my_team":
            return row.team_id in self._team_ids
        if f == "open":
            return row.status == "open"
        if f == "closed":
            return row.status == "closed"
        if f == "waiting":
            return row.waiting
        if f == "safeguarding":
            return row.safeguarding > 0
        return True

    def _apply(self) -> None:
        self._matching = [r for r in self._all if self._keep(r)]
        self._shown = min(BATCH, len(self._matching))

    def total_all(self) -> int:
        return len(self._all)

    def total(self) -> int:
        return len(self._matching)

    def row_of(self, network_id: str) -> int | None:
        """The row of a network passing the filter, fetching rows up to it; None if filtered out."""
        for i, row in enumerate(self._matching):
            if row.id == network_id:
                while self._shown <= i:
                    self.fetchMore(QModelIndex())
                return i
        return None

    def fetch_all(self) -> None:
        while self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._matching)

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(BATCH, len(self._matching) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    # --- model ----------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def row_at(self, row: int) -> NetworkRow | None:
        return self._matching[row] if 0 <= row < self._shown else None

    @staticmethod
    def header_labels() -> list[str]:
        return [
            NetworkList.tr("Person"),
            NetworkList.tr("Safeguarding"),
            NetworkList.tr("Status"),
            NetworkList.tr("Urgency"),
            NetworkList.tr("Referral received"),
            NetworkList.tr("First meeting"),
        ]

    def header_model(self) -> QStandardItemModel:
        """The column titles as a C++ model, for the view's header to draw from."""
        model = QStandardItemModel(0, len(self.COLUMNS), self)
        model.setHorizontalHeaderLabels(self.header_labels())
        return model

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE):
        # For readers of the model itself, such as assistive technology; the view's header
        # draws from `header_model()`. An orientation exists only once `Qt` does.
        from PySide6.QtCore import Qt

        if orientation != Qt.Orientation.Horizontal or role != DISPLAY_ROLE:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return self.header_labels()[section]

    def data(self, index: ModelIndex, role: int = DISPLAY_ROLE):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        col = self.COLUMNS[index.column()]
        if role == ID_ROLE:
            return row.id
        if col == "safeguarding" and row.safeguarding:
            # icon and words, never colour alone; the count and what ends it for screen readers
            from odesk.ui import safeguarding

            if role == DECORATION_ROLE:
                return safeguarding.flag_icon()
            if role in (ACCESSIBLE_TEXT_ROLE, TOOLTIP_ROLE):
                return safeguarding.flag_description(row.safeguarding)
        if role in (DISPLAY_ROLE, ACCESSIBLE_TEXT_ROLE):
            return self._display(row, col)
        if role == SORT_ROLE:
            if col == "received":
                return row.received_at
            if col == "first_meeting":
                return row.first_meeting.isoformat() if row.first_meeting else ""
            if col == "safeguarding":
                return f"{row.safeguarding:06d}"
            return self._display(row, col).casefold()  # sorts regardless of case
        if role == FOREGROUND_ROLE and col == "first_meeting" and row.waiting:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.Link))
        if role == TOOLTIP_ROLE and col == "name":
            return self._team_names.get(row.team_id, "")
        return None

    def _display(self, row: NetworkRow, col: str) -> str:
        if col == "name":
            return row.name
        if col == "status":
            return NetworkList.tr("Open") if row.status == "open" else NetworkList.tr("Closed")
        if col == "urgency":
            return NetworkList.tr(URGENCY.get(row.urgency, row.urgency))
        if col == "received":
            when = row.received()
            return format_datetime(when)
        if col == "first_meeting":
            if row.first_meeting is not None:
                return format_datetime(row.first_meeting)
            return NetworkList.tr("Waiting") if row.status == "open" else ""
        if col == "safeguarding" and row.safeguarding:
            from odesk.ui.safeguarding import flag_short

            return flag_short()
        return ""

    # flags(): Qt's default for a table (enabled, selectable, no children).


class NetworkFilterProxy(QSortFilterProxyModel):
    """Sorting and the search box: every word typed must appear in the row's text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)  # folded text: sorting ignores case
        self._words: list[str] = []

    def searching(self) -> bool:
        return bool(self._words)

    def set_search(self, text: str) -> None:
        source = self.sourceModel()
        words = text.lower().split()
        if words and isinstance(source, NetworkTableModel):
            source.fetch_all()  # a search looks at every network, not just the rows loaded so far
        self.beginFilterChange()
        self._words = words
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        text = " ".join(
            str(model.data(model.index(source_row, c, source_parent)) or "")
            for c in range(model.columnCount(source_parent))
        ).lower()
        return all(w in text for w in self._words)
