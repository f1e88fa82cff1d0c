"""The team report as a PDF: the period, the figures and the charts, to a path the user chose.

Drawn with QTextDocument onto a QPdfWriter; the file is written beside its final name and moved
into place when complete (odesk.core.files), so a crash never leaves half a report under the
chosen name.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from odesk.core.files import PRIVATE, replacing
from odesk.reports import TeamReport
from odesk.ui.i18n import Context
from odesk.ui.times import format_date, format_datetime

TeamReportPdf = Context("TeamReportPdf")


def summary_lines(report: TeamReport) -> list[str]:
    """The report's lines in the user's language: each template and each worded value (n/a,
    none) through the catalogue (context "TeamReport"), counts in the locale's digits."""
    locale = QLocale()
    lines = []
    for template, values in report.summary_parts():
        shown = {
            k: QCoreApplication.translate("TeamReport", v)
            if isinstance(v, str)
            else locale.toString(v)
            if isinstance(v, int)
            else v
            for k, v in values.items()
        }
        if "period" in shown:
            shown["period"] = period_text(report)
        lines.append(QCoreApplication.translate("TeamReport", template).format(**shown))
    return lines


def period_text(report: TeamReport) -> str:
    return (
        TeamReportPdf.tr("%1 to %2")
        .replace("%1", format_date(report.period.start))
        .replace("%2", format_date(report.period.end))
    )


def report_title(report: TeamReport, team_name: str) -> str:
    return (
        TeamReportPdf.tr("Team report: %1, %2")
        .replace("%1", team_name)
        .replace("%2", period_text(report))
    )


def write_team_report_pdf(
    path: Path | str, report: TeamReport, team_name: str, charts: list[tuple[str, QImage]]
) -> Path:
    """Write the report to ``path`` (atomically); returns the path."""
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    if not target.parent.is_dir():
        raise OSError(f"{target.parent}: no such folder")
    title = report_title(report, team_name)

    document = QTextDocument()
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    html = [f"<h1>{escape(title)}</h1>"]
    html.append(
        "<p>"
        + escape(TeamReportPdf.tr("Period"))
        + f": <b>{escape(format_date(report.period.start))}</b> – "
        + f"<b>{escape(format_date(report.period.end))}</b><br>"
        + escape(TeamReportPdf.tr("Figures as of"))
        + f" {escape(format_datetime(report.as_of))}</p>"
    )
    html.append("<ul>")
    html.extend(f"<li>{escape(line)}</li>" for line in summary_lines(report)[1:])
    html.append("</ul>")
    for n, (name, image) in enumerate(charts):
        url = QUrl(f"odesk-chart://{n}")
        document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
        html.append(f'<h3>{escape(name)}</h3><p><img src="{url.toString()}" width="560"></p>')
    document.setHtml("".join(html))

    with replacing(target, mode=PRIVATE) as temp:
        writer = QPdfWriter(str(temp))
        writer.setTitle(title)
        writer.setCreator("odesk")
        writer.setResolution(150)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        document.print_(writer)
        del writer  # flushes and closes the file
    return target
