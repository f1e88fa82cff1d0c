"""The main window: unlock screen, the workspace (networks, meetings, sync) and the status bar.

Pages live in one QTabWidget; `add_page(title, widget)` is how the supervisor screens (and any
later feature) join it. Locking waits for pending saves and any sync round, closes the store and
clears every model and view; only window geometry is kept, in QSettings.

Start-up builds only the first screen: the meeting editor, the conflicts view, search, the forms
and the supervisor screens are imported and built when first used, and so is the network page
(when a network is first chosen). The workspace (the network list and its tabs) is imported and
built while the unlock screen's worker derives the key, so it is ready when the store is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from odesk.ui.a11y import LiveLabel, announce
from odesk.ui.after_paint import after_paint
from odesk.ui.autolock import IdleWatcher, minutes_from_policy
from odesk.ui.i18n import Context
from odesk.ui.style import centred, style_as
from odesk.ui.times import local_time
from odesk.ui.unlock import UnlockWidget
from odesk.ui.workers import OrderedWriter, run_task

if TYPE_CHECKING:
    from odesk.store import Store

    # What the window opens on demand (the meeting editor, search, dialogs, the conflicts view)
    # is imported when first used: start-up pays only for what the first screen shows. The
    # workspace's modules load in `_prepare_workspace`, while the key is being derived.
    from odesk.ui.autolock import SessionLockWatcher
    from odesk.ui.conflicts_view import ConflictsView
    from odesk.ui.meeting_editor import MeetingEditor
    from odesk.ui.network_page import NetworkPage
    from odesk.ui.search import SearchDialog
    from odesk.ui.session import Session
    from odesk.ui.sync_control import SyncController, SyncStatus

BACKGROUND_LOAD_ABOVE = 1000  # networks; below this the list loads before the window shows
CLEAN_LOCK = "ui_locked_cleanly"  # meta: set on lock, cleared on unlock; absent after a crash
BACKGROUND_DB_BYTES = 8 * 1024 * 1024  # a store this big is loaded in the background from the start


def _db_size(store: Store) -> int:
    try:
        return Path(store.data_dir, "odesk.db").stat().st_size
    except OSError:
        return 0


Main = Context("Main")


class MessagePage(QWidget):
    """A plain-words page shown instead of the records (offline too long, device revoked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        style_as(self.text, "Banner")
        self.text.setAccessibleName(Main.tr("Notice"))
        self.button = QPushButton()
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.text)
        lay.addLayout(centred(self.button))
        lay.addStretch(2)


