"""Which PySide6 modules the odesk bundle needs: the ones src/odesk imports, found by reading the
source. packaging/odesk.spec bundles these and excludes every other PySide6 module.
"""

from __future__ import annotations

import re
from pathlib import Path

# Always needed for a widgets app, even before the UI code names them.
QT_BASE = frozenset({"QtCore", "QtGui", "QtWidgets"})
_QT_IMPORT = re.compile(r"PySide6\.(Qt\w+)|from\s+PySide6\s+import\s+\(?([\w\s,]+)\)?")


def qt_modules_used(src: Path) -> set[str]:
    """Names of the PySide6 Qt modules imported anywhere under src (e.g. {"QtCore", "QtGui"})."""
    used = set(QT_BASE)
    for py in src.rglob("*.py"):
        for dotted, listed in _QT_IMPORT.findall(py.read_text(encoding="utf-8")):
            if dotted:
                used.add(dotted)
            for name in re.split(r"[\s,()]+", listed or ""):
                if name.startswith("Qt"):
                    used.add(name)
    return used


def qt_modules_available() -> set[str]:
    """Every Qt module of the installed PySide6 (its extension modules, QtCore.abi3.so etc.)."""
    import PySide6

    pkg = Path(PySide6.__file__).parent
    return {
        p.name.split(".")[0]
        for p in pkg.iterdir()
        if p.name.startswith("Qt") and p.suffix in (".so", ".pyd")
    }
