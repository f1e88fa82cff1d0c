"""GUI test fixtures: Qt offscreen, a real SQLCipher store with cheap test KDF parameters, and a
main window unlocked on it; a fictional network to work with.

QT_QPA_PLATFORM is set before anything imports Qt so every QApplication renders offscreen.
"""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

import odesk.ui  # noqa: E402,F401  (keeps None alive under PySide6 6.12 on Python 3.11)
from odesk.store import Store  # noqa: E402
from odesk.vault import TEST_PARAMS  # noqa: E402

PASSPHRASE = "correct horse battery staple"
USER = {
    "id": "u-practitioner-1",
    "name": "Pat Example",
    "profession": "Nurse",
    "roles": ["practitioner"],
    "team_ids": ["team-podlet-a"],
}
COLLEAGUE = {
    "id": "u-practitioner-2",
    "name": "Sam Sample",
    "profession": "Psychologist",
    "roles": ["practitioner"],
    "team_ids": ["team-podlet-a"],
}
TEAMS = [{"id": "team-podlet-a", "name": "Podlet A", "kind": "podlet", "parent_id": None}]


@pytest.fixture(scope="session", autouse=True)
def _qt_identity() -> None:
    QCoreApplication.setOrganizationName("odesk-tests")
    QCoreApplication.setApplicationName("odesk-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)


def built_translations() -> Path:
    """resources/i18n with its .qm files compiled from the .ts sources (as `make translations`
    does), so `pytest` run on its own finds them too."""
    i18n = Path(__file__).resolve().parents[2] / "resources" / "i18n"
    sources = list(i18n.glob("odesk_*.ts"))
    stale = (
        any(
            not ts.with_suffix(".qm").exists()
            or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime
            for ts in sources
        )
        or not (i18n / "odesk_en_XA.qm").exists()
    )
    if stale:
        script = i18n.parents[1] / "packaging" / "translations.py"
        subprocess.run([sys.executable, str(script), "build"], check=True, capture_output=True)
    return i18n


@pytest.fixture(scope="session", autouse=True)
def _translator(qapp: Any) -> Iterator[None]:
    """The British English catalogue, as the app loads it at start (it writes plural forms)."""
    from odesk.ui.i18n import install_translator

    translator = install_translator(qapp, "en_GB", built_translations())
    assert translator is not None
    yield
    qapp.removeTranslator(translator)


def open_weak(data_dir: Path, passphrase: str) -> Store:
    return Store.open(data_dir, passphrase, allow_weak_kdf=True)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def new_store(data_dir: Path) -> Iterator[Store]:
    store = Store.create(data_dir, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    store.meta_set("user", USER)
    store.meta_set("teams", TEAMS)
    store.meta_set("directory", [USER, COLLEAGUE])
    yield store
    if not store.closed:
        store.close()


def add_network(store: Store, name: str = "Robin Fictional", **referral: Any) -> dict:
    network = store.save(
        {
            "kind": "network",
            "team_id": "team-podlet-a",
            "person": {"name": name},
            "referral": {
                "received_at": referral.get("received_at", "2026-01-05T09:00:00.000+00:00"),
                "source": "Single Point of Access",
                "urgency": referral.get("urgency", "urgent"),
            },
            "status": "open",
            "key_practitioner_ids": [USER["id"]],
        }
    )
    store.save(
        {
            "kind": "member",
            "network_id": network["id"],
            "name": "Alex Fictional",
            "relationship": "mother",
            "category": "family",
        }
    )
    store.save(
        {
            "kind": "member",
            "network_id": network["id"],
            "name": "Dr Imaginary",
            "relationship": "GP",
            "category": "professional",
        }
    )
    return network


@pytest.fixture
def window(qtbot: Any, data_dir: Path, new_store: Store) -> Iterator[Any]:
    from odesk.ui.main_window import MainWindow

    win = MainWindow(data_dir, opener=open_weak)
    qtbot.addWidget(win)
    win.open_store(new_store)
    win.show()
    yield win
    if win.session is not None:
        win.lock()


def wait_until(qtbot: Any, predicate: Callable[[], Any], timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: bool(predicate()), timeout=timeout)


def type_text(widget: Any, text: str) -> None:
    """Type like a person: a key press and release per character, through the event system.

    (QTest.keyClicks in PySide6 6.12 drops a reference to None per call, which crashes the
    interpreter after a few thousand keystrokes.)
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def hold(editor: Any) -> None:
    """Mark the meeting in an editor as held, as a practitioner does at the visit."""
    editor.status.setCurrentIndex(editor.status.findData("held"))
