"""Child process of the 200 % test: every window at a scale factor set before Qt starts.

Run as: QT_SCALE_FACTOR=2 python -m tests.ui.scale_child WORK_DIR. Builds each screen on
throwaway stores in WORK_DIR, and prints one JSON line per screen: its device pixel ratio, its
minimum size in logical pixels, and, once the window is made 960x540 logical (1920x1080 at 2x),
the key controls not wholly on screen and the labels too small for their text.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import QDateTime, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QWidget,
)

from odesk.store import Store  # noqa: E402
from odesk.ui.app import make_app  # noqa: E402
from odesk.ui.main_window import MainWindow  # noqa: E402
from odesk.vault import TEST_PARAMS  # noqa: E402

SCREEN = (960, 540)  # logical pixels: 1920x1080 at 200 %


def settle() -> None:
    for _ in range(4):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def wait_loaded(page: Any) -> None:
    """Until a supervisor page's read on its pool thread has come back (at most 30 s)."""
    if not getattr(page, "loading", False):
        return
    loop = QEventLoop()
    page.loader.busy_changed.connect(lambda busy: busy or loop.quit())
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()


def wholly_shown(w: QWidget) -> bool:
    """On screen in full: visible, and not cut by its window or any parent's edge."""
    if not w.isVisible():
        return False
    window = w.window()
    if not window.rect().contains(
        w.mapTo(window, w.rect().topLeft())
    ) or not window.rect().contains(w.mapTo(window, w.rect().bottomRight())):
        return False
    return w.visibleRegion().boundingRect() == w.rect()


def clipped_labels(window: QWidget) -> list[str]:
    out = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text() or label.window() is not window:
            continue
        if label.wordWrap():
            short = label.height() < label.heightForWidth(label.width())
        else:
            short = label.width() < label.minimumSizeHint().width()
        if short:
            out.append(f"{label.accessibleName() or label.text()[:40]!r} {label.size().toTuple()}")
    return out


def report(name: str, window: QWidget, keys: list[QWidget]) -> None:
    settle()
    hint = window.minimumSizeHint()
    minimum = window.minimumSize()
    window.resize(*SCREEN)
    settle()
    print(
        json.dumps(
            {
                "screen": name,
                "dpr": window.devicePixelRatioF(),
                "minimum": [
                    max(hint.width(), minimum.width()),
                    max(hint.height(), minimum.height()),
                ],
                "size": list(window.size().toTuple()),
                "hidden": [
                    (k.accessibleName() or getattr(k, "text", lambda: "")()).replace("&", "")
                    for k in keys
                    if not wholly_shown(k)
                ],
                "clipped": clipped_labels(window),
            }
        ),
        flush=True,
    )


def dialog_buttons(dialog: QWidget) -> list[QWidget]:
    """The buttons of the dialog's own button box (not those of a form on one of its tabs)."""
    from PySide6.QtCore import Qt

    direct = Qt.FindChildOption.FindDirectChildrenOnly
    return [b for box in dialog.findChildren(QDialogButtonBox, "", direct) for b in box.buttons()]


def practitioner(work: Path) -> Iterator[None]:
    from tests.ui.conftest import COLLEAGUE, TEAMS, USER, add_network

    store = Store.create(work / "pat", "correct horse", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    store.meta_set("user", USER)
    store.meta_set("teams", TEAMS)
    store.meta_set("directory", [USER, COLLEAGUE])
    network = add_network(store)
    win = MainWindow(work / "pat", opener=lambda d, p: Store.open(d, p, allow_weak_kdf=True))
    win.show()
    win.open_store(store)
    win.select_network(network["id"])
    page = win.network_page
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        report(f"main window, network page tab {i}", win, [page.edit_button, win.statusBar()])
        yield
    editor = win.open_meeting(network["id"], None)
    assert editor is not None
    row = [editor.sign_button, editor.readback_button, editor.pdf_button, editor.close_button]
    report("meeting editor, new", win, [*row, win.statusBar()])
    yield
    editor.summary.setPlainText("We met at the kitchen table")
    editor.status.setCurrentIndex(editor.status.findData("held"))
    editor.start.setDateTime(QDateTime.currentDateTime().addSecs(-3600))
    assert editor.sign()
    report("meeting editor, signed", win, [*row, win.statusBar()])
    yield
    from odesk.ui.readback import ReadBackDialog

    readback = editor.read_back()
    if isinstance(readback, ReadBackDialog):
        report("read back", readback, dialog_buttons(readback))
        readback.close()
        yield
    editor.close_editor()
    win.show_conflicts()
    report("sync and conflicts", win, [win.statusBar()])
    yield
    search = win.show_search()
    assert search is not None
    report("search", search, [search.query, search.view])
    search.close()
    yield
    from odesk.ui.forms import MemberDialog, NetworkDialog

    for name, dialog in (
        ("referral form", NetworkDialog([("team-podlet-a", "Podlet A")], None, win)),
        ("member form", MemberDialog(network["id"], None, win)),
    ):
        dialog.show()
        report(name, dialog, dialog_buttons(dialog))
        dialog.reject()
        yield
    win.lock()
    unlock = win.unlock_widget
    report("unlock", win, [unlock.passphrase, unlock.button])
    yield
    win.close()


def supervisor(work: Path) -> Iterator[None]:
    from tests.reports.known_data import build, extra_notes
    from tests.ui.supervisor.people import USERS, open_store

    store = open_store(work / "sue", USERS[0], build() + extra_notes())
    win = MainWindow(work / "sue")
    win.show()
    win.open_store(store)
    pages = win.supervisor_pages
    for page in pages.pages:
        win.tabs.setCurrentWidget(page)
        wait_loaded(page)
        keys = [b for b in page.findChildren(QAbstractButton) if b.isVisible()][:6]
        report(f"supervisor page {page.accessibleName()}", win, [*keys, win.statusBar()])
        yield
    queue = pages.queue
    dialog = queue.open_index(queue.model.index(0, 0))
    report("review dialog", dialog, dialog_buttons(dialog))
    yield
    dialog.reject()
    form = pages.supervision.new_session()
    report("supervision form", form, dialog_buttons(form))
    form.reject()
    yield
    from odesk.ui.supervisor import RatingDialog

    rating = RatingDialog(store, store.records("meeting")[0], win)
    rating.show()
    report("rating dialog", rating, [rating.form.save_button])
    rating.reject()
    yield
    win.lock()
    win.close()


def first_run(work: Path) -> Iterator[None]:
    from PySide6.QtWidgets import QWizard

    from odesk.ui.wizard import SetupWizard

    wizard = SetupWizard(work / "new", allow_weak_kdf=True)
    wizard.show()
    report(
        "setup wizard",
        wizard,
        [
            wizard.button(QWizard.WizardButton.NextButton),
            wizard.button(QWizard.WizardButton.CancelButton),
        ],
    )
    yield
    wizard.close()


def main() -> None:
    work = Path(sys.argv[1])
    app: Any = make_app([])
    sys.excepthook = sys.__excepthook__  # fail loudly: the app's hook would wait on a message box

    def refuse(*args: Any, **_: Any) -> Any:  # a modal question or warning would wait forever
        raise SystemExit(f"message box: {args[1:]}")

    QMessageBox.warning = QMessageBox.question = QMessageBox.critical = refuse  # type: ignore[method-assign]
    for screens in (first_run(work), practitioner(work), supervisor(work)):
        for _ in screens:
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QDialog) and w.isVisible() and w.isModal():
                    w.reject()
    app.processEvents()


if __name__ == "__main__":
    main()
