"""Reading a PDF back as its reader would: each page's text, and the size each piece of text is
drawn at on paper (the font size times the scale of the text and graphics matrices, in points)."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader


@dataclass
class Page:
    text: str  # whitespace collapsed to single spaces
    runs: list[tuple[str, float]] = field(default_factory=list)  # (text, size in points)


def _scale(tm: list[float], cm: list[float]) -> float:
    # The vertical scale of tm × cm (text space to page space): a font's height on paper.
    b, d = tm[1] * cm[0] + tm[3] * cm[2], tm[1] * cm[1] + tm[3] * cm[3]
    return math.hypot(b, d)


def _plain(text: str) -> str:
    # Ligatures (ﬂ) back to letters, and any run of whitespace to one space.
    return " ".join(unicodedata.normalize("NFKC", text).split())


def read_pdf(path: Path | str) -> list[Page]:
    pages = []
    for page in PdfReader(str(path)).pages:
        runs: list[tuple[str, float]] = []

        def visit(
            text: str, cm: list, tm: list, _font: object, size: float, runs: list = runs
        ) -> None:
            if text.strip():
                runs.append((_plain(text), size * _scale(tm, cm)))

        raw = page.extract_text(visitor_text=visit)
        pages.append(Page(_plain(raw), runs))
    return pages


def size_of(pages: list[Page], needle: str) -> float:
    """The size the first run containing ``needle`` is drawn at."""
    for page in pages:
        for text, size in page.runs:
            if needle in text:
                return size
    raise AssertionError(f"{needle!r} is not in the PDF")
