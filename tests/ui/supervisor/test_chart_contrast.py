"""The dashboard's charts for people who cannot tell colours apart or see low contrast
(WCAG 1.4.1, 1.4.11): every bar and line stands out from the plot area at 3:1 or more, measured
on the drawn pixels, and no two series differ by colour alone."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCharts import QAbstractBarSeries, QLegend, QLineSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from odesk.ui import style
from odesk.ui.supervisor import DashboardPage
from odesk.ui.visibility import ratio
from tests.ui.pixels import background, pixels, snapshot


def near(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_chart_marks_stand_out_and_are_told_apart_by_more_than_colour(
    qtbot: Any, qapp: Any, ctx: Any
) -> None:
    style.apply_style(qapp)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    qtbot.waitExposed(page)
    page.set_period(date(2026, 3, 1), date(2026, 4, 30))
    qtbot.waitUntil(lambda: len(page.views) == 5 and all(v.isVisible() for v in page.views))
    measured: dict[str, float] = {}
    for view in page.views:
        chart = view.chart()
        image = snapshot(view.viewport())
        plot = view.mapFromScene(chart.plotArea()).boundingRect()
        behind = background(image, plot)
        lines: list[QLineSeries] = []
        for series in chart.series():
            if isinstance(series, QAbstractBarSeries):
                assert series.isLabelsVisible()  # each bar says its value
                for bar_set in series.barSets():
                    colours = [bar_set.color()]
                    name = bar_set.label()
                    if not any(v > 0 for v in (bar_set.at(i) for i in range(bar_set.count()))):
                        continue  # no bar drawn: nothing to measure
                    drawn = sum(1 for c in pixels(image, plot) if near(c, colours[0], 2))
                    assert drawn > 20, (view.accessibleName(), name)
                    measured[f"{view.accessibleName()}: {name}"] = ratio(colours[0], behind)
            else:
                assert isinstance(series, QLineSeries)
                lines.append(series)
                # Measured lines write their figures on their points; a target line is named in
                # the legend (its value is in the figures table beside the chart).
                assert series.pointLabelsVisible() or "target" in series.name()
                assert all(
                    m.shape() == QLegend.MarkerShape.MarkerShapeFromSeries
                    for m in chart.legend().markers(series)
                )  # the legend shows the line's pattern
                colour = series.pen().color()
                drawn = sum(1 for c in pixels(image, plot) if near(c, colour))
                assert drawn > 10, (view.accessibleName(), series.name())
                measured[f"{view.accessibleName()}: {series.name()}"] = ratio(colour, behind)
        # Lines are dashed or dotted each its own way (bars are solid fills): a legend entry is
        # matched to its line by pattern as well as colour.
        styles = [line.pen().style() for line in lines]
        assert len(set(styles)) == len(styles)
        if any(isinstance(s, QAbstractBarSeries) for s in chart.series()):
            assert Qt.PenStyle.SolidLine not in styles
    assert measured and all(value >= 3.0 for value in measured.values()), measured
