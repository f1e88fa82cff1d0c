"""The dashboard's charts (QtCharts), each drawn from a TeamReport; no figure is computed here.

`figures_model` reads a chart's own series back into a table (one row per category, one column
per bar set or line), the text alternative a screen reader reads instead of the picture.

Marks are told apart by more than colour (WCAG 1.4.1) and stand out from the white plot area at
3:1 or more (1.4.11): bars carry their value, each line has its own dash pattern (shown in the
legend too), measured lines label their points, and every colour is a dark one from `MARK_COLOURS` (6:1 or more on white), not the
chart theme's pale defaults (2:1 to 3:1).
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QStandardItem, QStandardItemModel

from odesk.reports import TeamReport
from odesk.ui.i18n import Context
from odesk.ui.times import format_date

SupervisorCharts = Context("SupervisorCharts")

MARK_COLOURS = ("#1f5f99", "#a34700", "#2e6b30", "#6a1b9a")  # 6:1 to 9:1 on white
LABEL_COLOUR = "#202020"
LINE_STYLES = (
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.SolidLine,
)


def _line_pen(n: int) -> QPen:
    """The n-th line's pen: its own colour and its own dash pattern, 2 px wide."""
    pen = QPen(QColor(MARK_COLOURS[n % len(MARK_COLOURS)]))
    pen.setWidthF(2.0)
    pen.setStyle(LINE_STYLES[n % len(LINE_STYLES)])
    return pen


def _label_points(line: QLineSeries, text_format: str) -> None:
    line.setPointLabelsVisible(True)
    line.setPointLabelsFormat(text_format)
    line.setPointLabelsColor(QColor(LABEL_COLOUR))


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _legend_patterns(chart: QChart) -> None:
    """Lines' legend entries drawn as a piece of the line: its dash pattern, not only its colour
    (bars keep their filled square)."""
    for series in chart.series():
        if isinstance(series, QLineSeries):
            for marker in chart.legend().markers(series):
                marker.setShape(QLegend.MarkerShape.MarkerShapeFromSeries)


def _bars(
    title: str, categories: list[str], series: dict[str, list[float]], y_title: str
) -> QChart:
    chart = _chart(title)
    bars = QBarSeries()
    for n, (name, values) in enumerate(series.items()):
        bar_set = QBarSet(name)
        bar_set.append([round(float(v), 1) for v in values])  # as its label reads
        bar_set.setColor(QColor(MARK_COLOURS[n % len(MARK_COLOURS)]))
        bar_set.setBorderColor(QColor(MARK_COLOURS[n % len(MARK_COLOURS)]))
        bar_set.setLabelColor(QColor(LABEL_COLOUR))
        bars.append(bar_set)
    # Each bar says its value: the figure is read, not judged from a length or a colour.
    bars.setLabelsVisible(True)
    bars.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    bars.setLabelsFormat("@value")
    chart.addSeries(bars)
    x = QBarCategoryAxis()
    x.append(categories or [""])
    y = QValueAxis()
    y.setTitleText(y_title)
    top = max((max(v) for v in series.values() if v), default=0.0)
    y.setRange(0, max(1.0, top * 1.15))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(x)
    bars.attachAxis(y)
    return chart


def first_meeting_chart(report: TeamReport) -> QChart:
    """Hours from each referral to its first meeting, against the 24-hour target."""
    items = sorted(
        (i for i in report.timings.items if i.hours is not None), key=lambda i: i.received_at
    )
    # The day of each referral, in the locale's short date (the same form as every list)
    categories = [format_date(i.received_at.astimezone(report.period.tz)) for i in items]
    share = report.timings.share_met
    title = SupervisorCharts.tr("Referral to first meeting (hours)")
    if share is not None:
        title += " — " + SupervisorCharts.tr("%1% within target").replace(
            "%1", f"{share * 100:.0f}"
        )
    chart = _bars(
        title,
        categories,
        {SupervisorCharts.tr("hours"): [i.hours or 0.0 for i in items]},
        SupervisorCharts.tr("hours"),
    )
    y = chart.axes(Qt.Orientation.Vertical)[0]
    assert isinstance(y, QValueAxis)
    y.setMax(max(y.max(), 30.0))
    # Target lines need their own numeric x axis aligned with the bar categories.
    x = QValueAxis()
    x.setRange(-0.5, max(len(items), 1) - 0.5)
    x.setVisible(False)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    targets = [(SupervisorCharts.tr("24 h target"), 24.0)]
    if any(i.urgency == "very_urgent" for i in report.timings.items):
        targets.append((SupervisorCharts.tr("4 h target (very urgent)"), 4.0))
    for n, (name, hours) in enumerate(targets, start=1):
        target = QLineSeries()
        target.setName(name)
        # Dashed or dash-dotted, unlike the bars and each other; named in the legend (a label
        # at the line's ends would be cut by the plot's edges).
        target.setPen(_line_pen(n))
        target.append([QPointF(-0.5, hours), QPointF(max(len(items), 1) - 0.5, hours)])
        chart.addSeries(target)
        target.attachAxis(x)
        target.attachAxis(y)
    _legend_patterns(chart)
    return chart


