"""The review queue: signed notes from the teams I supervise that I have not reviewed yet.

`queue_rows` reads them from the store (on a pool thread: see odesk.ui.supervisor.loading) as
plain rows with their cells already worked out. ReviewQueueModel shows them, newest first,
narrowed by team (a service includes its podlets), by practitioner, hiding notes I have reviewed
unless asked to show them. It filters and sorts its Python list itself: a QSortFilterProxyModel
asks a Python model for every row's sort key at each comparison, about 1.8 s on the UI thread
for the 29,000 notes of a big caseload, where sorting the list takes a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt

from odesk.core.safeguarding import addresses
from odesk.reports.dataset import team_and_descendants
from odesk.reports.period import parse
from odesk.ui import safeguarding
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.note_view import when
from odesk.ui.supervisor.rows_model import RowsTableModel

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TEAM_ROLE = Qt.ItemDataRole.UserRole + 2
AUTHOR_ROLE = Qt.ItemDataRole.UserRole + 3
REVIEWED_ROLE = Qt.ItemDataRole.UserRole + 4
SORT_ROLE = Qt.ItemDataRole.UserRole + 5
CONCERN_ROLE = Qt.ItemDataRole.UserRole + 6

_Index = QModelIndex | QPersistentModelIndex
Row = dict[str, Any]


def _utc(value: str) -> str:
    """A time as UTC ISO text, so times written with different offsets sort correctly."""
    moment = parse(value)
    return moment.astimezone(UTC).isoformat() if moment else ""


def queue_rows(ctx: SupervisorContext, words: Mapping[str, str]) -> list[Row]:
    """Every signed note of the teams I supervise, not mine, as the queue's rows, newest first.

    Runs on a pool thread: it reads the store and the context only, and takes its translated
    words (`ReviewQueueModel.words()`, keyed by review status, "flag" for the safeguarding
    flag) from the UI thread.
    """
    store, me = ctx.store, ctx.user_id
    supervised = ctx.supervised_team_ids()
    # Only the fields shown, picked out by SQLite: a big caseload's 30,000 notes and meetings
    # are never parsed whole (seconds, and millions of objects whose garbage collection would
    # pause the UI thread too).
    networks = {
        network_id: (team_id, preferred or name or "")
        for network_id, team_id, preferred, name in store.fields(
            "network", ("id", "team_id", "person.preferred_name", "person.name")
        )
    }
    meetings = {
        meeting_id: start or planned or ""
        for meeting_id, start, planned in store.fields("meeting", ("id", "start", "planned_start"))
    }
    addressed = safeguarding.addressed_note_ids(store)
    concerns = {n["id"] for n in safeguarding.notes_with_concern(store)}
    mine = dict(store.fields("review", ("note_id", "status"), reviewer_id=me))
    # Names and words once per distinct value: a big caseload has tens of thousands of rows
    # but a few teams, colleagues and statuses.
    team_names: dict[Any, str] = {}
    user_names: dict[Any, str] = {}
    rows = []
    signed = store.fields(
        "note",
        ("id", "network_id", "meeting_id", "author_id", "signed_at", "updated_at"),
        state="signed",
    )
    for note_id, network_id, meeting_id, author_id, signed_at, updated_at in signed:
        network = networks.get(network_id or "")
        if network is None or network[0] not in supervised:
            continue
        if author_id == me:
            continue  # nobody reviews their own note
        team_id, name = network
        if team_id not in team_names:
            team_names[team_id] = ctx.team_name(team_id)
        if author_id not in user_names:
            user_names[author_id] = ctx.user_name(author_id)
        signed_at = signed_at or updated_at or ""
        meeting_at = meetings.get(meeting_id or "", "")
        status: Any = mine.get(note_id) or ""
        concern = note_id in concerns and note_id not in addressed
        rows.append(
            {
                "note_id": note_id,
                "team_id": team_id,
                "author_id": author_id,
                "review": status,
                "concern": concern,
                # What data() answers, worked out once here: the view asks for each cell
                # many times over.
                "display": [
                    when(signed_at),
                    team_names[team_id],
                    user_names[author_id],
                    name,
                    when(meeting_at),
                    words.get(status, status),
                    words["flag"] if concern else "",
                ],
                "sort": [
                    _utc(signed_at),
                    team_names[team_id],
                    user_names[author_id],
                    name,
                    _utc(meeting_at),
                    status,
                    int(concern),
                ],
            }
        )
    rows.sort(key=lambda r: r["sort"][0], reverse=True)
    return rows


class ReviewQueueModel(RowsTableModel):
    """The queue's rows passing the filters, in the chosen order (newest signed first)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Signed"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Team"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Practitioner"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Network"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Meeting"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "My review"),
        QT_TRANSLATE_NOOP("ReviewQueueModel", "Safeguarding"),
    )

    def __init__(self, ctx: SupervisorContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._all: list[Row] = []  # every row read, newest first
        self._rows: list[Row] = []  # those passing the filters, in the chosen order
        self._teams: set[str] | None = None
        self._author: str | None = None
        self._show_reviewed = False
        self._concerns_only = False
        self._sort = (0, Qt.SortOrder.DescendingOrder)

    # --- feeding ------------------------------------------------------------------------------

    def words(self) -> dict[str, str]:
        """The translated words `queue_rows` writes into cells (made here, on the UI thread)."""
        return {
            "": self.tr("not reviewed"),
            "seen": self.tr("seen"),
            "for_supervision": self.tr("for supervision"),
            "discussed": self.tr("discussed"),
            "flag": safeguarding.flag_text(),
        }

    def refresh(self) -> None:
        """Read the store now, on this thread (tests and tools; the page reads on a pool
        thread)."""
        self.set_rows(queue_rows(self.ctx, self.words()))

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._all = rows
        self._rows = self._arranged()
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def apply_review(self, review: Mapping[str, Any]) -> None:
        """Show my review just saved on its note's row at once (what a re-read would show)."""
        words = self.words()
        for row in self._all:
            if row["note_id"] == review.get("note_id"):
                status = review.get("status") or ""
                row["review"] = status
                row["display"][5] = words.get(status, status)
                row["sort"][5] = status
                if row["concern"] and addresses(dict(review)):
                    row["concern"] = False
                    row["display"][6] = ""
                    row["sort"][6] = 0
        self._rearrange()

    # --- filters and order --------------------------------------------------------------------

    def set_team(self, team_id: str | None) -> None:
        self._teams = team_and_descendants(team_id, self.ctx.teams.values()) if team_id else None
        self._rearrange()

    def set_practitioner(self, user_id: str | None) -> None:
        self._author = user_id or None
        self._rearrange()

    def set_show_reviewed(self, show: bool) -> None:
        self._show_reviewed = show
        self._rearrange()

    def set_concerns_only(self, only: bool) -> None:
        self._concerns_only = only
        self._rearrange()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.COLUMNS):
            self._sort = (column, order)
            self._rearrange()

    def _keep(self) -> Callable[[Row], bool]:
        teams, author = self._teams, self._author
        show_reviewed, concerns_only = self._show_reviewed, self._concerns_only

        def keep(row: Row) -> bool:
            if teams is not None and row["team_id"] not in teams:
                return False
            if author is not None and row["author_id"] != author:
                return False
            if concerns_only and not row["concern"]:
                return False
            # a note whose safeguarding concern is still open stays even once reviewed
            return show_reviewed or row["concern"] or not row["review"]

        return keep

    def _arranged(self) -> list[Row]:
        column, order = self._sort
        rows = list(filter(self._keep(), self._all))
        # stable both ways: rows that tie keep the newest-first order they were read in
        descending = order == Qt.SortOrder.DescendingOrder
        rows.sort(key=lambda r: r["sort"][column], reverse=descending)
        return rows

    def _rearrange(self) -> None:
        """Filter and sort again, keeping the selection and current row on their notes."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [
            self._rows[i.row()]["note_id"] if 0 <= i.row() < len(self._rows) else None for i in old
        ]
        self._rows = self._arranged()
        where = {row["note_id"]: n for n, row in enumerate(self._rows)}
        new = []
        for index, note_id in zip(old, old_ids, strict=True):
            row = where.get(note_id)
            new.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # --- model --------------------------------------------------------------------------------

    def note_id(self, row: int) -> str:
        return self._rows[row]["note_id"]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row["display"][column]
        if role == SORT_ROLE:
            return row["sort"][column]
        if column == 6 and row["concern"]:
            # icon and words, never colour alone; the description for screen readers
            if role == Qt.ItemDataRole.DecorationRole:
                return safeguarding.flag_icon()
            if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
                return safeguarding.flag_description(1)
        if role == NOTE_ID_ROLE:
            return row["note_id"]
        if role == TEAM_ROLE:
            return row["team_id"]
        if role == AUTHOR_ROLE:
            return row["author_id"]
        if role == REVIEWED_ROLE:
            return bool(row["review"])
        if role == CONCERN_ROLE:
            return row["concern"]
        return None
