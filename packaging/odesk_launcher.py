"""Entry script that PyInstaller freezes into the `odesk` executable.

It does exactly what the installed `odesk` console script does (`odesk.cli:main`), so the bundle and
a source install accept the same commands and exit with the same status.
"""

import multiprocessing
import sys

from odesk.cli import main

if __name__ == "__main__":
    # A frozen program re-executes itself for multiprocessing children (uvicorn workers in the
    # embedded demo server); without this the child would start a second app instead.
    multiprocessing.freeze_support()
    sys.exit(main())
