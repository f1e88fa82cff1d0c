"""A server restored from an older backup loses nothing and resurrects nothing (issue 18):
revocations, disabled users, spent codes, alerts and the audit trail made after the backup
survive; every device, including one enrolled after the backup, syncs on; no change the server
acknowledged is lost. On SQLite and PostgreSQL, with real encrypted stores syncing."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from odesk.server import admin
from odesk.server.db import write_tx
from odesk.server.schema import ALL_TABLES, meta
from odesk.sync import DeviceRevoked
from odesk.sync.enrollment import enroll
from odesk.sync.errors import SyncError
from tests.sync.conftest import Trust
from tests.sync.devices import all_texts, fast_retry, member, network, state_of, unique_text


def _enrol_raw(trust: Trust, code: str, name: str) -> httpx.Response:
    return httpx.post(f"{trust.url}/v1/devices/enroll", json={"code": code, "device_name": name})


def test_restore_keeps_security_state_and_every_acknowledged_change(
    trust: Trust, tmp_path: Path
) -> None:
    ana, lost = trust.device("ana"), trust.device("ben", "ben-lost")
    shared = ana.store.save(network(trust.team_a))
    ids = [shared["id"]]
    ana.sync()
    lost.sync()
    spent_later = admin.make_code(trust.db_url, trust.users["cara"])
    backup = tmp_path / "server.backup"
    admin.backup(trust.db_url, str(backup))

    # After the backup: work pushed, a laptop enrolled, one revoked, a user disabled, a code spent.
    texts = []
    for device in (ana, lost):
        texts.append(unique_text(f"{device.name} after backup"))
        ids.append(device.store.save(member(shared["id"], "Sam Fictional", texts[-1]))["id"])
        device.sync()
    late = trust.device("ben", "ben-new")  # enrolled after the backup
    late.sync()
    texts.append(unique_text("new laptop's work"))
    ids.append(late.store.save(member(shared["id"], "Jo Fictional", texts[-1]))["id"])
    late.sync()
    lost_id, lost_token = lost.store.device_id, lost.store.meta_get("token")
    assert admin.revoke(trust.db_url, lost_id)
    assert _enrol_raw(trust, spent_later, "cara-laptop").status_code == 200
    admin.disable_user(trust.db_url, trust.users["cara"])
    with pytest.raises(DeviceRevoked):
        lost.sync()  # a revoked laptop calling: an alert
    before = admin.audit_log(trust.db_url)
    assert any(a["kind"] == "revoked_device_call" for a in before["alerts"])

    epoch = admin.restore(trust.db_url, str(backup))

    after = admin.audit_log(trust.db_url)
    assert after["alerts"][: len(before["alerts"])] == before["alerts"]
    assert after["entries"][: len(before["entries"])] == before["entries"]  # complete, in order
    assert [e["action"] for e in after["entries"][len(before["entries"]) :]] == [
        "audit_read",
        "restore",
    ]
    # Nothing undone: the revoked laptop stays revoked, the spent code spent, cara disabled.
    revoked = httpx.get(f"{trust.url}/v1/me", headers={"Authorization": f"Bearer {lost_token}"})
    assert revoked.status_code == 401 and revoked.json()["error"] == "device_revoked"
    assert _enrol_raw(trust, spent_later, "second-laptop").status_code == 401
    assert any(a["kind"] == "code_reuse" for a in admin.audit_log(trust.db_url)["alerts"])
    states = {u["id"]: u["state"] for u in admin.list_users(trust.db_url)}
    assert states[trust.users["cara"]] == "disabled"
    # Every device syncs on (the new epoch makes each push again), nothing acknowledged is lost.
    for device in (ana, late, ana, late):
        device.sync()
    assert ana.store.meta_get("epoch") == late.store.meta_get("epoch") == epoch
    fresh = trust.device("ana", "ana-fresh")
    fresh.sync()
    expected = state_of(ana, ids)
    assert state_of(late, ids) == state_of(fresh, ids) == expected
    assert len(fresh.store.records("member")) == 3
    everything = all_texts(fresh, ids)
    assert all(text in everything for text in texts)


def _lose_everything(db_url: str) -> None:
    """The live database is gone: a new, empty one in its place (its own new epoch)."""
    with write_tx(admin.connect(db_url)) as conn:
        for table in reversed(ALL_TABLES):
            if table is not meta:
                conn.execute(table.delete())


def test_restore_into_an_empty_database_gets_back_what_devices_hold(
    trust: Trust, tmp_path: Path
) -> None:
    ana, ben = trust.device("ana"), trust.device("ben")
    shared = ana.store.save(network(trust.team_a))
    ana.sync()
    unused = admin.make_code(trust.db_url, trust.users["cara"])
    backup = tmp_path / "server.backup"
    admin.backup(trust.db_url, str(backup))
    text = unique_text("after the backup")
    later = ben.store.save(member(shared["id"], "Sam Fictional", text))
    ben.sync()
    late = trust.device("ana", "enrolled-after-backup")
    late_text = unique_text("made on the laptop enrolled after the backup")
    late_work = late.store.save(member(shared["id"], "Jo Fictional", late_text))
    late.sync()

    _lose_everything(trust.db_url)
    report: dict = {}
    admin.restore(trust.db_url, str(backup), report=report)

    assert report["into_empty"] and report["codes_withdrawn"] == 1
    assert {d["id"] for d in report["active_devices"]} == {
        ana.store.device_id,
        ben.store.device_id,
    }
    assert _enrol_raw(trust, unused, "someone").status_code == 401  # maybe spent after backup
    ben.sync()  # the lost revision comes back from the device that made it
    ana.sync()
    assert state_of(ana, [shared["id"], later["id"]]) == state_of(ben, [shared["id"], later["id"]])
    assert text in str(ana.store.get(later["id"]))
    # A laptop enrolled after the backup is unknown to the restored server: it is told plainly,
    # and comes back with a new code under its own id, keeping its store; its work returns.
    with pytest.raises(SyncError) as caught:
        late.sync()
    assert "not known to the server" in str(caught.value) and "--again" in str(caught.value)
    with pytest.raises(SyncError, match="--again"):
        enroll(late.store, trust.url, admin.make_code(trust.db_url, trust.users["ana"]))
    device_id = late.store.device_id
    code = admin.make_code(trust.db_url, trust.users["ana"])
    enroll(late.store, trust.url, code, again=True, retry=fast_retry())
    assert late.store.device_id == device_id
    late.sync()
    ana.sync()
    assert late_text in str(ana.store.get(late_work["id"]))
    assert state_of(late, [late_work["id"]]) == state_of(ana, [late_work["id"]])
    # A revoked laptop cannot come back that way, nor anyone take another user's device id.
    admin.revoke(trust.db_url, device_id)
    for user, claimed, why in (
        ("ana", device_id, "revoked"),
        ("ben", ana.store.device_id, "another user"),
    ):
        answer = httpx.post(
            f"{trust.url}/v1/devices/enroll",
            json={
                "code": admin.make_code(trust.db_url, trust.users[user]),
                "device_name": "x",
                "device_id": claimed,
            },
        )
        assert answer.status_code == 401 and why in answer.json()["message"]
    refused = [
        a for a in admin.audit_log(trust.db_url)["alerts"] if a["kind"] == "device_enrol_refused"
    ]
    assert len(refused) == 2
