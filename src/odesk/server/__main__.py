"""`python -m odesk.server` is `odesk-server`."""

import sys

from odesk.server.cli import main

sys.exit(main())
