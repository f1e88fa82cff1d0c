"""What the trust does to devices: restore the server from an older backup (new epoch), revoke a
lost laptop, and keep each team's records from every other team."""

from __future__ import annotations

import pytest

from odesk.server import admin
from odesk.store import Store
from odesk.sync import DeviceRevoked
from tests.sync.conftest import Trust
from tests.sync.devices import all_texts, meeting, member, network, note, state_of, unique_text


def test_server_restored_from_older_backup_gets_everything_back(trust: Trust, tmp_path) -> None:
    ana, ben = trust.device("ana"), trust.device("ben")
    shared = ana.store.save(network(trust.team_a))
    ids, texts = [shared["id"]], []
    ana.sync()
    ben.sync()
    backup = tmp_path / "server-backup"
    admin.backup(trust.db_url, str(backup))

    # After the backup: both devices push work the restored server will not have.
    for device in (ana, ben, ana):
        text = unique_text(f"{device.name} after backup")
        texts.append(text)
        ids.append(device.store.save(member(shared["id"], "Sam Fictional", text))["id"])
        device.sync()
    view = ben.store.get(shared["id"])
    text = unique_text("network edit after backup")
    texts.append(text)
    ben.store.save({**view, "sharing_note": text})
    ben.sync()
    old_epoch = ana.store.meta_get("epoch")

    new_epoch = admin.restore(trust.db_url, str(backup))
    assert new_epoch != old_epoch

    reports = [ana.sync(), ben.sync(), ana.sync(), ben.sync()]
    assert reports[0].requeued and reports[1].requeued
    assert ana.store.meta_get("epoch") == new_epoch
    late = trust.device("ana")
    late.sync()
    expected = state_of(ana, ids)
    for device in (ben, late):
        assert state_of(device, ids) == expected
    everything = all_texts(late, ids)
    assert all(text in everything for text in texts)
    assert len(late.store.records("member")) == 3
    # The devices shipped their audit chains again; the server saw no break in them.
    alerts = admin.audit_log(trust.db_url)["alerts"]
    assert not [a for a in alerts if "audit_chain" in str(a)]


def test_revoked_device_wipes_itself_at_next_contact(trust: Trust) -> None:
    ana = trust.device("ana")
    ana.store.save(network(trust.team_a, reason=unique_text("revoked laptop")))
    ana.sync()
    device_id = ana.store.device_id
    assert admin.revoke(trust.db_url, device_id)
    with pytest.raises(DeviceRevoked) as caught:
        ana.sync()
    assert "wiped" in str(caught.value) and "\n" not in str(caught.value)
    assert not Store.exists(ana.dir)
    leftovers = [p.name for p in ana.dir.glob("*")] if ana.dir.exists() else []
    assert not [n for n in leftovers if n.startswith(("odesk.db", "vault.json"))]


def test_another_team_never_receives_records_it_may_not_see(trust: Trust) -> None:
    ana, cara = trust.device("ana"), trust.device("cara")
    secret = unique_text("team A only")
    net = ana.store.save(network(trust.team_a, name="Alex Fictional", reason=secret))
    met = ana.store.save(meeting(net["id"]))
    ana.store.save(member(net["id"], "Kim Fictional", secret))
    ana.store.save(note(net["id"], met["id"], ana.user_id, secret))
    ana.sync()
    own = cara.store.save(network(trust.team_b, reason=unique_text("team B")))
    report = cara.sync()
    assert report.pulled == 1  # only cara's own network came back
    assert cara.store.get(net["id"]) is None
    assert cara.store.search("Alex") == []
    for path in cara.dir.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes()

    # A change into a network cara may not write is refused, kept visible, and never delivered.
    intrusion = unique_text("intrusion")
    cara.store.save(member(net["id"], "Not Allowed", intrusion))
    report = cara.sync()
    assert report.rejected == 1
    rejected = cara.store.rejected()
    assert len(rejected) == 1 and rejected[0]["reason"]
    ana.sync()
    assert cara.store.get(own["id"]) is not None
    assert intrusion not in all_texts(ana, [r["id"] for r in ana.store.records("member")])
    assert ana.store.get(own["id"]) is None