def meetings_chart(report: TeamReport) -> QChart:
    months = report.meetings.by_month
    return _bars(
        SupervisorCharts.tr("Meetings per network per month"),
        [m.month for m in months],
        {SupervisorCharts.tr("meetings per network met"): [m.per_network or 0.0 for m in months]},
        SupervisorCharts.tr("meetings"),
    )


def continuity_chart(report: TeamReport) -> QChart:
    by_month = report.continuity.by_month
    return _bars(
        SupervisorCharts.tr("Continuity: meetings with a key practitioner (%)"),
        list(by_month),
        {
            SupervisorCharts.tr("% of meetings"): [
                100.0 * w / n if n else 0.0 for w, n in by_month.values()
            ]
        },
        "%",
    )


def attendance_chart(report: TeamReport) -> QChart:
    by_month = report.attendance.by_month
    return _bars(
        SupervisorCharts.tr("Network attendance: members (not professionals) per meeting"),
        list(by_month),
        {SupervisorCharts.tr("per meeting"): [a / n if n else 0.0 for a, n in by_month.values()]},
        SupervisorCharts.tr("attendees"),
    )


def fidelity_chart(report: TeamReport) -> QChart:
    chart = _chart(SupervisorCharts.tr("Fidelity: mean item score per month"))
    months = report.period.months()
    x = QBarCategoryAxis()
    x.append(months)
    y = QValueAxis()
    y.setTitleText(SupervisorCharts.tr("mean score"))
    top = 1.0
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for n, (instrument, points) in enumerate(report.fidelity.by_instrument.items()):
        line = QLineSeries()
        line.setName(instrument)
        line.setPointsVisible(True)
        line.setPen(_line_pen(n))
        _label_points(line, "@yPoint")
        for point in points:
            if point.month in months:
                # Rounded as its label and the figures table show it (one decimal place).
                line.append(float(months.index(point.month)), round(point.mean, 1))
                top = max(top, point.mean)
        chart.addSeries(line)
        line.attachAxis(x)
        line.attachAxis(y)
    y.setRange(0, top * 1.15)
    _legend_patterns(chart)
    return chart


CHARTS = (first_meeting_chart, meetings_chart, continuity_chart, attendance_chart, fidelity_chart)


def chart_view(chart: QChart, name: str) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(name)
    view.viewport().setAccessibleName(name)  # focusable as well, as in every graphics view
    view.setMinimumSize(420, 280)
    return view


def _number(value: float) -> str:
    return QLocale().toString(float(value), "f", 1)


def _line_cells(
    series: QLineSeries, n_rows: int, column: int, cells: dict[tuple[int, int], float]
) -> None:
    """A line's values by row; a flat line between the categories (a target) on every row."""
    points = series.points()
    flat = len({p.y() for p in points}) == 1 and all(not float(p.x()).is_integer() for p in points)
    for p in points:
        rows = range(n_rows) if flat else [round(p.x())]
        for row in rows:
            if 0 <= row < n_rows:
                cells[(row, column)] = p.y()


def figures_model(chart: QChart, first_column: str) -> QStandardItemModel:
    """The figures a chart draws: rows are its categories, columns its bar sets and lines.

    A line drawn flat across the whole chart (a target) gives its value on every row.
    """
    categories: list[str] = []
    for axis in chart.axes(Qt.Orientation.Horizontal):
        if isinstance(axis, QBarCategoryAxis):
            categories = [c for c in axis.categories() if c]
            break
    columns: list[str] = []
    cells: dict[tuple[int, int], float] = {}
    for series in chart.series():
        if isinstance(series, QBarSeries):
            for bar_set in series.barSets():
                columns.append(bar_set.label())
                for row in range(min(bar_set.count(), len(categories))):
                    cells[(row, len(columns) - 1)] = bar_set.at(row)
        elif isinstance(series, QLineSeries):
            columns.append(series.name())
            _line_cells(series, len(categories), len(columns) - 1, cells)
    return _read_only_table([first_column, *columns], categories, cells)


def _read_only_table(
    headers: list[str], categories: list[str], cells: dict[tuple[int, int], float]
) -> QStandardItemModel:
    """A category a row, then its value in each column (blank where none)."""
    model = QStandardItemModel(len(categories), len(headers))
    model.setHorizontalHeaderLabels(headers)
    for row, category in enumerate(categories):
        model.setItem(row, 0, QStandardItem(category))
        for column in range(len(headers) - 1):
            value = cells.get((row, column))
            model.setItem(row, column + 1, QStandardItem("" if value is None else _number(value)))
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            item = model.item(row, column)
            if item is not None:
                item.setEditable(False)
    return model
