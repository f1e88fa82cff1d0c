"""Suite-wide settings: Qt offscreen, isolated home directories, one PostgreSQL for the run.

Qt must be told to render offscreen before any QApplication exists; HOME and the XDG dirs point
into a per-session temp dir so no test touches the developer's real data, and the canary tests can
scan everything a test run wrote.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_home = Path(tempfile.mkdtemp(prefix="odesk-test-home-"))
for var, sub in {
    "HOME": "",
    "XDG_DATA_HOME": ".local/share",
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state",
}.items():
    (_home / sub).mkdir(parents=True, exist_ok=True)
    os.environ[var] = str(_home / sub)
os.environ.setdefault("XDG_RUNTIME_DIR", str(_home / "run"))
(_home / "run").mkdir(exist_ok=True, mode=0o700)

# One throwaway PostgreSQL per test run, started by pytest-postgresql from the machine's binaries
# (through a wrapper that runs them as the postgres user when the suite runs as root, as CI does).
# Server, sync and report tests each make their own database in it.
from pytest_postgresql import factories  # noqa: E402

from tests.servers import pg_ctl_path  # noqa: E402

postgresql_proc = factories.postgresql_proc(executable=pg_ctl_path(), port=None)

UI_TESTS = Path(__file__).resolve().parent / "ui"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The markers pyproject declares, applied by what a test uses, so `-m "not postgres"` or
    `-m gui` select exactly those tests: `postgres` for a test on the run's PostgreSQL (the
    postgresql_proc fixture, or a database fixture parametrised to "postgresql"), `gui` for a
    test with a QApplication (pytest-qt's qtbot or qapp) or under tests/ui."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec is not None else ()
        if "postgresql_proc" in names or any(p == "postgresql" for p in params):
            item.add_marker(pytest.mark.postgres)
        if "qtbot" in names or "qapp" in names or UI_TESTS in item.path.parents:
            item.add_marker(pytest.mark.gui)
