"""Start-up: what the first screen needs and nothing more, and the small things a desktop expects.

The main window opens without the screens it does not show yet (meeting editor, search, map,
supervisor pages, reports, the network page until a network is chosen) and without the sync
stack's HTTP client; the unlock screen and the network list (shown, filled, counted) need no
`Qt` enums, and the workspace is built while the key is derived; input to any window keeps
the app unlocked; the app names its desktop entry; the conflicts view's headers are readable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from odesk.store import Store
from odesk.vault import TEST_PARAMS
from tests.ui.conftest import PASSPHRASE, USER, add_network

ROOT = Path(__file__).resolve().parents[2]

# Opened on demand, never at start-up for a practitioner.
NOT_AT_START = (
    "odesk.reports",
    "odesk.ui.supervisor",
    "odesk.ui.meeting_editor",
    "odesk.ui.network_page",  # built when a network is first chosen
    "odesk.ui.search",
    "odesk.ui.network_map",
    "odesk.ui.forms",
    "odesk.ui.wizard",
    "PySide6.QtCharts",
    "PySide6.QtPrintSupport",
    "httpx",  # the sync stack's HTTP client: loaded by the sync worker when a server is set
    "sqlite_utils",  # only for schema migrations: a current store opens without it
)

CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
import odesk.ui.main_window
after_import = sorted(m for m in sys.modules if m == "httpx" or m.startswith("odesk.sync"))
from odesk.store import Store
from odesk.ui.main_window import MainWindow
w = MainWindow(Path(sys.argv[1]))
w.open_store(Store.open(Path(sys.argv[1]), sys.argv[2], allow_weak_kdf=True))
w.show()
app.processEvents()
print(json.dumps({"after_import": after_import, "loaded": sorted(sys.modules)}))
w.lock()
# As run_app ends: the window is gone before the application. A window left to PySide's
# clean-up at exit is deleted while shown, after the application, and crashed now and then.
w.close()
del w
"""


def _run_child(code: str, tmp_path: Path) -> dict:
    """Run ``code`` in a fresh app process on a store holding one network; its last line of
    output, as JSON."""
    data_dir = tmp_path / "store"
    store = Store.create(data_dir, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    store.meta_set("user", USER)
    add_network(store)
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code, str(data_dir), PASSPHRASE],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    return json.loads(out.splitlines()[-1])


def test_the_first_screen_loads_only_what_it_shows(tmp_path: Path) -> None:
    seen = _run_child(CHILD, tmp_path)
    assert seen["after_import"] == []  # the window's code needs no HTTP client to load
    loaded = set(seen["loaded"])
    assert "odesk.ui.main_window" in loaded
    assert [m for m in NOT_AT_START if m in loaded] == []


UNLOCK_CHILD = r"""
import json, sys, time
# loaded while the key is derived, not for the unlock screen
WORKSPACE = ("odesk.ui.network_list", "odesk.ui.session", "odesk.ui.sync_control",
             "odesk.sync", "PySide6.QtDBus")
from pathlib import Path
from PySide6 import QtCore
from PySide6.QtCore import QEventLoop
from PySide6.QtTest import QTest
from odesk.ui.app import make_app
app = make_app([])
from odesk.store import Store
from odesk.ui.main_window import MainWindow
w = MainWindow(Path(sys.argv[1]), opener=lambda d, p: Store.open(d, p, allow_weak_kdf=True))
w.show()
app.processEvents()
seen = {
    "enums_before_unlock": "Qt" in QtCore.__dict__,
    "loaded_before_unlock": sorted(m for m in WORKSPACE if m in sys.modules),
}
# Whether Qt's enums exist when the first rows are put on screen.
show_rows = w._show_rows
def show_and_look(rows):
    show_rows(rows)
    seen.setdefault("enums_with_the_list", "Qt" in QtCore.__dict__)
w._show_rows = show_and_look
loop = QEventLoop()
w.unlocked.connect(loop.quit)
w.unlock_widget.passphrase.setText(sys.argv[2])
w.unlock_widget.try_unlock()
# The store arrives through the event loop; by then the workspace is already built.
seen["workspace_while_deriving"] = w.session is None and w.network_view is not None
loop.exec()
# Until the list has its row and the status bar's counts (read on a pool thread) are in; bounded,
# so a row that never comes fails here rather than hanging.
deadline = time.monotonic() + 60
while not (w.network_model.rowCount() and w.sync is not None and not w.sync._counting):
    assert time.monotonic() < deadline, "the list or the status bar counts never came in"
    QTest.qWait(10)
seen["rows"] = w.network_model.rowCount()
seen["page_built"] = w._network_page is not None
w.network_view.setCurrentIndex(w.network_proxy.index(0, 0))  # a network chosen: its page
seen["page_built_when_chosen"] = w._network_page is not None
print(json.dumps(seen))
w.lock()
# As run_app ends: the window is gone before the application. A window left to PySide's
# clean-up at exit is deleted while shown, after the application, and crashed now and then.
w.close()
del w
"""


