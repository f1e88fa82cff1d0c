"""Every screen in the pseudo-locale (en_XA: every translation accented and bracketed ⟦…⟧):
any visible English text left is a string that never reached the translator (not marked for
translation, looked up under the wrong context, or built from a fixed English pattern).

The walk collects what a person sees: labels, buttons, group boxes, tabs, column headers,
placeholders, window titles, menus and special values of every main screen and dialog. Text
from the records (names, what people wrote) is data and is set aside; so are Qt's own standard
buttons (OK, Cancel, the wizard's Back and Next), which Qt's catalogues translate.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
)

from odesk.core.records import KIND_FIELDS, Field
from odesk.ui.i18n import install_translator
from tests.reports.known_data import TEAMS, build, extra_notes
from tests.store.test_sync_support import pushed, remote
from tests.ui.conftest import built_translations
from tests.ui.supervisor.people import USERS, open_store

ROOT = Path(__file__).resolve().parents[2]
PSEUDO = re.compile(r"⟦[^⟦⟧]*⟧", re.S)
WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def pseudo_locale(qapp: Any) -> Iterator[None]:
    translator = install_translator(qapp, "en_XA", built_translations())
    assert translator is not None
    yield
    qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en_GB"))


def qt_own_texts() -> set[str]:
    """The standard buttons' texts, from Qt's catalogues rather than odesk's."""
    box = QDialogButtonBox()
    for button in QDialogButtonBox.StandardButton:
        if button not in (QDialogButtonBox.StandardButton.NoButton,):
            box.addButton(button)
    texts = {b.text() for b in box.buttons()}
    wizard = QWizard()
    for which in QWizard.WizardButton:
        if which.value <= QWizard.WizardButton.CustomButton3.value:
            texts.add(wizard.buttonText(which))
    # A tab bar's own buttons (close, and the scroll arrows of a narrow window)
    texts.update(("Close Tab", "Scroll Left", "Scroll Right"))
    box.deleteLater()
    wizard.deleteLater()
    return {t for t in texts if t}


def data_strings(records: list[dict]) -> set[str]:
    """Free text of the records (type "str" fields), ids (a person the laptop does not know is
    shown by reference), and people's and teams' names."""
    found: set[str] = set()

    def walk(value: Any, spec: Field | None) -> None:
        if spec is None or value is None:
            return
        if spec.type in ("str", "id", "uuid") and isinstance(value, str):
            found.add(value)
        elif spec.type == "list" and isinstance(value, list):
            for item in value:
                walk(item, spec.item)
        elif spec.type == "object" and isinstance(value, dict):
            for key, item in value.items():
                walk(item, spec.fields.get(key))

    for record in records:
        for key, value in record.items():
            walk(value, KIND_FIELDS.get(record.get("kind", ""), {}).get(key))
    found.update(u["name"] for u in USERS)
    found.update(t["name"] for t in TEAMS)
    found.update(str(r.get("id")) for r in records)
    # Rating scales are documents a trust supplies (names, items, anchors), in its language.
    for scale in (ROOT / "resources" / "scales").glob("*.json"):
        found.update(strings_in(json.loads(scale.read_text())))
    found.add("odesk")  # the product's name
    return {s for s in found if s.strip()}


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


