"""Past the trust's max_offline_days a device shows no records until it reaches the server again."""

from __future__ import annotations

from odesk.store import Store
from odesk.sync import state

from .conftest import DEMO_FILE, PASSPHRASE, Cli


def _enrolled_and_last_contact(cli: Cli, days_ago: int) -> None:
    store = Store.open(cli.data, PASSPHRASE, allow_weak_kdf=True)
    try:
        store.meta_set(state.SERVER_URL, "http://127.0.0.1:9")
        store.meta_set(state.TOKEN, "fictional-token")
        store.meta_set(state.POLICY, {"max_offline_days": 14, "autolock_minutes": 5})
        store.meta_set(state.LAST_CONTACT, f"2026-01-{1 + 30 - days_ago:02d}T09:00:00+00:00")
    finally:
        store.close()


def test_export_refuses_with_the_reason_after_too_long_offline(cli: Cli) -> None:
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    _enrolled_and_last_contact(cli, days_ago=30)  # far in the past: well over 14 days
    result = cli.run("export")
    assert result.code == 1
    line = result.error_line()
    assert "records are hidden" in line and "14 days offline" in line
    assert result.out == ""  # not one record printed
    assert cli.ok("check").code == 0  # the store still unlocks and checks


def test_export_works_after_a_recent_contact(cli: Cli) -> None:
    cli.init()
    cli.ok("import", str(DEMO_FILE))
    store = Store.open(cli.data, PASSPHRASE, allow_weak_kdf=True)
    try:
        store.meta_set(state.SERVER_URL, "http://127.0.0.1:9")
        store.meta_set(state.TOKEN, "fictional-token")
        store.meta_set(state.POLICY, {"max_offline_days": 14})
        state.touch_contact(store)
    finally:
        store.close()
    assert '"odesk-records"' in cli.ok("export").out
