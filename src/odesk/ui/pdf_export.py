"""A signed note as PDF, written atomically to the path the user chose and nowhere else.

The PDF goes to a hidden temporary name in the chosen folder and is renamed into place, so a
failure never leaves a half file behind and nothing is written to the system temp folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument


class PdfError(Exception):
    pass


def write_pdf(html: str, path: Path | str, *, title: str = "odesk note") -> Path:
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    folder = target.parent
    if not folder.is_dir():
        raise PdfError(f"cannot write {target}: the folder does not exist")
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(title)
        writer.setCreator("odesk")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(18, 18, 18, 18),
            )
        )
        doc = QTextDocument()
        doc.setHtml(html)
        doc.setPageSize(QSizeF(writer.width(), writer.height()))
        doc.print_(writer)
        del writer  # finishes the file
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise PdfError(f"cannot write {target}: nothing was written")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise PdfError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return target
