"""Render the app icon set from resources/icons/odesk-app.svg (the one source) with Qt's SVG renderer.

Writes the Linux hicolor theme (PNG 16..512 + scalable SVG) under packaging/linux/icons/, the
Windows packaging/windows/odesk.ico and the macOS packaging/macos/odesk.icns. The outputs are
committed; run `QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py` after changing
the SVG.
"""

from __future__ import annotations

import io
import shutil
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "odesk-app.svg"
LINUX_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):  # type: ignore[call-overload]  # stubs say bytes, runtime wants str
        raise RuntimeError("PNG encoding failed")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding one PNG per size. Qt's ICO writer stores a single image only, and Windows
    picks the best of several sizes for the taskbar, Start menu and installer."""
    out = io.BytesIO()
    out.write(struct.pack("<HHH", 0, 1, len(pngs)))
    offset = 6 + 16 * len(pngs)
    for size, data in pngs.items():
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        out.write(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    for data in pngs.values():
        out.write(data)
    return out.getvalue()


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    hicolor = ROOT / "packaging" / "linux" / "icons" / "hicolor"
    for size in LINUX_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / "odesk.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png_bytes(render(renderer, size)))
    scalable = hicolor / "scalable" / "apps" / "odesk.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)

    ico = ROOT / "packaging" / "windows" / "odesk.ico"
    ico.write_bytes(ico_bytes({s: png_bytes(render(renderer, s)) for s in ICO_SIZES}))

    icns = ROOT / "packaging" / "macos" / "odesk.icns"
    writer = QImageWriter(str(icns), b"icns")
    if not writer.write(render(renderer, 1024)):
        print(f"make_icons: cannot write {icns}: {writer.errorString()}", file=sys.stderr)
        return 1
    print(f"icons written from {SOURCE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