class MainWindow(QMainWindow):
    unlocked = Signal()
    locked = Signal()
    list_loaded = Signal()

    def __init__(
        self,
        data_dir: Path,
        *,
        opener: Callable[[Path, str], Any] | None = None,
        title_note: str = "",
        sync_client_factory: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.title_note = title_note
        self.sync_client_factory = sync_client_factory
        self.session: Session | None = None
        self.sync: SyncController | None = None
        self.supervisor_pages: Any = None
        self.extra_pages: list[QWidget] = []
        self.editors: list[MeetingEditor] = []
        self._conflicts_view: ConflictsView | None = None
        self.cosign_dialog: QWidget | None = None
        self.writer = OrderedWriter(self)
        self._list_generation = 0
        # What waits for the first screenful of a long list to be painted (`refresh_list`).
        self._after_first_screen: list[Callable[[], Any]] | None = None
        self._running_mark_pending = False  # the clean-lock mark waits to be unset
        self._start_sync_after_list = False
        self._set_title()
        # No fixed minimum: the layouts set it, and at 200 % it fits a 1920x1080 screen.
        self._build_stack(opener)
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.idle.watch(app)
        # Set up once first unlocked (`open_store`): the session locking matters only while unlocked.
        self.session_lock: SessionLockWatcher | None = None

        self._build_status_bar()
        self._build_menus()
        self.search_dialog: SearchDialog | None = None
        self.networks_page: QWidget | None = None
        self._network_page: NetworkPage | None = None
        self.stack.setCurrentWidget(self.unlock_widget)
        self._set_actions_enabled(False)
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)

    def _build_stack(self, opener: Callable[[Path, str], Any] | None) -> None:
        """The unlock screen, the workspace (its tabs) and the message page, one at a time."""
        self.stack = QStackedWidget()
        self.unlock_widget = UnlockWidget(self.data_dir, opener)
        self.unlock_widget.unlocked.connect(self.open_store)
        # The key derivation runs on a worker thread (Argon2id and SQLCipher release the GIL):
        # meanwhile this thread builds the workspace, so it is ready when the store is.
        self.unlock_widget.unlocking.connect(self._prepare_workspace)
        self.stack.addWidget(self.unlock_widget)
        self.workspace = QWidget()
        self.stack.addWidget(self.workspace)
        self.message_page = MessagePage()
        self._message_action: Callable[[], Any] = self.close
        self.message_page.button.clicked.connect(lambda: self._message_action())
        self.stack.addWidget(self.message_page)
        self.setCentralWidget(self.stack)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(Main.tr("Pages"))
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)
        wl = QVBoxLayout(self.workspace)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(self.tabs)

    # --- chrome ---------------------------------------------------------------------------------

    def _set_title(self, extra: str = "") -> None:
        parts = ["odesk"]
        if extra:
            parts.append(extra)
        if self.title_note:
            parts.append(self.title_note)
        self.setWindowTitle(" — ".join(parts))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.online_label = QLabel()
        self.online_label.setAccessibleName(Main.tr("Connection"))
        self.pending_label = QLabel()
        self.pending_label.setAccessibleName(Main.tr("Changes waiting"))
        self.last_sync_label = QLabel()
        self.last_sync_label.setAccessibleName(Main.tr("Last sync"))
        self.conflicts_label = QLabel()
        self.conflicts_label.setAccessibleName(Main.tr("Conflicts"))
        self.sync_message = LiveLabel()
        self.sync_message.setAccessibleName(Main.tr("Sync message"))
        bar.addWidget(self.sync_message, 1)
        # Messages shown for a while in the status bar are said too.
        bar.messageChanged.connect(lambda text: announce(bar, text) if text else None)
        for w in (
            self.online_label,
            self.pending_label,
            self.conflicts_label,
            self.last_sync_label,
        ):
            bar.addPermanentWidget(w)

    def _action(self, menu: Any, text: str, shortcut: Any, slot: Callable[[], Any]) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            # A list: resolving setShortcut's overloads makes all of Qt's Python enums (~12 ms,
            # see unlock.py), which the unlock screen does without.
            act.setShortcuts([QKeySequence(shortcut)])
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        self.addAction(act)  # shortcuts work whichever page has focus
        return act

    def _build_menus(self) -> None:
        mb = self.menuBar()
        file_menu = mb.addMenu(Main.tr("&File"))
        self.new_network_action = self._action(
            file_menu, Main.tr("&New referral…"), QKeySequence.StandardKey.New, self.new_network
        )
        file_menu.addSeparator()
        self.lock_action = self._action(file_menu, Main.tr("&Lock"), "Ctrl+L", self.lock)
        self.switch_user_menu = file_menu.addMenu(Main.tr("S&witch user"))
        self.switch_user_menu.menuAction().setVisible(False)
        file_menu.addSeparator()
        self._action(file_menu, Main.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        go = mb.addMenu(Main.tr("&Go"))
        self.search_action = self._action(
            go, Main.tr("&Search…"), QKeySequence.StandardKey.Find, self.show_search
        )
        self.networks_action = self._action(
            go, Main.tr("&Networks"), "Ctrl+1", lambda: self.tabs.setCurrentIndex(0)
        )
        self.conflicts_action = self._action(
            go, Main.tr("Sync and &conflicts"), "Ctrl+2", self.show_conflicts
        )
        self.cosign_action = self._action(
            go, Main.tr("Notes to c&o-sign…"), "Ctrl+3", self.show_cosign_queue
        )
        sync = mb.addMenu(Main.tr("S&ync"))
        self.sync_action = self._action(sync, Main.tr("Sync &now"), "F5", self.sync_now)
        settings = mb.addMenu(Main.tr("Se&ttings"))
        self.connect_action = self._action(
            settings, Main.tr("&Connect to trust server…"), None, self.connect_server
        )
        self.record_actions = [
            self.new_network_action,
            self.lock_action,
            self.search_action,
            self.networks_action,
            self.conflicts_action,
            self.cosign_action,
            self.sync_action,
            self.connect_action,
        ]

    def _set_actions_enabled(self, on: bool) -> None:
        for act in self.record_actions:
            act.setEnabled(on)

    def add_page(self, title: str, widget: QWidget) -> int:
        """Add a page (tab) to the workspace; pages added while unlocked go away on lock."""
        self.extra_pages.append(widget)
        widget.setAccessibleName(widget.accessibleName() or title)
        return self.tabs.addTab(widget, title)

    # --- unlock and lock ------------------------------------------------------------------------

    @property
    def store(self) -> Any:
        return self.session.store if self.session else None

    def open_store(self, store: Store) -> None:
        """Show the workspace for an unlocked store (from the unlock screen or the wizard)."""
        from odesk.ui.session import Session
        from odesk.ui.sync_control import SyncController

        self.session = Session.from_store(store, self.writer)
        self.sync = SyncController(store, self, client_factory=self.sync_client_factory)
        self.sync.status_changed.connect(self._show_status)
        self.sync.synced.connect(self._after_sync)
        self.sync.revoked.connect(self._revoked)
        self._prepare_workspace()  # already built if the store came from the unlock screen
        if self.session_lock is None:
            # Listening for the desktop's own lock starts once the unlocked window has painted
            # (within LATEST_MS at the latest): connecting to D-Bus takes ~10 ms that the person
            # would otherwise wait for before the list shows.
            after_paint(self, self._watch_session_lock)
        self._install_supervisor()
        self.idle.set_minutes(minutes_from_policy(store.meta_get("policy")))
        self.idle.start()
        self._set_actions_enabled(True)
        self._set_title(self.session.user_name)
        # Sync starts once the list is in: both read the one store connection, and the list
        # is what the person is waiting for.
        self._start_sync_after_list = True
        if not self._check_offline_lock():
            self.stack.setCurrentWidget(self.workspace)
            # Before the list starts loading: a large list holds the store's one connection
            # on a pool thread for a while, and these reads would wait for it.
            self._recover_editors()
            self.refresh()
        else:
            self._start_sync()
        self.unlocked.emit()

    def _watch_session_lock(self) -> None:
        """Lock when the desktop session locks (odesk.ui.autolock.SessionLockWatcher)."""
        from odesk.ui.autolock import SessionLockWatcher

        if self.session_lock is None:
            self.session_lock = SessionLockWatcher(self)
            self.session_lock.locked.connect(self.lock)

    def _start_sync(self) -> None:
        if self._start_sync_after_list and self.sync is not None:
            self._start_sync_after_list = False
            self.sync.start()

    def _prepare_workspace(self) -> None:
        """Build the workspace's network list and tabs; they need no open store."""
        if self.networks_page is not None:
            return
        # What opening the store uses next (the session, the sync controller, the offline-lock
        # check) is loaded now as well. Nothing here names a member of `Qt` (see
        # odesk.ui.network_list).
        from PySide6.QtWidgets import QSplitter

        from odesk.sync import offline  # noqa: F401
        from odesk.ui import session, sync_control  # noqa: F401

        # The conflicts view itself is built the first time its tab is shown (`conflicts_view`).
        # Its page exists before any tab is added: adding one reports a tab change.
        self.conflicts_page = QWidget()
        self.conflicts_page.setAccessibleName(Main.tr("Sync and conflicts"))
        QVBoxLayout(self.conflicts_page).setContentsMargins(0, 0, 0, 0)
        page = QWidget()
        self.networks_page = page
        self._network_page = None  # an earlier unlock's page went with its tab
        left = self._network_list()
        self.network_split = split = QSplitter()
        split.addWidget(left)
        split.addWidget(self._network_placeholder())
        split.setStretchFactor(1, 2)
        split.setSizes([460, 820])
        # Fixed widths: measuring contents would read every row, and rows load lazily.
        self.network_view.setColumnWidth(0, 240)
        self.network_view.horizontalHeader().setStretchLastSection(True)
        pl = QVBoxLayout(page)
        pl.addWidget(split)
        self.tabs.addTab(page, Main.tr("Networks"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.addTab(self.conflicts_page, Main.tr("Sync and conflicts"))
        self.tabs.tabBar().setTabButton(1, self.tabs.tabBar().ButtonPosition.RightSide, None)

    def _network_list(self) -> QWidget:
        """The left of the Networks tab: filter by name and by kind, the list, New referral."""
        from PySide6.QtWidgets import QComboBox, QLineEdit

        from odesk.ui.a11y import name_clear_button
        from odesk.ui.network_list import FILTERS, filter_label

        self.search_box = QLineEdit()
        self.search_box.setAccessibleName(Main.tr("Filter networks"))
        self.search_box.setPlaceholderText(Main.tr("Filter by name…"))
        self.search_box.setClearButtonEnabled(True)
        name_clear_button(self.search_box)
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName(Main.tr("Show networks"))
        for key in FILTERS:
            self.filter_combo.addItem(filter_label(key), key)
        new_button = QPushButton(Main.tr("New &referral…"))
        new_button.setAccessibleName(Main.tr("New referral"))
        new_button.clicked.connect(self.new_network)
        self._network_table()
        self.search_box.textChanged.connect(self.network_proxy.set_search)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.network_model.set_filter(self.filter_combo.currentData())
        )
        left = QWidget()
        left.setMinimumWidth(300)  # at 200 % the window must fit 960 logical pixels
        ll = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(self.search_box, 1)
        # Qt on Linux names a combo box by its current text; what it is for reaches a screen
        # reader from the label whose buddy it is.
        show_label = QLabel(Main.tr("Show"))
        show_label.setBuddy(self.filter_combo)
        row.addWidget(show_label)
        row.addWidget(self.filter_combo)
        ll.addLayout(row)
        ll.addWidget(self.network_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addStretch(1)
        ll.addLayout(buttons)
        return left

    def _network_table(self) -> None:
        """The networks list (the picard model: table model, filter proxy, view)."""
        from PySide6.QtWidgets import QTableView

        from odesk.ui.network_list import NetworkFilterProxy, NetworkTableModel

        self.network_model = NetworkTableModel(self)
        self.network_proxy = NetworkFilterProxy(self)
        self.network_proxy.setSourceModel(self.network_model)
        self.network_view = QTableView()
        self.network_view.setAccessibleName(Main.tr("Networks"))
        # The header draws the titles from a C++ model of its own: set while it is hidden, so
        # it never asks the Python model (which would make Qt's enums, see network_list).
        header = self.network_view.horizontalHeader()
        header.hide()
        self.network_view.setModel(self.network_proxy)
        header.setModel(self.network_model.header_model())
        header.show()
        # Sorting is turned on once the whole list is in (`_sort_newest_referral_first`): until
        # then the rows stay in the store's order, newest referral first, and the rest goes below
        # the first screenful without moving it.
        self.network_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.network_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.network_view.verticalHeader().hide()
        self.network_view.selectionModel().currentRowChanged.connect(self._network_chosen)
        # Tab leaves the list (arrows move in it); Return, Enter or a double-click moves into
        # the chosen network's page (Space too, once the page exists: see `network_page`).
        self.network_view.setTabKeyNavigation(False)
        self.network_view.activated.connect(lambda _index: self._enter_network_page())

    def _network_placeholder(self) -> QWidget:
        # The network page is built when a network is first chosen (`network_page`).
        self.network_placeholder = QWidget()
        self.network_placeholder.setAccessibleName(Main.tr("Network page"))
        hint = QLabel(Main.tr("Choose a network in the list to see its page."))
        hint.setAccessibleName(Main.tr("Network page"))
        hl = QVBoxLayout(self.network_placeholder)
        hl.addStretch(1)
        hl.addLayout(centred(hint))
        hl.addStretch(1)
        return self.network_placeholder

    @property
    def network_page(self) -> NetworkPage:
        """The chosen network's page, built the first time one is chosen."""
        if self._network_page is None:
            from odesk.ui.network_page import NetworkPage

            assert self.session is not None and self.networks_page is not None
            page = NetworkPage(self.session)
            page.open_meeting.connect(self._open_meeting_of_current)
            page.new_meeting.connect(lambda nid: self.open_meeting(nid, None))
            page.changed.connect(self.refresh_list)
            page.changed.connect(self._editor_saved)
            self.network_split.replaceWidget(1, page)
            self.network_split.setStretchFactor(1, 2)
            self.network_placeholder.deleteLater()
            from odesk.ui.keys import space_opens

            space_opens(self.network_view, lambda _index: self._enter_network_page())
            self._network_page = page
        return self._network_page

    def _tab_changed(self, _index: int) -> None:
        if self.session is None or self.store.closed:
            return
        if self.tabs.currentWidget() is self.conflicts_page:
            self.conflicts_view.refresh()

    @property
    def conflicts_view(self) -> ConflictsView:
        """The conflicts and refused-changes view, built on first use."""
        if self._conflicts_view is None:
            from odesk.ui.conflicts_view import ConflictsView

            assert self.session is not None
            view = ConflictsView(self.session)
            view.resolved.connect(lambda _rid: self.refresh())
            view.refused.open_record.connect(self.open_refused)
            view.refused.changed.connect(self._refused_changed)
            view.refused.before_withdraw = self._release_record
            layout = self.conflicts_page.layout()
            assert layout is not None
            layout.addWidget(view)
            self._conflicts_view = view
        return self._conflicts_view

    def open_refused(self, place: dict) -> None:
        """Show a refused change where it was made: its meeting, else its network."""
        network_id = place.get("network_id")
        if place.get("meeting_id") and network_id:
            self.open_meeting(network_id, place["meeting_id"])
        elif network_id and self.networks_page is not None:
            self.tabs.setCurrentWidget(self.networks_page)
            self.select_network(network_id)
            if place.get("kind") == "member":
                self.network_page.tabs.setCurrentIndex(1)

    def _release_record(self, record_id: str) -> None:
        """Before a refused change is taken back: an editor showing it saves and closes."""
        for editor in list(self.editors):
            if record_id in (editor.meeting.get("id"), editor.note.get("id")):
                editor.close_editor()

    def _refused_changed(self) -> None:
        self.refresh()
        self._editor_saved()  # counts, and a sync soon

    def _install_supervisor(self) -> None:
        assert self.session is not None
        if not self.session.has_role("supervisor"):
            return  # the supervisor screens (reports, charts) are not even imported
        try:
            from odesk.ui import supervisor
        except ImportError:
            return
        install = getattr(supervisor, "install", None)
        if install is None:
            return
        try:
            self.supervisor_pages = install(self, self.session.store)
        except Exception as exc:  # a broken optional page must not stop the practitioner's work
            self.statusBar().showMessage(
                Main.tr("Supervisor pages unavailable: {e}").format(e=str(exc)), 10_000
            )

    def refresh(self) -> None:
        if not self.session or self.store is None or self.store.closed:
            return
        self.refresh_list()
        if self._network_page is not None and self._network_page.network:
            self._network_page.refresh()
        if self.tabs.currentWidget() is self.conflicts_page:
            self.conflicts_view.refresh()
        if self.sync:
            if self._after_first_screen is not None:  # with the rest of the list, after the paint
                self._after_first_screen.append(self._refresh_counts)
            else:
                self.sync.refresh_counts()
        if self.supervisor_pages is not None and hasattr(self.supervisor_pages, "refresh"):
            self.supervisor_pages.refresh()

    def _refresh_counts(self) -> None:
        if self.sync is not None:
            self.sync.refresh_counts()

    def refresh_list(self, *, background: bool | None = None) -> None:
        """Reload the network list from the store's summary rows. Large lists load on a pool
        thread so the window never waits; small ones load at once (no visible gap, and simpler
        for the code that follows). An empty list (just unlocked) shows its first screenful at
        once, read in the list's order from an index, and the rest follows from the pool."""
        from odesk.ui.network_list import FIRST_SCREEN, load_rows

        assert self.session is not None
        store = self.store
        if background is None:
            background = (
                self.network_model.total_all() > BACKGROUND_LOAD_ABOVE
                or _db_size(store) > BACKGROUND_DB_BYTES
            )
        self._list_generation += 1
        generation = self._list_generation
        if not background:
            self._rows_loaded(generation, load_rows(store))
            return
        if self.network_model.total_all() == 0:
            first = load_rows(store, limit=FIRST_SCREEN)
            self._show_rows(first)
            if len(first) < FIRST_SCREEN:
                self._rows_loaded(generation, first)
                return
            self.network_view.setToolTip(Main.tr("Loading networks…"))

            def read_rest() -> None:
                if generation != self._list_generation or store.closed:
                    return  # locked, or a newer load asked for, before the first paint
                run_task(
                    lambda: load_rows(store, offset=len(first)),
                    lambda rest: self._rest_loaded(generation, rest),
                    None,
                    parent=self,
                )

            # The rest (and the status bar's counts, see `refresh`) is read once the first
            # screenful has been painted: a pool thread reading rows holds Python's one lock
            # for much of its time, and would slow the paint the person is waiting for.
            waiting: list[Callable[[], Any]] = [read_rest]
            self._after_first_screen = waiting

            def first_screen_painted() -> None:
                if self._after_first_screen is waiting:
                    self._after_first_screen = None
                for fn in waiting:
                    fn()

            after_paint(self.network_view, first_screen_painted)
            return
        self.network_view.setToolTip(Main.tr("Loading networks…"))
        run_task(
            lambda: load_rows(store),
            lambda rows: self._rows_loaded(generation, rows),
            None,
            parent=self,
        )

    def _show_rows(self, rows: list) -> None:
        assert self.session is not None
        current = self.current_network_id()
        self.network_model.set_rows(
            rows,
            user_id=self.session.user_id,
            team_ids=self.session.team_ids,
            team_names={t.get("id"): t.get("name") for t in self.session.teams},
        )
        if current:
            self.select_network(current)

    def _rest_loaded(self, generation: int, rows: list) -> None:
        """The rows after the first screenful: added below it, nothing on screen moves."""
        if generation != self._list_generation or self.session is None:
            return
        self.network_model.append_rows(rows)
        if self.network_proxy.searching():
            self.network_model.fetch_all()  # a search looks at every network
        self._list_complete()

    def _rows_loaded(self, generation: int, rows: list) -> None:
        if generation != self._list_generation or self.session is None:
            return  # a newer load was asked for, or the store was locked meanwhile
        self._show_rows(rows)
        self._list_complete()

    def _list_complete(self) -> None:
        self.network_view.setToolTip("")
        self._sort_newest_referral_first()
        if self.sync:
            self.sync.refresh_counts()
        self._start_sync()
        self.list_loaded.emit()

    def _sort_newest_referral_first(self) -> None:
        """Let the header sort the list, starting as the rows already are: newest referral
        first. Not before: naming `Qt`'s sort order makes all of Qt's Python enums (~12 ms,
        see odesk.ui.network_list), which the first screenful does without. (With sorting on
        from the start, the header's default put the list in name order, Z to A.)"""
        if self.network_view.isSortingEnabled():
            return
        from PySide6.QtCore import Qt

        from odesk.ui.network_list import NetworkTableModel

        received = NetworkTableModel.COLUMNS.index("received")
        self.network_view.horizontalHeader().setSortIndicator(
            received, Qt.SortOrder.DescendingOrder
        )
        self.network_view.setSortingEnabled(True)

    def lock(self) -> None:
        """Close the store and clear everything on screen; show the unlock screen."""
        if self.session is None:
            return
        self._list_generation += 1
        self._after_first_screen = None
        for editor in list(self.editors):
            editor.shutdown(forget=False)  # kept in the open-editors list: reopened on unlock
        self.writer.wait()
        if self.sync:
            self.sync.stop()
        self.idle.stop()
        store = self.session.store
        self._running_mark_pending = False
        if not store.closed:
            store.meta_set(CLEAN_LOCK, True)
        self._clear_workspace()
        if not store.closed:
            store.close()
        self.session = None
        self.sync = None
        self._set_actions_enabled(False)
        self._set_title()
        self.unlock_widget.reset()
        self.unlock_widget.set_notice("")
        self.stack.setCurrentWidget(self.unlock_widget)
        self.locked.emit()

    def _close_dialogs(self) -> None:
        """Search, every open form and question, and the co-sign queue: they may hold record
        text."""
        if self.search_dialog is not None:
            self.search_dialog.clear()
            self.search_dialog.close()
            self.search_dialog.deleteLater()
            self.search_dialog = None
        from PySide6.QtWidgets import QDialog

        for dlg in self.findChildren(QDialog):
            # open forms and questions go too: they may hold record text. A dialog that would
            # ask before losing what was typed (the review dialog) is discarded without asking.
            getattr(dlg, "discard", dlg.reject)()
        if self.cosign_dialog is not None:
            self.cosign_dialog.deleteLater()  # it shows a colleague's note
            self.cosign_dialog = None

    def _clear_workspace(self) -> None:
        self._close_dialogs()
        if self.supervisor_pages is not None and hasattr(self.supervisor_pages, "clear"):
            self.supervisor_pages.clear()
        self.supervisor_pages = None
        self.editors = []
        if self.networks_page is not None:
            self.network_model.clear()
            if self._network_page is not None:
                self._network_page.clear()
            if self._conflicts_view is not None:
                self._conflicts_view.clear()
            self._conflicts_view = None  # goes with its page below
        # Quietly: removing a tab makes the next one current, and the conflicts tab becoming
        # current would build and fill its view from the store being locked.
        self.tabs.blockSignals(True)
        try:
            while self.tabs.count():
                w = self.tabs.widget(0)
                self.tabs.removeTab(0)
                if w is not None:
                    w.deleteLater()
        finally:
            self.tabs.blockSignals(False)
        self.extra_pages = []
        self.networks_page = None
        for label in (
            self.online_label,
            self.pending_label,
            self.last_sync_label,
            self.conflicts_label,
            self.sync_message,
        ):
            label.clear()

    # --- networks -------------------------------------------------------------------------------

    def current_network_id(self) -> str | None:
        from odesk.ui.network_list import ID_ROLE

        idx = self.network_view.currentIndex()
        return idx.data(ID_ROLE) if idx.isValid() else None

    def select_network(self, network_id: str) -> bool:
        row = self.network_model.row_of(network_id)
        if row is not None:
            idx = self.network_proxy.mapFromSource(self.network_model.index(row, 0))
            if idx.isValid():
                self.network_view.setCurrentIndex(idx)
                self.network_view.scrollTo(idx)
                return True
        # Not in the current filter or search: show it anyway.
        self.network_page.show_network(network_id)
        return False

    def _network_chosen(self, current: Any, _previous: Any) -> None:
        from odesk.ui.network_list import ID_ROLE

        network_id = current.data(ID_ROLE) if current.isValid() else None
        if network_id is None and self._network_page is None:
            return  # nothing chosen, and no page to clear
        page = self.network_page
        if page.network is None or page.network.get("id") != network_id:
            page.show_network(network_id)

    def _enter_network_page(self) -> None:
        """Move the keyboard into the chosen network's page, on its section tabs."""
        if self.current_network_id() is not None:
            self.network_page.tabs.tabBar().setFocus()

    def new_network(self) -> None:
        if self.session is None:
            return
        choices = [(t, self.session.team_name(t)) for t in self.session.team_ids] or [
            ("local", Main.tr("This laptop (not yet connected)"))
        ]
        from odesk.ui.forms import NetworkDialog

        dlg = NetworkDialog(choices, None, self)
        if dlg.exec() and dlg.result_record:
            record = dlg.result_record
            record.setdefault("key_practitioner_ids", [self.session.user_id])
            try:
                saved = self.store.save(record)
            except Exception as exc:
                from PySide6.QtWidgets import QMessageBox  # on first use, not at start-up

                QMessageBox.warning(self, Main.tr("Not saved"), str(exc))
                return
            self.refresh_list()
            self.select_network(saved["id"])
            self._editor_saved()

    # --- meetings -------------------------------------------------------------------------------

    def _open_meeting_of_current(self, meeting_id: str) -> None:
        net = self._network_page.network if self._network_page is not None else None
        if net:
            self.open_meeting(net["id"], meeting_id)

    def open_meeting(
        self, network_id: str, meeting_id: str | None, *, recovered: bool = False
    ) -> MeetingEditor | None:
        if self.session is None:
            return None
        self._mark_running()  # before the editor records itself as open
        for ed in self.editors:
            if meeting_id and ed.meeting["id"] == meeting_id:
                self.tabs.setCurrentWidget(ed)
                return ed
        from odesk.ui.meeting_editor import MeetingEditor

        editor = MeetingEditor(self.session, network_id, meeting_id, recovered=recovered)
        self.editors.append(editor)
        editor.closed.connect(lambda: self._editor_closed(editor))
        editor.saved.connect(self._editor_saved)
        editor.signed.connect(self._note_signed)
        name = ((self.store.get(network_id) or {}).get("person") or {}).get("name") or Main.tr(
            "Meeting"
        )
        index = self.tabs.addTab(editor, Main.tr("Meeting: {name}").format(name=name))
        self.tabs.setCurrentIndex(index)
        if meeting_id:
            self.store.audit("view", meeting_id)
        return editor

    def _note_signed(self, _note_id: str) -> None:
        self.refresh()
        self._editor_saved()

    def _editor_saved(self) -> None:
        """A local change was saved: update the counts and send it soon if online."""
        if self.sync:
            self.sync.refresh_counts()
            self.sync.soon()

    def _editor_closed(self, editor: MeetingEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)
        i = self.tabs.indexOf(editor)
        if i >= 0:
            if i == self.tabs.currentIndex() and self.networks_page is not None:
                # Back to the network the meeting was opened from (not the next tab along).
                self.tabs.setCurrentWidget(self.networks_page)
            self.tabs.removeTab(i)
        editor.deleteLater()
        if self._network_page is not None and self._network_page.network:
            self._network_page.refresh()
        self.refresh_list()

    def _close_tab(self, index: int) -> None:
        w = self.tabs.widget(index)
        for editor in self.editors:
            if editor is w:
                editor.close_editor()
                return

    def _recover_editors(self) -> None:
        """Reopen meetings that were being written when odesk last stopped without closing them."""
        from odesk.ui.session import OPEN_EDITORS

        entries = list(self.store.meta_get(OPEN_EDITORS) or [])
        # After a lock they come back as they were; after a crash or kill they say so.
        crashed = not self.store.meta_get(CLEAN_LOCK)
        if not entries:
            # Nothing to reopen. After a crash the mark is already unset; after a lock, unsetting
            # it (so that a crash from now on is seen as one) waits for the first paint or the
            # first editor, whichever comes first: its commit waits for the disk (~10 ms on the
            # UI thread, more on a busy laptop), and until then no editor is open to recover.
            if not crashed:
                self._running_mark_pending = True
                after_paint(self, self._mark_running)
            return
        with self.store.transaction():  # one commit (one sync to disk) at every unlock
            self.store.meta_set(CLEAN_LOCK, False)
            self.store.meta_set(OPEN_EDITORS, [])  # each reopened editor records itself again
        for entry in entries:
            meeting_id, network_id = entry.get("meeting_id"), entry.get("network_id")
            if not meeting_id or not network_id or self.store.get(meeting_id) is None:
                continue  # opened but never written: nothing to recover
            if self.store.get(network_id) is not None:
                self.open_meeting(network_id, meeting_id, recovered=crashed)

    def _mark_running(self) -> None:
        """Unset the clean-lock mark left by the last lock (see `_recover_editors`)."""
        if not self._running_mark_pending:
            return
        self._running_mark_pending = False
        if self.session is not None and not self.store.closed:
            self.store.meta_set(CLEAN_LOCK, False)

    # --- search ---------------------------------------------------------------------------------

    def show_search(self) -> SearchDialog | None:
        if self.session is None:
            return None
        if self.search_dialog is None:
            from odesk.ui.search import SearchDialog

            self.search_dialog = SearchDialog(self.store, self)
            self.search_dialog.open_record.connect(self.open_result)
        self.search_dialog.show()
        self.search_dialog.raise_()
        self.search_dialog.query.setFocus()
        self.search_dialog.query.selectAll()
        return self.search_dialog

    def open_result(self, result: dict) -> None:
        store = self.store
        kind, rid = result.get("kind"), result.get("record_id")
        record = store.get(rid) if rid else None
        if record is None:
            return
        if kind == "addendum":
            record = store.get(record.get("note_id")) or {}
            kind = "note"
        if kind == "note":
            self.open_meeting(record["network_id"], record.get("meeting_id"))
            return
        if kind == "meeting":
            self.open_meeting(record["network_id"], record["id"])
            return
        network_id = record["id"] if kind == "network" else record.get("network_id")
        if network_id:
            self.tabs.setCurrentIndex(0)
            self.select_network(network_id)
            if kind == "member":
                self.network_page.tabs.setCurrentIndex(1)

    # --- sync -----------------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.sync:
            self.sync.sync_now()

    def show_conflicts(self) -> None:
        if self.session:
            self.conflicts_view.refresh()
            self.tabs.setCurrentWidget(self.conflicts_page)

    def show_cosign_queue(self) -> QWidget | None:
        """The signed notes of meetings I attended that await my own co-signature."""
        if self.session is None:
            return None
        from odesk.ui.cosign_queue import CosignQueueDialog

        dialog = CosignQueueDialog(self.session, self)
        dialog.cosigned.connect(lambda _note_id: self.refresh())
        dialog.setModal(True)
        dialog.show()
        self.cosign_dialog = dialog
        return dialog

    def connect_server(self) -> None:
        if self.session is None:
            return
        again = bool(self.sync and self.sync.status.needs_enrolment)
        if self.store.meta_get("token") and not again:
            from PySide6.QtWidgets import QMessageBox  # on first use, not at start-up

            QMessageBox.information(
                self,
                Main.tr("Connected"),
                Main.tr("This laptop is already connected to {url}.").format(
                    url=self.store.meta_get("server_url")
                ),
            )
            return
        from odesk.ui.connect_dialog import ConnectDialog

        dlg = ConnectDialog(self.store, self, again=again)
        if dlg.exec():
            if self.sync:
                self.sync.status.needs_enrolment = False
            self._reload_session()
            self.refresh()
            self.statusBar().showMessage(Main.tr("Connected to the trust server"), 5000)
            if self.sync:
                self.sync.probe()

    def _reload_session(self) -> None:
        """Who I am, my teams and colleagues may have changed (enrolment, a sync's /v1/me)."""
        from odesk.ui.session import Session

        self.session = Session.from_store(self.store, self.writer)
        if self._network_page is not None:
            self._network_page.session = self.session
        if self._conflicts_view is not None:
            self._conflicts_view.session = self.session
        self._set_title(self.session.user_name)

    def _show_status(self, s: SyncStatus) -> None:
        if not s.enrolled:
            self.online_label.setText(Main.tr("Offline (not connected)"))
        elif s.syncing:
            self.online_label.setText(Main.tr("Syncing…"))
        elif not s.checked:
            self.online_label.setText(Main.tr("Checking connection…"))
        else:
            self.online_label.setText(Main.tr("Online") if s.online else Main.tr("Offline"))
        self.pending_label.setText(Main.tr("%n change(s) waiting", "", s.pending))
        self.conflicts_label.setText(
            Main.tr("%n conflict(s)", "", s.conflicts)
            + (Main.tr(", %n refused", "", s.rejected) if s.rejected else "")
        )
        self.last_sync_label.setText(
            Main.tr("Last sync: {t}").format(
                t=local_time(s.last_sync) if s.last_sync else Main.tr("never")
            )
        )
        self.sync_message.setText(s.message)

    def _after_sync(self, report: Any) -> None:
        if self.session is None:
            return
        self._reload_session()
        self.idle.set_minutes(minutes_from_policy(self.store.meta_get("policy")))
        if self.stack.currentWidget() is self.message_page and not self._check_offline_lock():
            self.stack.setCurrentWidget(self.workspace)
        self.refresh()
        for editor in self.editors:
            editor.refresh_from_sync()

    def _check_offline_lock(self) -> bool:
        message = self.sync.lock_message() if self.sync else None
        if not message:
            return False
        self.message_page.text.setText(
            Main.tr(
                "Your records are hidden because this laptop has not reached the trust server for too long "
                "({detail}). Connect to the network and press Sync now; your records will show again "
                "as soon as the server answers. Nothing has been deleted."
            ).format(detail=message)
        )
        self.message_page.button.setText(Main.tr("Sync &now"))
        self.message_page.button.setAccessibleName(Main.tr("Sync now"))
        self._message_action = self.sync_now
        self.stack.setCurrentWidget(self.message_page)
        return True

    def _revoked(self, message: str) -> None:
        store = self.store
        self.idle.stop()
        self._clear_workspace()
        if store is not None and not store.closed:
            store.close()
        self.session = None
        self.sync = None
        self._set_actions_enabled(False)
        self.message_page.text.setText(message)
        self.message_page.button.setText(Main.tr("&Close odesk"))
        self.message_page.button.setAccessibleName(Main.tr("Close odesk"))
        self._message_action = self.close
        self.stack.setCurrentWidget(self.message_page)

    # --- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: Any) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        if self.session is not None:
            for editor in list(self.editors):
                editor.shutdown(forget=True)
            self.lock()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.idle.unwatch(app)
        super().closeEvent(event)
