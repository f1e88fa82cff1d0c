"""The laptop's audit log is sent while the round pulls (issue 19) and still arrives whole, in
order, without a false break in the chain, also when the round fails part-way.

Real server (SQLite and PostgreSQL), real encrypted stores."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from odesk.server.engines import engine_for
from odesk.server.schema import devices
from odesk.store import Store
from odesk.sync import sync_once
from odesk.sync.errors import SyncError
from odesk.sync.state import AUDIT_ACCEPTED
from tests.sync.conftest import Trust
from tests.sync.devices import Device, fast_retry, member, network


def _server_audit_seq(trust: Trust, device_id: str) -> int:
    with engine_for(trust.db_url).connect() as conn:
        row = conn.execute(select(devices.c.audit_seq).where(devices.c.id == device_id)).one()
    return int(row.audit_seq or 0)


def _last_local_seq(store: Store) -> int:
    return max(e["seq"] for e in store.audit_entries(after_seq=0))


def _ana_with_work_to_send_and_to_pull(trust: Trust, *, pulled: int, sent: int) -> Device:
    """ana's laptop with ``sent`` records of her own to push and a colleague's ``pulled`` to pull."""
    ana, ben = trust.device("ana"), trust.device("ben")
    net = ben.store.save(network(trust.team_a))
    for i in range(pulled - 1):
        ben.store.save(member(net["id"], f"Fictional {i}"))
    ben.sync()
    for i in range(sent):
        ana.store.save(member(net["id"], f"Ana's fictional {i}"))
    return ana


def test_the_log_arrives_whole_from_a_round_of_many_pages(trust: Trust) -> None:
    ana = _ana_with_work_to_send_and_to_pull(trust, pulled=31, sent=12)
    report = sync_once(ana.store, retry=fast_retry(), page=4)  # 9 pages pulled meanwhile
    assert report.errors == []
    last = _last_local_seq(ana.store)
    assert _server_audit_seq(trust, ana.store.device_id) == last
    assert ana.store.meta_get(AUDIT_ACCEPTED) == last
    assert not [a for a in _alerts(trust) if a["device_id"] == ana.store.device_id]


def test_a_round_failing_in_its_pull_loses_no_entry_and_raises_no_false_alert(
    trust: Trust, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = _ana_with_work_to_send_and_to_pull(trust, pulled=21, sent=10)
    applied = 0
    original = Store.apply_remote

    def fail_on_third_page(self: Store, changes, cursor):  # type: ignore[no-untyped-def]
        nonlocal applied
        applied += 1
        if applied == 3:
            raise SyncError("the laptop's disk is full (fictional)")
        return original(self, changes, cursor)

    monkeypatch.setattr(Store, "apply_remote", fail_on_third_page)
    with pytest.raises(SyncError):
        sync_once(ana.store, retry=fast_retry(), page=4)
    monkeypatch.setattr(Store, "apply_remote", original)
    accepted = ana.store.meta_get(AUDIT_ACCEPTED) or 0
    assert accepted <= _server_audit_seq(trust, ana.store.device_id)

    report = sync_once(ana.store, retry=fast_retry(), page=4)

    assert report.errors == []
    assert _server_audit_seq(trust, ana.store.device_id) == _last_local_seq(ana.store)
    assert not [a for a in _alerts(trust) if a["device_id"] == ana.store.device_id]


def _alerts(trust: Trust) -> list[dict]:
    from odesk.server import admin

    return admin.audit_log(trust.db_url)["alerts"]
