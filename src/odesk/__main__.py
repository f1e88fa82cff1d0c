"""`python -m odesk`: the same as the `odesk` command."""

from odesk.cli import main

raise SystemExit(main())
