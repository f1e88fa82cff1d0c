"""odesk: offline-first Open Dialogue network-meeting records."""

# Kept equal to pyproject's version by tests/cli/test_version.py; a literal, because looking the
# installed metadata up costs every start-up (the app's and every CLI command's) about 20 ms.
__version__ = "0.1.0"
