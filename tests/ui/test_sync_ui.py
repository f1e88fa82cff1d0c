"""Sync in the app against a real odesk-server on 127.0.0.1: status follows the server going away
and coming back, a conflict is resolved in the conflicts view, a revoked laptop is wiped and told why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from odesk.server import admin
from odesk.server.engines import forget_engine
from odesk.store import Store
from odesk.sync import enroll, sync_once
from odesk.sync.reachability import server_reachable
from odesk.ui.main_window import MainWindow
from odesk.vault import TEST_PARAMS
from tests.servers import free_port, run_server
from tests.ui.conftest import PASSPHRASE, open_weak


@pytest.fixture
def trust(tmp_path: Path) -> Iterator[dict]:
    (tmp_path / "server").mkdir()
    db = f"sqlite:///{tmp_path / 'server' / 'server.db'}"
    team = admin.add_team(db, "Fictional POD")
    user = admin.add_user(db, "Pat Fictional", ["practitioner"], [team])
    yield {"db": db, "team": team, "user": user, "port": free_port()}
    forget_engine(db)


def device(trust: dict, folder: Path, url: str) -> Store:
    store = Store.create(folder, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    enroll(store, url, admin.make_code(trust["db"], trust["user"]))
    return store


def window_for(qtbot: Any, store: Store) -> MainWindow:
    win = MainWindow(store.data_dir, opener=open_weak)
    qtbot.addWidget(win)
    win.open_store(store)
    win.show()
    return win


def network(store: Store, team: str, name: str = "Robin Fictional") -> dict:
    return store.save(
        {
            "kind": "network",
            "team_id": team,
            "person": {"name": name},
            "referral": {"received_at": "2026-01-05T09:00:00.000+00:00", "urgency": "urgent"},
            "status": "open",
        }
    )


def test_status_follows_the_server(qtbot: Any, trust: dict, tmp_path: Path) -> None:
    with run_server(trust["db"], port=trust["port"], rate_limit=None) as url:
        store = device(trust, tmp_path / "a", url)
        win = window_for(qtbot, store)
        qtbot.waitUntil(
            lambda: win.sync.status.online and bool(win.sync.status.last_sync), timeout=20_000
        )
        assert win.online_label.text() == "Online"
        network(store, trust["team"])
        win.sync.refresh_counts(background=False)
        assert win.pending_label.text() == "1 change waiting"
        win.sync_now()
        qtbot.waitUntil(
            lambda: not win.sync.status.syncing and win.sync.status.pending == 0, timeout=20_000
        )
        qtbot.waitUntil(lambda: win.pending_label.text() == "0 changes waiting", timeout=5000)
        assert "never" not in win.last_sync_label.text()

    # the server goes away: the next round fails and the bar says offline; work goes on
    network(store, trust["team"], "Second Fictional")
    win.sync_now()
    qtbot.waitUntil(
        lambda: not win.sync.status.syncing and not win.sync.status.online, timeout=30_000
    )
    assert win.online_label.text() == "Offline"
    qtbot.waitUntil(lambda: win.sync.status.pending == 1, timeout=5000)

    with run_server(trust["db"], port=trust["port"], rate_limit=None):
        win.sync.probe_timer.stop()
        win.sync.probe()
        qtbot.waitUntil(
            lambda: (
                win.sync.status.online
                and win.sync.status.pending == 0
                and not win.sync.status.syncing
            ),
            timeout=30_000,
        )
        assert win.online_label.text() == "Online"
        win.lock()


def test_conflict_resolved_in_the_conflicts_view(qtbot: Any, trust: dict, tmp_path: Path) -> None:
    with run_server(trust["db"], port=trust["port"], rate_limit=None) as url:
        a = device(trust, tmp_path / "a", url)
        b = device(trust, tmp_path / "b", url)
        net = network(a, trust["team"])
        meeting = a.save(
            {
                "kind": "meeting",
                "network_id": net["id"],
                "status": "held",
                "start": "2026-01-05T12:00:00+00:00",
            }
        )
        note = a.save(
            {
                "kind": "note",
                "meeting_id": meeting["id"],
                "network_id": net["id"],
                "author_id": trust["user"],
                "state": "draft",
                "summary": "first words",
            }
        )
        sync_once(a)
        sync_once(b)
        base = b.get(note["id"])
        assert base is not None
        a.save({**a.get(note["id"]), "summary": "words from laptop A"})
        b.save({**base, "summary": "words from laptop B"})
        sync_once(a)
        sync_once(b)
        assert b.conflicts() == [note["id"]]

        win = window_for(qtbot, b)
        view = win.conflicts_view
        win.show_conflicts()
        assert view.list_model.rowCount() == 1
        view.open_conflict(0)
        mode, editor = view.editors["summary"]
        assert mode == "text"
        shown = [
            w.toPlainText()
            for w in view.detail.widget().findChildren(type(editor))
            if w.isReadOnly()
        ]
        assert "words from laptop A" in shown and "words from laptop B" in shown  # side by side
        editor.setPlainText("words from A and B together")
        assert view.save_merge()
        assert b.conflicts() == []
        assert view.list_model.rowCount() == 0
        qtbot.waitUntil(lambda: win.conflicts_label.text().startswith("0 conflicts"), timeout=5000)
        win.sync_now()
        qtbot.waitUntil(
            lambda: not win.sync.status.syncing and win.sync.status.pending == 0, timeout=20_000
        )
        win.lock()
        sync_once(a)
        assert a.conflicts() == []
        assert a.get(note["id"])["summary"] == "words from A and B together"
        a.close()


def test_revoked_device_is_wiped_and_told(qtbot: Any, trust: dict, tmp_path: Path) -> None:
    with run_server(trust["db"], port=trust["port"], rate_limit=None) as url:
        store = device(trust, tmp_path / "a", url)
        device_id = store.meta_get("device_id")
        win = window_for(qtbot, store)
        qtbot.waitUntil(
            lambda: win.sync.status.online and not win.sync.status.syncing, timeout=20_000
        )
        assert admin.revoke(trust["db"], device_id)
        win.sync_now()
        qtbot.waitUntil(lambda: win.stack.currentWidget() is win.message_page, timeout=20_000)
        assert "erased" in win.message_page.text.text()
        assert win.session is None and win.tabs.count() == 0
        assert not Store.exists(tmp_path / "a")


def test_connect_later_from_settings(qtbot: Any, trust: dict, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from odesk.ui.connect_dialog import ConnectDialog

    store = Store.create(tmp_path / "a", PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    network(store, "local")
    with run_server(trust["db"], port=trust["port"], rate_limit=None) as url:
        win = window_for(qtbot, store)
        assert win.online_label.text() == "Offline (not connected)"
        code = admin.make_code(trust["db"], trust["user"])

        def fill() -> None:
            dlg = next(
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, ConnectDialog) and w.isVisible()
            )
            dlg.url.setText(url)
            dlg.code.setText(code)
            dlg.start()

        QTimer.singleShot(0, fill)
        win.connect_action.trigger()
        assert store.meta_get("server_url") == url
        assert win.session.user_id == trust["user"] == store.user_id
        assert "Pat Fictional" in win.windowTitle()
        qtbot.waitUntil(
            lambda: win.sync.status.online and not win.sync.status.syncing, timeout=20_000
        )
        win.lock()


# A trust with its own CA: the laptop enrolled with the trust's CA file goes online and syncs by
# itself. The reachability probe goes through the sync transport, so it trusts the CA bundle kept at
# enrolment, as a round does (it used to call httpx itself and stayed offline forever).
@pytest.fixture
def private_ca(tmp_path: Path) -> dict[str, Path]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    files = {name: tmp_path / f"{name}.pem" for name in ("cert", "key", "ca")}
    cert.cert_chain_pems[0].write_to_path(str(files["cert"]))
    cert.private_key_pem.write_to_path(str(files["key"]))
    ca.cert_pem.write_to_path(str(files["ca"]))
    return files


def tls_server(trust: dict, ca: dict[str, Path]) -> Any:
    """The trust's server on HTTPS with a certificate from its own CA."""
    return run_server(
        trust["db"], tls_cert=ca["cert"], tls_key=ca["key"], ca_file=ca["ca"], rate_limit=None
    )


