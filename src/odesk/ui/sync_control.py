"""Sync in the app: probes the server, runs odesk.sync.sync_once in a worker, reports status.

Reachability is a health probe (GET /v1/health) with back-off, nudged by Qt's network
information when the platform offers it. A round runs when the server answers and changes wait,
every few minutes anyway, and on demand (F5). The status is plain data the status bar renders.

The sync stack (httpx and odesk.sync) is imported where a probe or round runs, not at module
import: the window must open without it, and most of it is only needed once the server answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from odesk.ui.i18n import Context
from odesk.ui.workers import run_task

if TYPE_CHECKING:
    from odesk.store import Store
    from odesk.sync.transport import RetryPolicy

PROBE_MIN_S = 5
PROBE_MAX_S = 300
ROUND_EVERY_S = 120
SOON_S = 10  # after local changes, while online: a round once the writing pauses this long


Sync = Context("Sync")


@dataclass
class SyncStatus:
    enrolled: bool = False
    online: bool = False
    checked: bool = False  # a probe or round has answered at least once
    needs_enrolment: bool = False  # the server refuses this laptop's token: a new code is needed
    syncing: bool = False
    pending: int = 0
    conflicts: int = 0
    rejected: int = 0
    last_sync: str | None = None
    message: str = ""


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    synced = Signal(object)  # SyncReport
    revoked = Signal(str)
    offline_locked = Signal(str)

    def __init__(
        self,
        store: Store,
        parent: QObject | None = None,
        *,
        client_factory: Any = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        # Few quick retries: the health probe with back-off decides when to try again.
        self._retry = retry
        self.client_factory = client_factory
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.status = SyncStatus()
        self._backoff = PROBE_MIN_S
        self._probing = False
        self._stopped = False
        self.probe_timer = QTimer(self)
        self.probe_timer.setSingleShot(True)
        self.probe_timer.timeout.connect(self.probe)
        self.round_timer = QTimer(self)
        self.round_timer.setInterval(ROUND_EVERY_S * 1000)
        self.round_timer.timeout.connect(self._periodic)
        self.soon_timer = QTimer(self)
        self.soon_timer.setSingleShot(True)
        self.soon_timer.setInterval(SOON_S * 1000)
        self.soon_timer.timeout.connect(self._periodic)
        self._netinfo: Any = None
        self._counting = False
        self._count_again = False

    @property
    def retry(self) -> RetryPolicy:
        if self._retry is None:
            from odesk.sync.transport import RetryPolicy

            self._retry = RetryPolicy(attempts=2, base_delay=0.5, max_delay=2.0)
        return self._retry

    def soon(self) -> None:
        """Local changes were saved: send them shortly, not on every keystroke's save."""
        if not self._stopped and self.status.online:
            self.soon_timer.start()

    def _periodic(self) -> None:
        if self.status.online:
            self.sync_now()

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        self._stopped = False
        self._watch_network()
        self.round_timer.start()
        self.probe()

    def stop(self) -> None:
        """Stop timers and wait for a running round (before the store closes)."""
        self._stopped = True
        self.probe_timer.stop()
        self.round_timer.stop()
        self.soon_timer.stop()
        self.pool.waitForDone(60_000)
        QThreadPool.globalInstance().waitForDone(30_000)  # counts and list loads reading the store

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:
            return
        if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        if info is not None and self._netinfo is None:
            self._netinfo = info
            info.reachabilityChanged.connect(self._reachability)

    def _reachability(self, reachability: Any) -> None:
        if self._stopped:
            return
        # Only a hint: the health probe decides whether the trust server answers.
        self._backoff = PROBE_MIN_S
        self.probe_timer.start(0)

    # --- status ---------------------------------------------------------------------------------

    def _publish(self) -> None:
        """Show the connection state now; the counts follow from the background."""
        self.status_changed.emit(self.status)
        self.refresh_counts()

    def refresh_counts(self, *, background: bool = True) -> None:
        """Re-read waiting changes, conflicts and last sync for the status bar.

        In the background by default (on a large store these counts take a noticeable moment);
        requests while one is running coalesce into one more run.
        """
        store = self.store
        if store.closed:
            return
        if not background:
            self._apply_counts(self._counts(store))
            return
        if self._counting:
            self._count_again = True
            return
        self._counting = True
        run_task(lambda: self._counts(store), self._counted, self._count_failed)

    @staticmethod
    def _counts(store: Store) -> tuple[bool, int, int, int, str | None]:
        from odesk.sync.state import LAST_SYNC, is_enrolled

        return (
            is_enrolled(store),
            store.pending_count(),
            len(store.conflicts()),
            len(store.rejected()),
            store.meta_get(LAST_SYNC),
        )

    def _counted(self, counts: tuple[bool, int, int, int, str | None]) -> None:
        self._counting = False
        if self.store.closed:
            return
        self._apply_counts(counts)
        if self._count_again:
            self._count_again = False
            self.refresh_counts()

    def _count_failed(self, _exc: BaseException) -> None:
        self._counting = False  # the store was locked meanwhile; nothing to show

    def _apply_counts(self, counts: tuple[bool, int, int, int, str | None]) -> None:
        s = self.status
        s.enrolled, s.pending, s.conflicts, s.rejected, s.last_sync = counts
        self.status_changed.emit(s)

    def lock_message(self) -> str | None:
        """Why the records are hidden (offline too long), as a clause in the user's language;
        None when records may be shown."""
        from odesk.sync.offline import max_offline_days, offline_locked
        from odesk.sync.state import days_since_contact

        if not offline_locked(self.store):
            return None
        days = days_since_contact(self.store)
        limit = f"{max_offline_days(self.store) or 0:g}"
        if days is None:
            return Sync.tr("never reached; the trust allows {limit} days offline").format(
                limit=limit
            )
        return Sync.tr(
            "last reached %n day(s) ago; the trust allows {limit} days offline", "", int(days)
        ).format(limit=limit)

    # --- probing and syncing -------------------------------------------------------------------

    def probe(self) -> None:
        if self._stopped or self._probing or self.store.closed:
            return
        from odesk.sync.state import enrolment_of, is_enrolled

        if not is_enrolled(self.store):
            self.status.online = False
            self.status.message = Sync.tr("Not connected to a trust server")
            self._publish()
            return
        self._probing = True
        (url, ca_pem), factory = enrolment_of(self.store), self.client_factory

        def health() -> bool:
            # Imported on the probe's thread the first time: the window need not wait for httpx.
            # The probe uses the sync transport, so it trusts exactly what a round trusts (the
            # enrolment's CA bundle, else the OS trust store).
            from odesk.sync.reachability import server_reachable

            client = factory() if factory else None
            try:
                return server_reachable(url, ca_pem, client=client)
            finally:
                if client is not None:
                    client.close()

        run_task(health, self._probed, lambda exc: self._probed(False), pool=self.pool, parent=self)

    def _probed(self, ok: bool) -> None:
        self._probing = False
        if self._stopped:
            return
        was = self.status.online
        self.status.online = bool(ok)
        self.status.checked = True
        if ok:
            self._backoff = PROBE_MIN_S
            self.status.message = ""
            if not was or self.store.pending_count():
                self.sync_now()
            self.probe_timer.start(ROUND_EVERY_S * 1000)
        else:
            self.status.message = Sync.tr("Trust server not reachable; working offline")
            self.probe_timer.start(self._backoff * 1000)
            self._backoff = min(self._backoff * 2, PROBE_MAX_S)
        self._publish()

    def sync_now(self) -> None:
        if self._stopped or self.status.syncing or self.store.closed:
            return
        if self.status.needs_enrolment:  # the same token would be refused again
            self._publish()
            return
        from odesk.sync.state import is_enrolled
        from odesk.sync.sync_round import sync_once

        if not is_enrolled(self.store):
            self.status.message = Sync.tr("Connect to a trust server first (Settings)")
            self._publish()
            return
        self.status.syncing = True
        self.status.message = Sync.tr("Syncing…")
        self.status_changed.emit(self.status)
        store, factory, retry = self.store, self.client_factory, self.retry

        def round_() -> Any:
            client = factory() if factory else None
            try:
                return sync_once(store, client=client, retry=retry)
            finally:
                if client is not None:
                    client.close()

        run_task(round_, self._round_done, self._round_failed, pool=self.pool, parent=self)

    def _round_done(self, report: Any) -> None:
        self.status.syncing = False
        self.status.online = True
        self.status.checked = True
        self.status.message = Sync.tr(
            "Synced: {sent} sent, {received} received, {conflicts} in conflict,"
            " {refused} refused, {duplicates} already on the server"
        ).format(
            sent=report.pushed,
            received=report.pulled,
            conflicts=report.conflicts,
            refused=report.rejected,
            duplicates=report.duplicates,
        )
        self._publish()
        self.synced.emit(report)

    def _round_failed(self, exc: BaseException) -> None:
        from odesk.sync.errors import DeviceRevoked, SyncError

        self.status.syncing = False
        if isinstance(exc, DeviceRevoked):
            self._stopped = True
            self.revoked.emit(
                Sync.tr(
                    "The trust has withdrawn this laptop's access (it may have been reported lost). "
                    "For safety its local records have been erased. Anything already sent to the trust "
                    "server is safe. Ask your administrator for a new enrolment code."
                )
            )
            return
        self.status.online = False
        self.status.checked = True
        if _must_enrol_again(exc):
            # The server answered, and will keep refusing this token: retrying cannot help.
            self.status.needs_enrolment = True
            self.status.message = Sync.tr(
                "This laptop must be connected again: ask the trust for a new enrolment code,"
                " then Settings, Connect (everything on this laptop is kept)"
            )
            self._publish()
            return
        self.status.message = Sync.tr("Sync failed: {error}").format(
            error=str(exc)
            if isinstance(exc, SyncError | OSError)
            else exc.__class__.__name__ + ": " + str(exc)
        )
        self._publish()
        if not self._stopped:
            self.probe_timer.start(self._backoff * 1000)
            self._backoff = min(self._backoff * 2, PROBE_MAX_S)


def _must_enrol_again(exc: BaseException) -> bool:
    """The server no longer accepts this device's token (expired, or unknown after a restore)."""
    from odesk.sync.errors import ApiError

    return isinstance(exc, ApiError) and exc.status == 401
