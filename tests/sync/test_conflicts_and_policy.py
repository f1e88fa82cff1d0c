"""Conflicts a person resolves, the max_offline_days lock, and what the commands print."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from odesk.cli import enroll_and_print, sync_and_print
from odesk.server import admin
from odesk.sync import (
    RetryPolicy,
    conflicts,
    offline_lock_message,
    offline_locked,
    resolve_conflict,
)
from tests.sync.conftest import Trust
from tests.sync.devices import Device, meeting, member, network, note, unique_text


def test_note_conflict_listed_with_every_leaf_and_resolved_by_a_merge(trust: Trust) -> None:
    laptop, desktop = trust.device("ana"), trust.device("ana")
    net = laptop.store.save(network(trust.team_a))
    met = laptop.store.save(meeting(net["id"]))
    draft = laptop.store.save(note(net["id"], met["id"], laptop.user_id, "first words"))
    laptop.sync()
    desktop.sync()
    one, two = unique_text("written on the laptop"), unique_text("written on the desktop")
    laptop.store.save({**laptop.store.get(draft["id"]), "summary": one})
    desktop.store.save({**desktop.store.get(draft["id"]), "summary": two})
    laptop.sync()
    desktop.sync()
    laptop.sync()

    for device in (laptop, desktop):
        found = conflicts(device.store)
        assert [c.record_id for c in found] == [draft["id"]]
        assert found[0].kind == "note"
        assert sorted(leaf["summary"] for leaf in found[0].leaves) == sorted([one, two])
        assert "summary" in found[0].conflict_fields

    info = conflicts(desktop.store)[0]
    merged = {k: v for k, v in info.leaves[0].items()}
    merged["summary"] = f"{one}\n{two}"
    saved = resolve_conflict(desktop.store, draft["id"], merged)
    assert sorted(saved["parent_revs"]) == sorted(leaf["rev"] for leaf in info.leaves)
    desktop.sync()
    laptop.sync()
    for device in (laptop, desktop):
        assert conflicts(device.store) == []
        assert device.store.get(draft["id"])["summary"] == f"{one}\n{two}"


def test_max_offline_days_hides_records_until_a_contact(trust: Trust) -> None:
    device = trust.device("ana")
    limit = device.store.meta_get("policy")["max_offline_days"]
    assert not offline_locked(device.store)
    later = datetime.now(UTC) + timedelta(days=limit + 1)
    assert offline_locked(device.store, now=later)
    long_ago = (datetime.now(UTC) - timedelta(days=limit + 2)).isoformat()
    device.store.meta_set("last_contact_at", long_ago)
    assert offline_locked(device.store)
    message = offline_lock_message(device.store)
    assert message and "\n" not in message and f"{limit:g} days" in message
    device.sync()
    assert not offline_locked(device.store)
    assert offline_lock_message(device.store) is None


def test_a_never_enrolled_store_is_never_offline_locked(tmp_path) -> None:
    device = Device(tmp_path, "offline-only")
    try:
        assert not offline_locked(device.store)
    finally:
        device.close()


def test_odesk_sync_prints_what_moved(trust: Trust) -> None:
    device = trust.device("ana")
    device.store.save(network(trust.team_a))
    out, err = io.StringIO(), io.StringIO()
    assert sync_and_print(device.store, out=out, err=err) == 0
    assert out.getvalue().splitlines()[0] == (
        "pushed 1, pulled 1, conflicts 0, rejected 0, duplicates 0"
    )
    assert err.getvalue() == ""


def test_odesk_enroll_prints_device_id_last_and_refuses_bad_codes(trust: Trust, tmp_path) -> None:
    device = Device(tmp_path, "cli")
    try:
        out, err = io.StringIO(), io.StringIO()
        assert (
            enroll_and_print(device.store, trust.url, "NOT-A-REAL-CODE", None, out=out, err=err)
            == 1
        )
        assert len(err.getvalue().strip().splitlines()) == 1
        assert not device.store.meta_get("token")
        code = admin.make_code(trust.db_url, trust.users["ben"])
        out, err = io.StringIO(), io.StringIO()
        assert enroll_and_print(device.store, trust.url, code, None, out=out, err=err) == 0
        assert out.getvalue().strip().splitlines()[-1] == device.store.device_id
        # The code was one-time; enrolling again is refused and changes nothing.
        assert enroll_and_print(device.store, trust.url, code, None, out=out, err=err) == 1
    finally:
        device.close()


def test_odesk_sync_one_line_errors(trust: Trust, tmp_path) -> None:
    never = Device(tmp_path, "never-enrolled")
    try:
        err = io.StringIO()
        assert sync_and_print(never.store, out=io.StringIO(), err=err) == 1
        assert "not enrolled" in err.getvalue() and len(err.getvalue().splitlines()) == 1
    finally:
        never.close()
    device = trust.device("ana")
    device.store.meta_set("server_url", "http://127.0.0.1:9")  # nothing listens there
    err = io.StringIO()
    quick = RetryPolicy(attempts=2, base_delay=0.001)
    assert sync_and_print(device.store, out=io.StringIO(), err=err, retry=quick) == 1
    assert err.getvalue().startswith("odesk: error: gave up on http://127.0.0.1:9")


def test_progress_reports_each_phase_in_order(trust: Trust) -> None:
    from odesk.sync import sync_once

    laptop = trust.device("ana")
    net = laptop.store.save(network(trust.team_a))
    for i in range(7):
        laptop.store.save(member(net["id"], f"Member {i}", f"fictional notes {i}"))
    events: list[tuple[str, int, int | None]] = []
    sync_once(laptop.store, progress=lambda *e: events.append(e), batch=3, page=4)
    phases = [e[0] for e in events]
    assert phases == sorted(phases, key=["push", "pull", "audit", "me"].index)
    pushes = [e for e in events if e[0] == "push"]
    assert pushes[0] == ("push", 0, 8) and pushes[-1] == ("push", 8, 8)
    assert [e[1] for e in events if e[0] == "pull"][-1] == 8
    assert events[-1][0] == "audit" and events[-1][1] == events[-1][2]


def test_odesk_sync_fails_while_changes_are_refused_and_check_lists_them(trust: Trust) -> None:
    from odesk.store.checkreport import REJECTED_ADVICE

    ana, cara = trust.device("ana"), trust.device("cara")
    net = ana.store.save(network(trust.team_a))
    ana.sync()
    # cara may not write into team A's network: the server refuses, the change stays on her laptop.
    intrusion = unique_text("not cara's to write")
    refused = cara.store.save(member(net["id"], "Not Allowed", intrusion))
    out, err = io.StringIO(), io.StringIO()
    assert sync_and_print(cara.store, out=out, err=err) == 1
    assert f"rejected member {refused['id']}: " in out.getvalue()
    message = err.getvalue().strip().splitlines()
    assert len(message) == 1 and "1 change refused by the server" in message[0]
    assert "odesk rejected" in message[0]
    assert intrusion not in out.getvalue() + err.getvalue()  # reasons and ids, never content

    report = cara.store.check()
    assert report.ok and report.needs_attention and report.rejected == 1
    lines = report.lines()
    assert any(line.startswith(f"  rejected: member {refused['id']}: ") for line in lines)
    assert f"  {REJECTED_ADVICE}" in lines
    assert lines[-1].startswith("result: ATTENTION NEEDED")
    # A round that refuses nothing new still fails while the refused change is outstanding.
    assert sync_and_print(cara.store, out=io.StringIO(), err=io.StringIO()) == 1
    # ana's own rounds are untouched by cara's refusal.
    assert sync_and_print(ana.store, out=io.StringIO(), err=io.StringIO()) == 0
    assert ana.store.check().lines()[-1] == "result: OK"
