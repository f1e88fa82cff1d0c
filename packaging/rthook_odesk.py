"""PyInstaller runtime hook: tells odesk where the bundled resources/ folder is.

In a source checkout resources/ sits next to src/; in the bundle it is inside the bundle's contents
folder (sys._MEIPASS). Code that looks up scales, demo data, style or icons honours ODESK_RESOURCES.
"""

import os
import sys

_bundle = getattr(sys, "_MEIPASS", None)
if _bundle:
    os.environ.setdefault("ODESK_RESOURCES", os.path.join(_bundle, "resources"))
