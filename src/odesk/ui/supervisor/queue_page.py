"""The review queue page: filters, the list of notes waiting, and opening one to review.

The notes are read on a pool thread (odesk.ui.supervisor.loading): on a big caseload that is
every signed note, seconds the window must not freeze for. Meanwhile the page says it is loading
and stays usable; the filters apply to whatever is shown and to the rows when they come.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from odesk.ui.a11y import LiveLabel
from odesk.ui.keys import open_rows
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.loading import LoadingNote, PageLoader
from odesk.ui.supervisor.queue_model import NOTE_ID_ROLE, ReviewQueueModel, queue_rows
from odesk.ui.supervisor.review_dialog import ReviewDialog


class ReviewQueuePage(QWidget):
    review_saved = Signal(dict)

    def __init__(
        self, ctx: SupervisorContext, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(self.tr("Review queue"))
        self.model = ReviewQueueModel(ctx, self)
        self.loader = PageLoader(
            lambda: bool(getattr(ctx.store, "closed", False)), self, changes=ctx.store.changes
        )
        self.loader.loaded.connect(self._rows_loaded)
        self.loader.failed.connect(self._load_failed)
        self.loader.busy_changed.connect(self._busy_changed)
        # Until the first rows come the count stays empty ("0 notes" would be untrue) and the
        # loading note speaks (once: the count saying it too would be heard twice).
        self.loaded_once = False

        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.loading_note = LoadingNote(self.tr("Loading the review queue…"))
        layout.addWidget(self.loading_note)
        self.view = QTableView()
        self.view.setAccessibleName(self.tr("Signed notes waiting for review"))
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        open_rows(self.view, self.open_index)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._bottom())

        self.team_box.currentIndexChanged.connect(
            lambda _: self._apply(self.model.set_team, self.team_box.currentData())
        )
        self.author_box.currentIndexChanged.connect(
            lambda _: self._apply(self.model.set_practitioner, self.author_box.currentData())
        )
        self.show_reviewed.toggled.connect(lambda on: self._apply(self.model.set_show_reviewed, on))
        self.concerns_only.toggled.connect(lambda on: self._apply(self.model.set_concerns_only, on))
        self.last_dialog: ReviewDialog | None = None
        if not lazy:  # else read when first shown (showEvent)
            self.refresh()

    def _filters(self) -> QHBoxLayout:
        """Team or podlet, practitioner, reviewed notes too, open concerns only."""
        filters = QHBoxLayout()
        self.team_box = QComboBox()
        self.team_box.setAccessibleName(self.tr("Filter by team or podlet"))
        team_label = QLabel(self.tr("Tea&m"))
        team_label.setBuddy(self.team_box)
        self.author_box = QComboBox()
        self.author_box.setAccessibleName(self.tr("Filter by practitioner"))
        author_label = QLabel(self.tr("&Practitioner"))
        author_label.setBuddy(self.author_box)
        self.show_reviewed = QCheckBox(self.tr("Show notes I have &reviewed"))
        self.show_reviewed.setAccessibleName(self.tr("Show notes I have reviewed"))
        self.concerns_only = QCheckBox(self.tr("Only open s&afeguarding concerns"))
        self.concerns_only.setAccessibleName(
            self.tr("Show only notes with an open safeguarding concern")
        )
        for widget in (team_label, self.team_box, author_label, self.author_box):
            filters.addWidget(widget)
        filters.addWidget(self.show_reviewed)
        filters.addWidget(self.concerns_only)
        filters.addStretch(1)
        return filters

    def _bottom(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.count_label = LiveLabel()
        self.count_label.setAccessibleName(self.tr("Notes waiting"))
        self.open_button = QPushButton(self.tr("&Open note"))
        self.open_button.setAccessibleName(self.tr("Open the selected note"))
        self.open_button.clicked.connect(self.open_selected)
        self.refresh_button = QPushButton(self.tr("R&efresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the review queue"))
        self.refresh_button.clicked.connect(self.refresh)
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.open_button)
        return bottom

    def _apply(self, setter, value) -> None:
        setter(value)
        self._update_count()

    def _fill_filters(self) -> None:
        team, author = self.team_box.currentData(), self.author_box.currentData()
        for box in (self.team_box, self.author_box):
            box.blockSignals(True)
            box.clear()
        self.team_box.addItem(self.tr("All my teams"), None)
        supervised = self.ctx.supervised_team_ids()
        teams = sorted(
            (t for t in self.ctx.teams.values() if t["id"] in supervised),
            key=lambda t: (t.get("parent_id") or "", (t.get("name") or "").lower()),
        )
        for t in teams:
            prefix = "   " if t.get("parent_id") in supervised else ""
            self.team_box.addItem(prefix + (t.get("name") or t["id"]), t["id"])
        self.author_box.addItem(self.tr("All practitioners"), None)
        seen: set[str] = set()
        for team_id in self.ctx.user.get("supervises_team_ids") or []:
            for user in self.ctx.team_users(team_id):
                if user["id"] not in seen and user["id"] != self.ctx.user_id:
                    seen.add(user["id"])
                    self.author_box.addItem(user.get("name") or user["id"], user["id"])
        for box, value in ((self.team_box, team), (self.author_box, author)):
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self.model.set_team(self.team_box.currentData())
        self.model.set_practitioner(self.author_box.currentData())

    @property
    def loading(self) -> bool:
        return self.loader.busy

    def refresh(self) -> None:
        """Read the queue again on a pool thread (after a sync, a save, or on showing the page);
        what is shown stays until the new rows come."""
        if getattr(self.ctx.store, "closed", False):
            self.clear()
            return
        self._fill_filters()
        ctx, words = self.ctx, self.model.words()
        self.loader.start(lambda: queue_rows(ctx, words))

    def _rows_loaded(self, rows: list) -> None:
        self.loaded_once = True
        self.model.set_rows(rows)
        self._update_count()

    def _load_failed(self, message: str) -> None:
        self.count_label.setText(
            self.tr("The review queue could not be read: %1").replace("%1", message)
        )

    def _busy_changed(self, busy: bool) -> None:
        self.loading_note.set_busy(busy)
        self.view.setAccessibleDescription(self.loading_note.text if busy else "")

    def clear(self) -> None:
        """Forget everything shown (the app is locking): the list and any open note."""
        if self.last_dialog is not None:
            self.last_dialog.discard()
            self.last_dialog.note_view.clear()
            self.last_dialog.comment.clear()
            self.last_dialog = None
        self.loader.cancel()  # a read still running is never shown
        self.loaded_once = False
        self.model.clear()
        self.count_label.clear()

    def _update_count(self) -> None:
        if not self.loaded_once:
            return  # still loading: the label says so
        self.count_label.setText(self.tr("%n note(s) shown", "", self.model.rowCount()))

    def showEvent(self, event) -> None:  # noqa: N802
        if not self.loader.fresh():  # shown again with nothing written: nothing to read
            self.refresh()
        super().showEvent(event)

    def open_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        index = rows[0] if rows else self.model.index(0, 0)
        if index.isValid():
            self.open_index(index)

    def open_index(self, index: QModelIndex) -> ReviewDialog:
        note_id = self.model.data(index.siblingAtColumn(0), NOTE_ID_ROLE)
        dialog = ReviewDialog(self.ctx, note_id, self)
        dialog.reviewed.connect(self._after_review)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _after_review(self, review: dict) -> None:
        # Shown on its row at once; a read running meanwhile may have missed it, so it reads again.
        self.model.apply_review(review)
        self._update_count()
        if self.loader.busy:
            self.refresh()
        self.review_saved.emit(review)
