"""PyInstaller runtime hook: point the embedded demo server at the bundled rating scales.

odesk.server finds resources/scales next to the source tree, or in ODESK_SCALES_DIR; inside the
bundle they are in sys._MEIPASS/resources/scales, so say so unless the user already chose a folder.
"""

import os
import sys

_bundle = getattr(sys, "_MEIPASS", None)
if _bundle:
    os.environ.setdefault("ODESK_SCALES_DIR", os.path.join(_bundle, "resources", "scales"))
