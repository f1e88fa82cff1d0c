"""The review queue: signed notes from the teams I supervise that I have not reviewed yet.

ReviewQueueModel holds one row per signed note (newest first); ReviewQueueFilter narrows it by
team (a service includes its podlets), by practitioner, and hides notes I have reviewed unless
asked to show them.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

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


def _utc(value: str) -> str:
    """A time as UTC ISO text, so times written with different offsets sort correctly."""
    moment = parse(value)
    return moment.astimezone(UTC).isoformat() if moment else ""


class ReviewQueueModel(RowsTableModel):
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
        self._rows: list[dict[str, Any]] = []

    def refresh(self) -> None:
        """Re-read the store (after a sync, a review saved, or on showing the page)."""
        self.beginResetModel()
        self._rows = self._load()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def _load(self) -> list[dict[str, Any]]:
        store, me = self.ctx.store, self.ctx.user_id
        supervised = self.ctx.supervised_team_ids()
        networks = {n["id"]: n for n in store.records("network")}
        meetings = {m["id"]: m for m in store.records("meeting")}
        addressed = safeguarding.addressed_note_ids(store)
        concerns = {n["id"] for n in safeguarding.notes_with_concern(store)}
        mine: dict[str, dict] = {}
        for review in store.records("review", reviewer_id=me):
            mine[review.get("note_id") or ""] = review
        # Names and words once per distinct value: a big caseload has tens of thousands of rows
        # but a few teams, colleagues and statuses.
        team_names: dict[Any, str] = {}
        user_names: dict[Any, str] = {}
        flag = safeguarding.flag_text()
        rows = []
        for note in store.records("note", state="signed"):
            network = networks.get(note.get("network_id") or "")
            if network is None or network.get("team_id") not in supervised:
                continue
            if note.get("author_id") == me:
                continue  # nobody reviews their own note
            meeting = meetings.get(note.get("meeting_id") or "") or {}
            person = network.get("person") or {}
            my_review = mine.get(note["id"])
            team_id, author_id = network.get("team_id"), note.get("author_id")
            if team_id not in team_names:
                team_names[team_id] = self.ctx.team_name(team_id)
            if author_id not in user_names:
                user_names[author_id] = self.ctx.user_name(author_id)
            signed_at = note.get("signed_at") or note.get("updated_at") or ""
            meeting_at = meeting.get("start") or meeting.get("planned_start") or ""
            status: Any = my_review.get("status") if my_review else ""
            concern = note["id"] in concerns and note["id"] not in addressed
            name = person.get("preferred_name") or person.get("name") or ""
            signed_utc = _utc(signed_at)
            rows.append(
                {
                    "note_id": note["id"],
                    "signed_at": signed_at,
                    "team_id": team_id,
                    "author_id": author_id,
                    "network": name,
                    "meeting_at": meeting_at,
                    "review": status,
                    "concern": concern,
                    # What data() answers, worked out once here: the views and the sorting
                    # proxy ask for every row many times over.
                    "display": (
                        when(signed_at),
                        team_names[team_id],
                        user_names[author_id],
                        name,
                        when(meeting_at),
                        self._status_text(status),
                        flag if concern else "",
                    ),
                    "sort": (
                        signed_utc,
                        team_names[team_id],
                        user_names[author_id],
                        name,
                        _utc(meeting_at),
                        status,
                        int(concern),
                    ),
                }
            )
        rows.sort(key=lambda r: r["sort"][0], reverse=True)
        return rows

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

    def _status_text(self, status: str) -> str:
        return {
            "": self.tr("not reviewed"),
            "seen": self.tr("seen"),
            "for_supervision": self.tr("for supervision"),
            "discussed": self.tr("discussed"),
        }.get(status, status)


class ReviewQueueFilter(QSortFilterProxyModel):
    """Team (with podlets), practitioner and reviewed-or-not filters; sorts newest first."""

    def __init__(self, ctx: SupervisorContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._teams: set[str] | None = None
        self._author: str | None = None
        self._show_reviewed = False
        self._concerns_only = False
        self.setSortRole(SORT_ROLE)

    def set_team(self, team_id: str | None) -> None:
        self.beginFilterChange()
        self._teams = team_and_descendants(team_id, self.ctx.teams.values()) if team_id else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_practitioner(self, user_id: str | None) -> None:
        self.beginFilterChange()
        self._author = user_id or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_reviewed(self, show: bool) -> None:
        self.beginFilterChange()
        self._show_reviewed = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_concerns_only(self, only: bool) -> None:
        self.beginFilterChange()
        self._concerns_only = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._teams is not None and model.data(index, TEAM_ROLE) not in self._teams:
            return False
        if self._author is not None and model.data(index, AUTHOR_ROLE) != self._author:
            return False
        concern = bool(model.data(index, CONCERN_ROLE))
        if self._concerns_only and not concern:
            return False
        # a note whose safeguarding concern is still open stays in the queue even once reviewed
        return self._show_reviewed or concern or not model.data(index, REVIEWED_ROLE)