def test_the_app_goes_online_and_syncs_by_itself_with_the_trusts_ca(
    qtbot: Any, trust: dict, private_ca: dict[str, Path], tmp_path: Path
) -> None:
    with tls_server(trust, private_ca) as url:
        assert url.startswith("https://")
        store = Store.create(
            tmp_path / "laptop", PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True
        )
        code = admin.make_code(trust["db"], trust["user"])
        enroll(store, url, code, ca_file=str(private_ca["ca"]))
        private_ca["ca"].unlink()  # from now on the bundle lives only inside the encrypted store
        network(store, trust["team"])
        assert store.pending_count() == 1

        win = window_for(qtbot, store)  # no F5, no sync_now: the probe alone must find the server
        qtbot.waitUntil(
            lambda: win.sync.status.online and win.sync.status.pending == 0, timeout=30_000
        )
        assert win.online_label.text() == "Online"
        assert bool(win.sync.status.last_sync)
        win.lock()


def test_the_probe_trusts_only_what_a_round_trusts(
    trust: dict, private_ca: dict[str, Path]
) -> None:
    with tls_server(trust, private_ca) as url:
        ca_pem = private_ca["ca"].read_text()
        assert server_reachable(url, ca_pem)
        # Without the trust's CA the OS trust store does not know this server: not reachable
        # (a round would refuse the certificate too), and no exception escapes.
        assert not server_reachable(url, None)
    assert not server_reachable(url, ca_pem)  # the server is gone
    assert not server_reachable("http://192.0.2.1:8470", None)  # plain HTTP off loopback


