"""Contrast measured on rendered pixels (QWidget.grab), as a person would see the screen.

`text_contrast` takes the most common colour of an area as its background and the pixel
furthest from it as the text; `ring_contrast` compares a control's edge before and after it
takes the focus; ratios are WCAG's (1 to 21), from the same library the app chooses colours with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from odesk.ui.visibility import ratio


def settle() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def snapshot(widget: QWidget) -> QImage:
    """The widget as drawn now, children included, one image pixel per logical pixel."""
    settle()
    image = widget.grab().toImage()
    dpr = image.devicePixelRatio()
    if dpr != 1:
        image = image.scaled(round(image.width() / dpr), round(image.height() / dpr))
    return image


def pixels(image: QImage, area: QRect) -> Iterator[QColor]:
    area = area.intersected(image.rect())
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            yield image.pixelColor(x, y)


def background(image: QImage, area: QRect) -> QColor:
    counts = Counter(c.rgb() for c in pixels(image, area))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def text_contrast(image: QImage, area: QRect) -> float:
    """The contrast of an area's text (its strongest pixel) against its background."""
    bg = background(image, area)
    return max(ratio(c, bg) for c in pixels(image, area))


def colour_contrast(image: QImage, area: QRect, colour: QColor) -> tuple[int, float]:
    """How many pixels of the area are drawn in `colour`, and its contrast with the background."""
    count = sum(1 for c in pixels(image, area) if c.rgb() == colour.rgb())
    return count, ratio(colour, background(image, area))


def rect_in(window: QWidget, control: QWidget) -> QRect:
    return QRect(control.mapTo(window, QPoint(0, 0)), control.size())


def ring_contrast(before: QImage, after: QImage, edge: QRect, thickness: int = 2) -> float:
    """The weakest change, all round a control's edge, between unfocused and focused pixels.

    At points a quarter, half and three quarters along each side, the change is the ratio of the
    focused to the unfocused colour; a point counts the `thickness`-th strongest change across
    the 6 pixels straddling the edge (a ring must be `thickness` pixels thick), and the result
    is the weakest point's.
    """
    weakest = 21.0
    left, top, right, bottom = edge.left(), edge.top(), edge.right(), edge.bottom()
    for f in (0.25, 0.5, 0.75):
        x = left + round((right - left) * f)
        y = top + round((bottom - top) * f)
        lines = (
            [QPoint(x, top + d) for d in range(-3, 3)],
            [QPoint(x, bottom + d) for d in range(-2, 4)],
            [QPoint(left + d, y) for d in range(-3, 3)],
            [QPoint(right + d, y) for d in range(-2, 4)],
        )
        for points in lines:
            changes = sorted(
                (
                    ratio(after.pixelColor(p), before.pixelColor(p))
                    for p in points
                    if before.rect().contains(p)
                ),
                reverse=True,
            )
            weakest = min(weakest, changes[thickness - 1] if len(changes) >= thickness else 1.0)
    return weakest