class Walk:
    def __init__(self, data: set[str]) -> None:
        self.data = sorted(data, key=len, reverse=True)
        self.qt_own = qt_own_texts()
        self.left: dict[str, str] = {}  # untranslated text -> where

    def english(self, text: str) -> bool:
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
        if text.strip() in self.qt_own:
            return False
        text = re.sub(r"https?://\S+", " ", text)  # an example address is not words
        # Translated text is accented; what is left in plain letters was put into a translated
        # template without being translated itself (or never translated at all).
        text = text.replace("⟦", " ").replace("⟧", " ")
        for value in self.data:
            text = text.replace(value, " ")
        text = re.sub(r"\b[AP]M\b", " ", text)  # en_XA dates are written the US way
        return bool(WORD.search(text))

    def check(self, where: str, text: Any) -> None:
        if isinstance(text, str) and text and self.english(text):
            self.left.setdefault(text, where)

    def widget(self, root: QWidget, where: str) -> None:
        """Every visible text of root and its children (every tab of its tab widgets)."""
        self.check(where + " title", root.windowTitle() if root.isWindow() else "")
        for tabs in [root] if isinstance(root, QTabWidget) else []:
            self._tabs(tabs, where)
        for child in root.findChildren(QWidget):
            if isinstance(child, QTabWidget) and child.isVisible():
                self._tabs(child, where)
        self._texts(root, where)

    def _tabs(self, tabs: QTabWidget, where: str) -> None:
        current = tabs.currentIndex()
        for i in range(tabs.count()):
            self.check(f"{where} tab", tabs.tabText(i))
            tabs.setCurrentIndex(i)
            self._texts(tabs.widget(i), f"{where} / {tabs.tabText(i)}")
        tabs.setCurrentIndex(current)

    def _texts(self, root: QWidget, where: str) -> None:
        for w in [root, *root.findChildren(QWidget)]:
            if not w.isVisible():
                continue
            name = f"{where}: {type(w).__name__} {w.objectName() or w.accessibleName()}"
            self.check(name + " accessible name", w.accessibleName())
            self.check(name + " tooltip", w.toolTip())
            if isinstance(w, (QLabel, QAbstractButton)):
                self.check(name, w.text())
            elif isinstance(w, QGroupBox):
                self.check(name, w.title())
            if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
                self.check(name + " placeholder", w.placeholderText())
            if isinstance(w, QAbstractSpinBox):
                self.check(name + " special value", w.specialValueText())
            if isinstance(w, QComboBox):
                for i in range(w.count()):
                    self.check(name + " item", w.itemText(i))
            if isinstance(w, QTextEdit) and w.isReadOnly():
                self.check(name + " text", w.toPlainText())
            if isinstance(w, QAbstractItemView) and w.model() is not None:
                model = w.model()
                try:
                    columns = model.columnCount()
                except TypeError:  # a list model (QStringListModel): one column
                    columns = 1
                for c in range(columns):
                    self.check(name + " header", model.headerData(c, Qt.Orientation.Horizontal))
                for r in range(min(model.rowCount(), 5)):
                    for c in range(columns):
                        self.check(name + " cell", model.index(r, c).data())

    def menus(self, window: QMainWindow, where: str) -> None:
        def walk(menu: QMenu) -> None:
            self.check(where + " menu", menu.title())
            for action in menu.actions():
                self.check(where + " menu item", action.text())
                if action.menu() is not None:
                    walk(action.menu())

        for action in window.menuBar().actions():
            self.check(where + " menu bar", action.text())
            if action.menu() is not None:
                walk(action.menu())

    def report(self) -> list[str]:
        return [f"{where}: {text!r}" for text, where in sorted(self.left.items())]


def test_every_screen_is_translated(qtbot: Any, tmp_path: Path, pseudo_locale: None) -> None:
    from odesk.ui.main_window import MainWindow

    records = build() + extra_notes()
    store = open_store(tmp_path / "sue", USERS[0], records)
    walk = Walk(data_strings(records) | {"my words", "their words", "a reason"})
    conflict_and_refusal(store)
    window = MainWindow(tmp_path / "sue")
    qtbot.addWidget(window)
    window.open_store(store)
    window.show()
    try:
        walk.widget(window, "main window")
        walk.menus(window, "main window")
        walk_the_screens(qtbot, window, walk)
    finally:
        if window.session is not None:
            window.lock()
    walk.widget(window, "unlock")
    left = walk.report()
    assert not left, f"{len(left)} English texts:\n" + "\n".join(left)


def conflict_and_refusal(store: Any) -> None:
    """A member edited here and on another laptop (a conflict), and a change the server refused."""
    members = sorted(store.records("member"), key=lambda m: m["id"])
    pushed(store)
    store.save({**members[0], "relationship": "my words"})
    theirs = remote(members[0], relationship="their words")
    store.apply_remote([{"server_seq": 9, "record": theirs}], 9)
    pushed(store)
    store.save({**members[1], "relationship": "a reason"})
    changes = store.outbox_pending(100)
    store.mark_inflight([c["change_id"] for c in changes])
    store.mark_acknowledged(
        [{"change_id": c["change_id"], "status": "rejected", "reason": "a reason"} for c in changes]
    )
    assert store.conflicts() and store.rejected()


def walk_the_screens(qtbot: Any, window: Any, walk: Walk) -> None:
    network = window.network_model.index(0, 0)
    assert network.isValid()
    networks = window.store.records("network")
    open_one = min((n for n in networks if n.get("status") == "open"), key=lambda n: n["id"])
    window.select_network(open_one["id"])
    walk.widget(window.network_page, "network page")
    editor = window.open_meeting(open_one["id"], None)
    walk.widget(editor, "new meeting")
    signed = min(
        (n for n in window.store.records("note") if n.get("state") == "signed"),
        key=lambda n: n["id"],
    )
    meeting = window.store.get(signed["meeting_id"])
    signed_editor = window.open_meeting(meeting["network_id"], meeting["id"])
    walk.widget(signed_editor, "signed note")
    search = window.show_search()
    if search is not None:
        search.query.setText("a")
        search.run()
        walk.widget(search, "search")
    window.show_conflicts()
    view = window.conflicts_view
    assert view.list_view.model().rowCount() == 1 and view.rejected_view.model().rowCount() == 1
    view.open_conflict(0)
    walk.widget(view, "sync and conflicts")
    pages = window.supervisor_pages
    assert pages is not None
    for page, where in (
        (pages.queue, "review queue"),
        (pages.supervision, "supervision"),
        (pages.dashboard, "dashboard"),
    ):
        window.tabs.setCurrentWidget(page)
        if hasattr(page, "loading"):  # the queue and the dashboard read on a pool thread
            qtbot.waitUntil(lambda page=page: not page.loading, timeout=15_000)
        walk.widget(page, where)
    review = pages.queue.open_index(pages.queue.model.index(0, 0))
    walk.widget(review, "review dialog")
    review.close()
    form = pages.supervision.new_session()
    walk.widget(form, "supervision session")
    form.close()


