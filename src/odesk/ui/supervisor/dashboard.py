"""The team dashboard: a period chooser, the team's figures and charts, PDF and research export.

The figures are read and computed on a pool thread (odesk.ui.supervisor.loading): on a big
caseload the store holds tens of thousands of notes, and `team_report` goes over all of them.
The records read are kept, so choosing another team or period only computes again (also on the
pool); the UI thread draws the charts of the report that comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from odesk.reports import TeamReport, team_report
from odesk.reports.dataset import team_and_descendants
from odesk.ui.a11y import LiveLabel
from odesk.ui.keys import tab_leaves
from odesk.ui.safeguarding import ADDRESSED_FIELD, SafeguardingBanner, notes_with_concern
from odesk.ui.supervisor.charts import (
    attendance_chart,
    chart_view,
    continuity_chart,
    fidelity_chart,
    figures_model,
    first_meeting_chart,
    meetings_chart,
)
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.export_worker import ResearchExportThread
from odesk.ui.supervisor.loading import LoadingNote, PageLoader
from odesk.ui.supervisor.pdf_report import summary_lines, write_team_report_pdf
from odesk.ui.times import date_input

# What the team figures (odesk.reports.team_report) read: these kinds whole, and of a note only
# where it belongs, whether it is signed and whether it records reflections. A supervisor's store
# holds every note's text (tens of thousands on a big caseload), which the dashboard never shows,
# so it is not kept; addenda and supervision sessions are not read by the figures at all.
FIGURE_KINDS = ("network", "member", "meeting", "meeting_correction", "rating")
_NOTE_FIELDS = ("kind", "id", "network_id", "meeting_id", "state")


def figure_records(store: Any) -> list[dict]:
    """The records the dashboard computes from, read once and kept small."""
    records: list[dict] = []
    for kind in FIGURE_KINDS:
        records.extend(store.records(kind))
    # notes picked out by SQLite, never parsed whole (see Store.fields)
    for *values, reflections in store.fields("note", (*_NOTE_FIELDS[1:], "reflections")):
        slim = dict(zip(_NOTE_FIELDS, ("note", *values), strict=True))
        slim["reflections"] = "yes" if str(reflections or "").strip() else ""
        records.append(slim)
    # reviews only as the dashboard's safeguarding count asks of them: which note they addressed
    for review in store.flagged_records("review", ADDRESSED_FIELD):
        records.append(
            {
                "kind": "review",
                "id": review.get("id"),
                "note_id": review.get("note_id"),
                ADDRESSED_FIELD: review.get(ADDRESSED_FIELD),
            }
        )
    return records


@dataclass(frozen=True)
class FigureData:
    """What the dashboard read from the store: the figure records and, of the notes with a
    safeguarding concern, which note of which network (to count those still open)."""

    records: list[dict]
    concern_notes: list[tuple[str, str]]  # (note id, network id)


@dataclass(frozen=True)
class Figures:
    """One answer of the dashboard's worker: the data it computed from and the figures."""

    data: FigureData
    report: TeamReport
    open_concerns: int


def figure_data(store: Any) -> FigureData:
    """Read the store once for the dashboard (on a pool thread)."""
    concern_notes = [(n["id"], n.get("network_id") or "") for n in notes_with_concern(store)]
    return FigureData(figure_records(store), concern_notes)


def open_concerns(data: FigureData, team_id: str, teams: list[dict]) -> int:
    """Notes of the team (with its podlets) whose safeguarding concern is still open, in any
    period: a concern stays on the dashboard until a review marks it addressed."""
    scope = team_and_descendants(team_id, teams)
    records = data.records
    networks = {r["id"] for r in records if r["kind"] == "network" and r.get("team_id") in scope}
    addressed = {
        r.get("note_id") for r in records if r["kind"] == "review" and r.get(ADDRESSED_FIELD)
    }
    return sum(
        1
        for note_id, network_id in data.concern_notes
        if network_id in networks and note_id not in addressed
    )