def test_a_laptop_whose_token_expired_is_connected_again_from_the_app_keeping_everything(
    qtbot: Any, trust: dict, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import create_engine

    from odesk.server.policy import MAX_OFFLINE_DAYS
    from odesk.server.schema import devices
    from odesk.ui.connect_dialog import ConnectDialog

    with run_server(trust["db"], port=trust["port"], rate_limit=None) as url:
        store = device(trust, tmp_path / "a", url)
        device_id = store.device_id
        win = window_for(qtbot, store)
        qtbot.waitUntil(
            lambda: win.sync.status.online and not win.sync.status.syncing, timeout=20_000
        )
        # Months in a drawer: the server last heard from it longer ago than the policy allows.
        engine = create_engine(trust["db"])
        with engine.begin() as conn:
            long_ago = datetime.now(UTC) - timedelta(days=MAX_OFFLINE_DAYS + 3)
            conn.execute(devices.update().values(last_seen_at=long_ago.isoformat()))
        engine.dispose()
        written = network(store, trust["team"], "Written Offline")
        win.sync_now()
        qtbot.waitUntil(lambda: win.sync.status.needs_enrolment, timeout=20_000)
        assert "connected again" in win.sync.status.message
        assert store.get(written["id"]) is not None  # nothing was erased

        code = admin.make_code(trust["db"], trust["user"])

        def fill() -> None:
            dlg = next(
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, ConnectDialog) and w.isVisible()
            )
            assert dlg.again and dlg.url.text() == url  # the address is kept, only a code needed
            dlg.code.setText(code)
            dlg.start()

        QTimer.singleShot(0, fill)
        win.connect_action.trigger()
        assert store.device_id == device_id and not win.sync.status.needs_enrolment
        qtbot.waitUntil(
            lambda: (
                win.sync.status.online
                and not win.sync.status.syncing
                and win.sync.status.pending == 0
            ),
            timeout=30_000,
        )
        win.lock()
