"""The team dashboard: figures and charts for a chosen period, PDF report, research export."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader
from PySide6.QtCore import Qt

from odesk.ui.supervisor import DashboardPage
from tests.reports.known_data import CANARIES
from tests.ui.supervisor.loaded import loaded


def make_page(qtbot, ctx) -> DashboardPage:
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.set_period(date(2026, 3, 1), date(2026, 4, 30))
    return loaded(qtbot, page)


def test_dashboard_shows_the_team_figures_and_charts(qtbot, ctx):
    page = make_page(qtbot, ctx)
    assert page.team_box.currentData() == "team-north"
    teams = [page.team_box.itemData(i) for i in range(page.team_box.count())]
    assert teams == ["team-north", "pod-a"]  # a podlet's own figures can be drawn too
    assert page.preset_box.currentData() == "Custom"
    report = page.report
    assert report is not None
    assert (report.period.start, report.period.end) == (date(2026, 3, 1), date(2026, 4, 30))
    assert report.timings.share_met == 2 / 3
    assert "2 of 3 (67%)" in page.summary.text()
    assert len(page.views) == 5
    titles = [view.chart().title() for view in page.views]
    assert titles[0].startswith("Referral to first meeting (hours)")
    assert "67% within target" in titles[0]
    assert all(view.accessibleName() for view in page.views)
    assert all(not image.isNull() for _, image in page.chart_images())


def test_a_podlets_figures(qtbot, ctx):
    page = make_page(qtbot, ctx)
    page.team_box.setCurrentIndex(page.team_box.findData("pod-a"))
    loaded(qtbot, page)
    assert page.report.team_id == "pod-a"
    assert (page.report.timings.referrals, page.report.timings.missed) == (1, 1)


def test_changing_the_period_recomputes(qtbot, ctx):
    page = make_page(qtbot, ctx)
    with qtbot.waitSignal(page.report_changed) as changed:
        page.start_edit.setDate(page.start_edit.date().addMonths(1))  # April only
    report = changed.args[0]
    assert report.period.start == date(2026, 4, 1)
    assert report.meetings.held == 1
    page.set_preset("This year")
    loaded(qtbot, page)
    assert page.report.period.start.month == 1


def test_pdf_report_names_the_period(qtbot, ctx, sup_store, tmp_path):
    page = make_page(qtbot, ctx)
    (tmp_path / "out").mkdir()
    with qtbot.waitSignal(page.pdf_written):
        written = page.save_pdf(tmp_path / "out" / "north-report")
    assert written == tmp_path / "out" / "north-report.pdf"
    assert [p.name for p in written.parent.iterdir()] == ["north-report.pdf"]  # no partial left
    reader = PdfReader(written)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "01/03/2026 to 30/04/2026" in text
    assert "North" in text
    assert "67%" in text
    assert reader.metadata.title == "Team report: North, 01/03/2026 to 30/04/2026"
    assert sum(len(p.images) for p in reader.pages) == 5  # the charts
    assert sup_store.audit_entries()[-1]["action"] == "export.team_report"


def test_pdf_to_a_missing_folder_is_refused(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    page = make_page(qtbot, ctx)
    assert page.save_pdf(tmp_path / "absent" / "r.pdf") is None
    assert shown and "no such folder" in shown[0]


def test_research_export_runs_in_a_worker(qtbot, ctx, sup_store, tmp_path):
    page = make_page(qtbot, ctx)
    with qtbot.waitSignal(page.export_done, timeout=20000) as done:
        page.export_research(tmp_path / "research")
    result = done.args[0]
    assert result.rows["timings.csv"] == 6
    qtbot.waitUntil(lambda: page.export_button.isEnabled())
    assert "Research export written" in page.status.text()
    for path in (tmp_path / "research").iterdir():
        text = path.read_text(encoding="utf-8")
        assert not [c for c in CANARIES if c in text], path.name
    assert sup_store.audit_entries()[-1]["action"] == "export.research"


def test_research_export_failure_is_one_line(qtbot, ctx, tmp_path):
    page = make_page(qtbot, ctx)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with qtbot.waitSignal(page.export_failed, timeout=20000) as failed:
        page.export_research(blocker)
    assert failed.args[0].endswith("is not a folder")
    qtbot.waitUntil(lambda: page.export_button.isEnabled())


def test_new_records_show_after_refresh(qtbot, ctx, sup_store):
    from tests.reports.known_data import rid

    page = make_page(qtbot, ctx)
    assert page.report.meetings.held == 5
    sup_store.save(
        {
            "kind": "meeting",
            "network_id": rid("N1"),
            "status": "held",
            "start": "2026-04-20T10:00:00+01:00",
            "location": "community",
        }
    )
    page.refresh()  # e.g. after a sync, or on showing the page again
    loaded(qtbot, page)
    assert page.report.meetings.held == 6
    assert page.report.meetings.venues["community"] == 1


def test_redrawing_leaves_only_the_five_charts_in_the_grid(qtbot, ctx):
    from PySide6.QtCharts import QChartView

    page = make_page(qtbot, ctx)
    page.set_period(date(2026, 1, 1), date(2026, 4, 30))  # a redraw replaces every chart
    loaded(qtbot, page)
    on_screen = [v for v in page.findChildren(QChartView) if not v.isHidden()]
    assert sorted(map(id, on_screen)) == sorted(map(id, page.views))
    cells = {page.grid.getItemPosition(page.grid.indexOf(v))[:2] for v in page.views}
    assert cells == {(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)}
    # placed at once, before any event is processed: none left at the top-left over the others
    page.show()
    page.set_period(date(2026, 3, 1), date(2026, 4, 30))
    loaded(qtbot, page)
    tops = [v.geometry().top() for v in page.views]
    assert tops[0] == tops[1] < tops[2] == tops[3] < tops[4]


def test_each_chart_has_its_figures_as_a_table(qtbot, ctx):
    """The text alternative of the charts: a screen reader reads the same figures cell by cell."""
    from PySide6.QtGui import QAccessible

    page = make_page(qtbot, ctx)
    assert page.figures.count() == 5
    assert [page.figures.tabText(i) for i in range(5)] == [v.accessibleName() for v in page.views]
    first = page.figures.widget(0)
    model = first.model()
    assert first.accessibleName() == "Referral to first meeting: figures"
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header == ["Referral", "hours", "24 h target", "4 h target (very urgent)"]
    timed = [i for i in page.report.timings.items if i.hours is not None]
    assert model.rowCount() == len(timed) == 3
    hours = sorted(float(model.index(r, 1).data()) for r in range(model.rowCount()))
    assert hours == sorted(round(i.hours, 1) for i in timed)
    assert {model.index(r, 2).data() for r in range(model.rowCount())} == {"24.0"}
    assert {model.index(r, 3).data() for r in range(model.rowCount())} == {"4.0"}
    # through Qt's accessibility interface, as AT-SPI or UI Automation read it
    iface = QAccessible.queryAccessibleInterface(first)
    assert iface.role() == QAccessible.Role.Table
    texts = [iface.child(i).text(QAccessible.Text.Name) for i in range(iface.childCount())]
    assert "24 h target" in texts and model.index(0, 0).data() in texts
    # the fidelity chart: one column per instrument, one row per month of the period
    fidelity = page.figures.widget(4).model()
    assert fidelity.rowCount() == 2  # March and April
    assert fidelity.columnCount() == 1 + len(page.report.fidelity.by_instrument)
    # redrawing replaces the tables with the charts
    page.set_period(date(2026, 1, 1), date(2026, 4, 30))
    loaded(qtbot, page)
    assert page.figures.count() == 5
    assert page.figures.widget(4).model().rowCount() == 4


def test_the_dashboard_keeps_no_note_text_and_its_figures_are_those_of_every_record(ctx):
    """The dashboard reads only what the figures need (a big caseload's note text stays in the
    store), and the figures it draws are the same as from every record of the store."""
    from datetime import UTC, datetime

    from odesk.reports import team_report
    from odesk.ui.supervisor.dashboard import figure_records

    slim = figure_records(ctx.store)
    notes = [r for r in slim if r["kind"] == "note"]
    assert notes and all(set(n) <= {*_NOTE_KEYS, "reflections"} for n in notes)
    moment = datetime(2026, 5, 1, tzinfo=UTC)
    teams = list(ctx.teams.values())
    for team_id in ("team-north", "pod-a"):
        args = (team_id, date(2026, 1, 1), date(2026, 4, 30))
        expected = team_report(ctx.all_records(), *args, teams=teams, as_of=moment)
        assert team_report(slim, *args, teams=teams, as_of=moment) == expected


_NOTE_KEYS = ("kind", "id", "network_id", "meeting_id", "state")
