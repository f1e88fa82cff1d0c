"""Clinical documents as A4 PDF: a signed note, and a person's whole record (subject access).

One renderer for both (and for the command line, on Qt's offscreen platform): the HTML the
read-back view shows is laid out by QTextDocument in points on the PDF device (body 11 pt), page
by page, with the person's identifiers at the top and "Page x of y" at the foot of every page,
so a printed page that goes astray still says whose it is and where it belongs.

The PDF is built in memory and written once, to a hidden name in the chosen folder created with
mode 0600 (clinical text, readable by its owner only), then renamed into place: a failure never
leaves a half file behind and nothing is written to the system temp folder.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from odesk.core.display import nhs_number_spaced
from odesk.core.files import PRIVATE, write_atomic
from odesk.ui.i18n import Context
from odesk.ui.times import format_date

BODY_PT = 11
MARGIN_MM = 18
BAND_PT = 22  # the header and footer bands, each
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


PdfExport = Context("PdfExport")


class PdfError(Exception):
    pass


def identity_line(person: dict) -> str:
    """The person's name, NHS number and date of birth, for the top of every page."""
    parts = [person.get("name") or PdfExport.tr("name not recorded")]
    parts.append(
        PdfExport.tr("NHS number {n}").format(n=nhs_number_spaced(person["nhs_number"]))
        if person.get("nhs_number")
        else PdfExport.tr("NHS number not recorded")
    )
    born = person.get("date_of_birth")
    if born:
        parts.append(PdfExport.tr("born {date}").format(date=format_date(born)))
    else:
        parts.append(PdfExport.tr("date of birth not recorded"))
    return "  ·  ".join(parts)


def suggested_name(kind: str, person: dict, when: str | None) -> str:
    """e.g. note-fictional-2026-01-05.pdf: the surname, folded to plain letters, and a date.

    Enough for a clinician to find the file again; no clinical content, no NHS number.
    """
    surname = ((person.get("name") or "").split() or [""])[-1]
    folded = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "person"
    day = (when or "")[:10] or date.today().isoformat()
    return f"{kind}-{slug}-{day}.pdf"


def render_pdf(html: str, *, title: str, identity: str) -> bytes:
    """The PDF bytes of ``html`` on A4 with ``identity`` and "Page x of y" on every page."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("odesk")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    dpi = writer.resolution()
    band = BAND_PT * dpi / 72
    width, height = writer.width(), writer.height()
    doc = QTextDocument()
    # Lay out on the PDF device itself, so a point is a point on paper (laid out at screen
    # resolution and printed at the writer's 1200 dpi, 11 pt came out about 1 pt high).
    doc.documentLayout().setPaintDevice(writer)
    font = QFont(doc.defaultFont())
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(
        f"body {{ font-size: {BODY_PT}pt; }} h1 {{ font-size: 16pt; }} h2 {{ font-size: 13pt; }}"
        f" h3 {{ font-size: {BODY_PT + 1}pt; }}"
    )
    doc.setHtml(html)
    body_height = height - 2 * band
    doc.setPageSize(QRectF(0, 0, width, body_height).size())
    pages = max(1, doc.pageCount())
    small = QFont(font)
    small.setPointSizeF(10)
    painter = QPainter(writer)
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.setFont(small)
            painter.drawText(QRectF(0, 0, width, band), LEFT, identity)
            painter.drawText(
                QRectF(0, height - band, width, band),
                RIGHT,
                PdfExport.tr("Page {x} of {y}").format(x=page + 1, y=pages),
            )
            painter.save()
            painter.translate(0, band - page * body_height)
            doc.drawContents(painter, QRectF(0, page * body_height, width, body_height))
            painter.restore()
    finally:
        painter.end()
    del writer  # finishes the file
    data = bytes(QByteArray(buffer.data()).data())
    buffer.close()
    if not data.startswith(b"%PDF"):
        raise PdfError(PdfExport.tr("the PDF could not be made"))
    return data


def write_private(data: bytes, path: Path | str, *, suffix: str = ".pdf") -> Path:
    """Write ``data`` to ``path`` atomically, readable by its owner only (mode 0600)."""
    target = Path(path)
    if target.suffix.lower() != suffix:
        target = target.with_suffix(suffix)
    folder = target.parent
    if not folder.is_dir():
        raise PdfError(f"cannot write {target}: the folder does not exist")
    try:
        write_atomic(target, data, mode=PRIVATE)
    except OSError as exc:
        raise PdfError(f"cannot write {target}: {exc.strerror}") from None
    return target


def write_pdf(
    html: str, path: Path | str, *, title: str = "odesk note", identity: str = ""
) -> Path:
    return write_private(render_pdf(html, title=title, identity=identity), path)