def walk_modal(qtbot: Any, walk: Walk, where: str, opener: Any) -> None:
    """Open a modal dialog with opener(), walk it while it runs, then cancel it."""
    seen: list[bool] = []

    def visit() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, visit)
            return
        walk.widget(dialog, where)
        seen.append(True)
        dialog.reject()

    QTimer.singleShot(0, visit)
    opener()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)


def test_every_dialog_and_the_wizard_are_translated(
    qtbot: Any, tmp_path: Path, pseudo_locale: None
) -> None:
    from odesk.ui.connect_dialog import ConnectDialog
    from odesk.ui.forms import MemberDialog, NetworkDialog
    from odesk.ui.main_window import MainWindow
    from odesk.ui.note_dialogs import AddendumDialog, CosignDialog
    from odesk.ui.recovery_dialog import RecoveryDialog
    from odesk.ui.wizard import SetupWizard
    from odesk.vault import TEST_PARAMS

    records = build() + extra_notes()
    walk = Walk(data_strings(records))
    store = open_store(tmp_path / "sue", USERS[0], records)
    window = MainWindow(tmp_path / "sue")
    qtbot.addWidget(window)
    window.open_store(store)
    window.show()
    try:
        network = min(
            (n for n in store.records("network") if n.get("status") == "open"),
            key=lambda n: n["id"],
        )
        for where, dialog in (
            ("new referral", NetworkDialog([("team-north", "North")])),
            ("edit network", NetworkDialog([("team-north", "North")], network)),
            ("new member", MemberDialog(network["id"])),
            ("addendum", AddendumDialog()),
            ("co-sign", CosignDialog([("u-ana", "Ana Nurse")])),
            ("recovery", RecoveryDialog(tmp_path / "sue")),
            ("connect", ConnectDialog(store)),
        ):
            qtbot.addWidget(dialog)
            dialog.show()
            walk.widget(dialog, where)
            dialog.close()
        window.select_network(network["id"])
        walk_modal(qtbot, walk, "close network", window.network_page.ask_close_or_reopen)
        editor = window.open_meeting(network["id"], None)
        walk.widget(editor.read_back(), "read-back")
        walk_modal(qtbot, walk, "remove meeting", editor.ask_remove)
    finally:
        if window.session is not None:
            window.lock()

    wizard = SetupWizard(tmp_path / "new", kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    qtbot.addWidget(wizard)
    wizard.show()
    walk.widget(wizard, "wizard: passphrase")
    wizard.passphrase_page.first.setText("correct horse battery staple wizard")
    wizard.passphrase_page.second.setText("correct horse battery staple wizard")
    walk.widget(wizard, "wizard: passphrase typed")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.store is not None, timeout=20_000)
    walk.widget(wizard, "wizard: recovery key")
    wizard.next()
    walk.widget(wizard, "wizard: connect")
    wizard.store.close()
    wizard.reject()
    left = walk.report()
    assert not left, f"{len(left)} English texts:\n" + "\n".join(left)


def test_the_offline_lock_page_is_translated(
    qtbot: Any, data_dir: Path, new_store: Any, pseudo_locale: None
) -> None:
    from datetime import UTC, datetime, timedelta

    from odesk.ui.main_window import MainWindow
    from tests.ui.conftest import open_weak

    new_store.meta_set("server_url", "http://127.0.0.1:9")  # nothing listens there
    new_store.meta_set("token", "not-a-real-token")
    new_store.meta_set("policy", {"max_offline_days": 3, "autolock_minutes": 5})
    new_store.meta_set("last_contact_at", (datetime.now(UTC) - timedelta(days=10)).isoformat())
    window = MainWindow(data_dir, opener=open_weak)
    qtbot.addWidget(window)
    window.open_store(new_store)
    window.show()
    assert window.stack.currentWidget() is window.message_page
    walk = Walk({"Pat Example"})
    walk.widget(window.message_page, "offline lock")
    window.lock()
    left = walk.report()
    assert not left, f"{len(left)} English texts:\n" + "\n".join(left)
