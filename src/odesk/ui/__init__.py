"""odesk.ui: the PySide6 desktop app (the only package that imports Qt)."""

from odesk.ui.none_refcount import keep_none_alive

keep_none_alive()