def test_the_first_screens_need_no_qt_enums_and_the_workspace_is_built_while_deriving(
    tmp_path: Path,
) -> None:
    """Any use of `Qt.*` makes all ~90 of its Python enums (~12 ms). The unlock screen and the
    network list do without (the network page, built when a network is chosen, uses them), and
    the window builds its workspace while the key is derived."""
    assert _run_child(UNLOCK_CHILD, tmp_path) == {
        "enums_before_unlock": False,
        "loaded_before_unlock": [],
        "workspace_while_deriving": True,
        "rows": 1,
        "page_built": False,  # no network chosen yet
        "enums_with_the_list": False,
        "page_built_when_chosen": True,
    }


def test_the_network_page_is_built_when_a_network_is_chosen(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    window.refresh()
    assert window._network_page is None
    placeholder = window.network_placeholder
    assert placeholder.isVisible() and placeholder.accessibleName()
    window.network_view.setCurrentIndex(window.network_proxy.index(0, 0))
    page = window._network_page
    assert page is not None and page.network is not None and page.network["id"] == network["id"]
    qtbot.waitUntil(lambda: page.isVisible())
    assert window.network_split.widget(1) is page
    window.lock()
    assert page.network is None  # cleared on lock, like every view


def test_the_map_is_drawn_when_its_tab_is_opened(qtbot: Any, window: Any) -> None:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    page = window.network_page
    page.tabs.setCurrentWidget(page.map_box)
    qtbot.waitUntil(lambda: page.map.isVisible())
    assert {"Robin Fictional", "Alex Fictional", "Dr Imaginary"} <= set(page.map.labels)
    page.clear()
    assert page.map.labels == []


def test_input_to_the_window_keeps_it_unlocked(qtbot: Any, window: Any) -> None:
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle())
    handle = window.windowHandle()
    window.idle.set_minutes(0.01)  # 600 ms
    window.idle.start()
    end = time.monotonic() + 1.5  # well past the idle time, with the mouse moving throughout
    i = 0
    while time.monotonic() < end:
        i += 1
        QTest.mouseMove(handle, QPoint(200 + i % 7, 200 + i % 5))
        qtbot.wait(40)
    assert window.session is not None, "locked although the mouse was moving"
    with qtbot.waitSignal(window.locked, timeout=10_000):
        pass  # and once input stops, it locks


def test_the_app_names_its_desktop_entry(qtbot: Any) -> None:
    from odesk.ui.app import make_app

    make_app()
    assert QGuiApplication.desktopFileName() == "odesk"


def test_conflicts_view_headers_show_their_whole_text(qtbot: Any, window: Any) -> None:
    window.resize(1280, 820)
    window.show_conflicts()
    qtbot.waitExposed(window)
    view = window.conflicts_view
    for table in (view.list_view, view.rejected_view):
        header = table.horizontalHeader()
        for section in range(header.count()):
            assert header.sectionSize(section) >= header.sectionSizeHint(section), (
                table.accessibleName(),
                table.model().headerData(section, header.orientation()),
            )


def test_the_style_sheet_reaches_the_named_widgets(qtbot: Any, monkeypatch: Any) -> None:
    """The sheet is set on the widgets it styles, not on the whole app: a missed clock is red."""
    from datetime import UTC, datetime, timedelta

    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from odesk.ui import style
    from odesk.ui.network_page import ReferralClock

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(style, "_sheet", "")  # put back after the test
    style.apply_style(app)
    assert app.styleSheet() == ""
    received = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    clock = ReferralClock()
    qtbot.addWidget(clock)
    clock.now = lambda: received + timedelta(hours=30)
    clock.show_for({"id": "n", "referral": {"received_at": received.isoformat()}}, [])
    clock.resize(600, 60)
    clock.show()
    qtbot.waitExposed(clock)
    assert clock.missed
    assert clock.grab().toImage().pixelColor(3, 30) == QColor("#c62828")
    assert clock.font().pointSizeF() == 16  # the sheet's font size for the clock