def compute_figures(
    store: Any, data: FigureData | None, team_id: str, start: date, end: date, teams: list[dict]
) -> Figures:
    """The team's figures for the period, reading the store first if ``data`` is None (runs on a
    pool thread; ``data`` is only read, so threads may share it)."""
    if data is None:
        data = figure_data(store)
    report = team_report(data.records, team_id, start, end, teams=teams)
    return Figures(data, report, open_concerns(data, team_id, teams))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DashboardPage(QWidget):
    report_changed = Signal(object)
    pdf_written = Signal(str)
    export_done = Signal(object)
    export_failed = Signal(str)

    PRESETS = (
        QT_TRANSLATE_NOOP("DashboardPage", "Last 3 months"),
        QT_TRANSLATE_NOOP("DashboardPage", "Last 6 months"),
        QT_TRANSLATE_NOOP("DashboardPage", "Last 12 months"),
        QT_TRANSLATE_NOOP("DashboardPage", "This year"),
        QT_TRANSLATE_NOOP("DashboardPage", "Custom"),
    )

    def __init__(
        self, ctx: SupervisorContext, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: TeamReport | None = None
        self._data: FigureData | None = None  # read from the store on refresh()
        self.loader = PageLoader(
            lambda: bool(getattr(ctx.store, "closed", False)), self, changes=ctx.store.changes
        )
        self.loader.loaded.connect(self._figures_ready)
        self.loader.failed.connect(self._load_failed)
        self.loader.busy_changed.connect(self._busy_changed)
        self.views: list[QChartView] = []
        self.export_thread: ResearchExportThread | None = None
        self.setAccessibleName(self.tr("Team dashboard"))
        self._building = True  # the period is set below without computing anything yet

        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Export in progress"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.loading_note = LoadingNote(self.tr("Loading the team's figures…"))
        layout.addWidget(self.loading_note)
        self.status = LiveLabel()
        self.status.setAccessibleName(self.tr("Dashboard status"))
        layout.addWidget(self.status)
        layout.addWidget(self._figures_area(), 1)

        self.set_preset("Last 3 months")
        self.team_box.currentIndexChanged.connect(lambda _: self.recompute())
        self.preset_box.currentIndexChanged.connect(
            lambda _: self.set_preset(self.preset_box.currentData())
        )
        self.start_edit.dateChanged.connect(self._custom)
        self.end_edit.dateChanged.connect(self._custom)
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.export_button.clicked.connect(self.choose_export_dir)
        self._building = False
        if not lazy:  # else read when first shown (showEvent) or a period is chosen
            self.refresh()

    def _top_row(self) -> QHBoxLayout:
        """Team, period (a preset or from–to) and the two ways out: PDF and research export."""
        top = QHBoxLayout()
        self.team_box = QComboBox()
        self.team_box.setAccessibleName(self.tr("Team"))
        for team_id in self.ctx.report_team_ids():
            self.team_box.addItem(self.ctx.team_name(team_id), team_id)
        self.preset_box = QComboBox()
        self.preset_box.setAccessibleName(self.tr("Period"))
        for preset in self.PRESETS:
            self.preset_box.addItem(self.tr(str(preset)), preset)
        self.start_edit = QDateEdit()
        self.end_edit = QDateEdit()
        for edit, name in (
            (self.start_edit, self.tr("Period start")),
            (self.end_edit, self.tr("Period end")),
        ):
            date_input(edit)
            edit.setAccessibleName(name)
        for text, widget in (
            (self.tr("Tea&m"), self.team_box),
            (self.tr("&Period"), self.preset_box),
            (self.tr("F&rom"), self.start_edit),
            (self.tr("T&o"), self.end_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addStretch(1)
        self.pdf_button = QPushButton(self.tr("Save report as P&DF…"))
        self.pdf_button.setAccessibleName(self.tr("Save the team report as PDF"))
        self.export_button = QPushButton(self.tr("Research &export…"))
        self.export_button.setAccessibleName(self.tr("Pseudonymised research export"))
        top.addWidget(self.pdf_button)
        top.addWidget(self.export_button)
        return top

    def _figures_area(self) -> QScrollArea:
        """The safeguarding banner, the team figures, the charts and their figures as tables."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(self.tr("Team figures and charts"))
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.safeguarding = SafeguardingBanner()
        self.body_layout.addWidget(self.safeguarding)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Team figures"))
        self.body_layout.addWidget(self.summary)
        self.grid = QGridLayout()
        self.body_layout.addLayout(self.grid)
        # Each chart's figures as a table (text alternative for screen readers, and exact values
        # for anyone): one tab per chart, under the charts.
        self.figures = QTabWidget()
        self.figures.setAccessibleName(self.tr("Chart figures as tables"))
        self.figures.setMinimumHeight(220)
        self.body_layout.addWidget(QLabel(self.tr("Figures of the charts")))
        self.body_layout.addWidget(self.figures)
        self.body_layout.addStretch(1)
        scroll.setWidget(body)
        return scroll

    # --- the period -----------------------------------------------------------------------

    def set_preset(self, preset: str) -> None:
        today = QDate.currentDate()
        starts = {
            "Last 3 months": today.addMonths(-3).addDays(1),
            "Last 6 months": today.addMonths(-6).addDays(1),
            "Last 12 months": today.addMonths(-12).addDays(1),
            "This year": QDate(today.year(), 1, 1),
        }
        if preset in starts:
            self.set_period(_pydate(starts[preset]), _pydate(today), preset=preset)

    def set_period(self, start: date, end: date, *, preset: str = "Custom") -> None:
        """Choose the period (days included) and recompute the figures."""
        for widget in (self.start_edit, self.end_edit, self.preset_box):
            widget.blockSignals(True)
        self.start_edit.setDate(_qdate(start))
        self.end_edit.setDate(_qdate(end))
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(preset)))
        for widget in (self.start_edit, self.end_edit, self.preset_box):
            widget.blockSignals(False)
        self.recompute()

    def _custom(self) -> None:
        self.preset_box.blockSignals(True)
        self.preset_box.setCurrentIndex(self.preset_box.findData("Custom"))
        self.preset_box.blockSignals(False)
        self.recompute()

    def period(self) -> tuple[date, date]:
        return _pydate(self.start_edit.date()), _pydate(self.end_edit.date())

    # --- figures --------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.loader.busy

    def refresh(self) -> None:
        """Re-read the store (on showing the page, after a sync), then recompute."""
        if getattr(self.ctx.store, "closed", False):
            self.clear()
            return
        self._data = None
        self.recompute()

    def recompute(self) -> None:
        """Figures for the chosen team and period, computed on a pool thread from the records
        last read (read first if there are none); the figures shown stay until they come."""
        if self._building:
            return
        if getattr(self.ctx.store, "closed", False):
            self.clear()
            return
        team_id = self.team_box.currentData()
        start, end = self.period()
        if team_id is None:
            self.status.setText(self.tr("You supervise no team."))
            return
        if end < start:
            self.status.setText(self.tr("The period ends before it starts."))
            return
        store, data, teams = self.ctx.store, self._data, list(self.ctx.teams.values())
        self.loader.start(lambda: compute_figures(store, data, team_id, start, end, teams))

    def _figures_ready(self, figures: Figures) -> None:
        self._data = figures.data
        self.status.clear()
        self.report = figures.report
        self.safeguarding.show_count(figures.open_concerns)
        self.summary.setText("<br>".join(escape(line) for line in summary_lines(self.report)))
        self._draw()
        self.report_changed.emit(self.report)

    def _load_failed(self, message: str) -> None:
        self.status.setText(
            self.tr("The team's figures could not be read: %1").replace("%1", message)
        )

    def _busy_changed(self, busy: bool) -> None:
        self.loading_note.set_busy(busy)

    def _draw(self) -> None:
        assert self.report is not None
        self._drop_views()
        charts = [
            (first_meeting_chart, self.tr("Referral to first meeting"), self.tr("Referral")),
            (meetings_chart, self.tr("Meetings per network per month"), self.tr("Month")),
            (continuity_chart, self.tr("Continuity"), self.tr("Month")),
            (attendance_chart, self.tr("Network attendance"), self.tr("Month")),
            (fidelity_chart, self.tr("Fidelity over time"), self.tr("Month")),
        ]
        for n, (make, name, first_column) in enumerate(charts):
            view = chart_view(make(self.report), name)
            self.grid.addWidget(view, n // 2, n % 2)
            self.views.append(view)
            table = QTableView()
            table.setModel(figures_model(view.chart(), first_column))
            table.setAccessibleName(self.tr("%1: figures").replace("%1", name))
            table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            tab_leaves(table)  # arrows move in the table, Tab goes on
            view.setAccessibleDescription(
                self.tr("Its figures are in the table %1").replace("%1", table.accessibleName())
            )
            self.figures.addTab(table, name)
        # Show and place the new charts now: Qt shows a widget added to a visible layout only
        # later, and until the next layout pass they would sit at the top-left, one over another.
        if self.isVisible():
            for view in self.views:
                view.show()
            self.body_layout.activate()

    def clear(self) -> None:
        self.loader.cancel()  # figures still being computed are never shown
        self.report = None
        self._data = None
        self.safeguarding.show_count(0)
        self.summary.clear()
        self._drop_views()

    def _drop_views(self) -> None:
        # Detach at once: a view only marked for deletion would stay painted at the body's
        # top-left corner over the new grid until the event loop deletes it.
        for view in self.views:
            self.grid.removeWidget(view)
            view.hide()
            view.setParent(None)
            view.deleteLater()
        self.views = []
        while self.figures.count():
            table = self.figures.widget(0)
            self.figures.removeTab(0)
            if table is not None:
                table.deleteLater()

    def showEvent(self, event) -> None:  # noqa: N802
        if not self.loader.fresh():  # shown again with nothing written: nothing to read
            self.refresh()
        super().showEvent(event)

    # --- PDF ------------------------------------------------------------------------------

    def chart_images(self) -> list[tuple[str, QImage]]:
        images = []
        for view in self.views:
            if view.width() < 600:
                view.resize(720, 400)
            images.append((view.accessibleName(), view.grab().toImage()))
        return images

    def choose_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save team report"), "", self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> Path | None:
        if self.report is None:
            return None
        team_name = self.ctx.team_name(self.report.team_id)
        try:
            written = write_team_report_pdf(path, self.report, team_name, self.chart_images())
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Report not saved"), str(exc))
            return None
        self.ctx.store.audit("export.team_report")
        self.status.setText(self.tr("Report saved to %1").replace("%1", str(written)))
        self.pdf_written.emit(str(written))
        return written

    # --- research export ------------------------------------------------------------------

    def choose_export_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Research export folder"))
        if folder:
            self.export_research(Path(folder))

    def export_research(self, folder: Path) -> ResearchExportThread:
        start, end = self.period()
        thread = ResearchExportThread(
            self.ctx, folder, self.team_box.currentData(), start, end, self
        )
        thread.succeeded.connect(self._export_ok)
        thread.failed.connect(self._export_failed)
        thread.finished.connect(self._export_finished)
        self.export_thread = thread
        self.progress.show()
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Exporting…"))
        thread.start()
        return thread

    def _export_finished(self) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)

    def _export_ok(self, result: object) -> None:
        self.status.setText(
            self.tr("Research export written to %1").replace("%1", str(result.directory))  # type: ignore[attr-defined]
        )
        self.export_done.emit(result)

    def _export_failed(self, message: str) -> None:
        self.status.setText(self.tr("Export failed: %1").replace("%1", message))
        self.export_failed.emit(message)
