"""The sync protocol of DESIGN §5 as a device sees it: enrolment, /v1/me, push, pull, audit."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from sqlalchemy import select

from odesk.core.auditchain import GENESIS, entry_hash
from odesk.core.ids import new_id
from odesk.server import admin
from odesk.server.schema import devices, enrol_codes
from tests.server.helpers import World


def _enrol(world: World, code: str, name: str = "laptop") -> httpx.Response:
    return httpx.post(
        f"{world.base_url}/v1/devices/enroll", json={"code": code, "device_name": name}
    )


def test_health_needs_no_auth_and_names_the_epoch(world: World) -> None:
    body = httpx.get(f"{world.base_url}/v1/health").json()
    assert body["status"] == "ok"
    assert body["epoch"] == admin.epoch(world.db_url)


def test_enrolment_code_is_one_time_and_stored_hashed(world: World) -> None:
    code = admin.make_code(world.db_url, world.users["ana"])
    first = _enrol(world, code.lower().replace("-", " "))  # typed loosely still works
    assert first.status_code == 200
    body = first.json()
    assert body["user"]["id"] == "ana"
    assert [t["id"] for t in body["teams"]] == ["team-a", "team-c"]
    assert body["policy"]["autolock_minutes"] == 5
    assert body["policy"]["max_offline_days"] == 14
    again = _enrol(world, code)
    assert again.status_code == 401
    assert again.json()["error"] == "invalid_code"
    assert "already been used" in again.json()["message"]
    engine = admin.connect(world.db_url)
    with engine.connect() as conn:
        hashes = [r.code_hash for r in conn.execute(select(enrol_codes))]
        tokens = [r.token_hash for r in conn.execute(select(devices))]
    plain = admin.normalise_code(code)
    assert plain not in str(hashes) and hashlib.sha256(plain.encode()).hexdigest() in hashes
    assert body["token"] not in str(tokens)
    assert hashlib.sha256(body["token"].encode()).hexdigest() in tokens
    log = admin.audit_log(world.db_url)
    assert any(a["kind"] == "code_reuse" for a in log["alerts"])


def test_expired_and_unknown_codes_are_refused(world: World) -> None:
    code = admin.make_code(world.db_url, world.users["ana"], expires_hours=1)
    engine = admin.connect(world.db_url)
    with engine.begin() as conn:
        conn.execute(enrol_codes.update().values(expires_at="2000-01-01T00:00:00.000+00:00"))
    expired = _enrol(world, code)
    assert expired.status_code == 401 and "expired" in expired.json()["message"]
    unknown = _enrol(world, "AAAA-BBBB-CCCC-DDDD")
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_code"
    assert admin.list_devices(world.db_url) == []


def test_me_lists_user_teams_directory_and_policy(world: World) -> None:
    sam = world.enrol("sam")
    body = sam.http.get("/v1/me").json()
    assert body["user"]["id"] == "sam"
    assert {t["id"] for t in body["teams"]} == {"team-a", "team-c"}
    assert {u["id"] for u in body["directory"]} == {"ana", "ben", "sam"}
    assert set(body["policy"]) >= {"autolock_minutes", "max_offline_days", "scales"}
    assert isinstance(body["policy"]["scales"], list)


def test_calls_without_a_valid_token_are_refused(world: World) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic x"}):
        response = httpx.get(f"{world.base_url}/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"


def test_push_is_idempotent_by_change_id(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    change = {"change_id": new_id(), "device_seq": 7, "record": net}
    first = ana.http.post("/v1/sync/push", json={"changes": [change]}).json()
    again = ana.http.post("/v1/sync/push", json={"changes": [change, change]}).json()
    assert first["results"][0]["status"] == "applied"
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert first["device_high_water"] == again["device_high_water"] == 7
    assert first["epoch"] == again["epoch"] == admin.epoch(world.db_url)
    assert len(ana.pull_all()) == 1


def test_a_change_id_the_server_holds_is_a_duplicate_whatever_record_comes_with_it(
    world: World,
) -> None:
    """A device that sends a change id again with another record (new, invalid or outside its
    teams) is answered `duplicate`, naming the revision written under it, and nothing is written
    for it; the push's other changes apply."""
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    taken = new_id()
    first = ana.http.post(
        "/v1/sync/push",
        json={"changes": [{"change_id": taken, "device_seq": 1, "record": net}]},
    ).json()
    seq = first["results"][0]["server_seq"]
    fresh = ana.network(world.teams["a"])
    others = [
        ana.network(world.teams["a"]),  # a new record
        {**ana.network(world.teams["a"]), "status": "nonsense"},  # an invalid one
        ana.network(world.teams["b"]),  # one in a team she is not in
    ]
    for device_seq, other in enumerate(others, start=2):
        changes = [
            {"change_id": taken, "device_seq": device_seq, "record": other},
            {"change_id": new_id(), "device_seq": 10 + device_seq, "record": fresh},
        ]
        answer = ana.http.post("/v1/sync/push", json={"changes": changes}).json()
        duplicate = answer["results"][0]
        assert duplicate == {"change_id": taken, "status": "duplicate", "server_seq": seq}
        assert answer["results"][1]["status"] in ("applied", "duplicate")
    assert [c["record"]["id"] for c in ben.pull_all()] == [net["id"], fresh["id"]]


def test_empty_push_reports_epoch_and_high_water(world: World) -> None:
    ana = world.enrol("ana")
    body = ana.http.post("/v1/sync/push", json={"changes": []}).json()
    assert body == {"results": [], "epoch": admin.epoch(world.db_url), "device_high_water": 0}


def test_invalid_record_is_rejected_with_a_reason_and_nothing_else_is_lost(world: World) -> None:
    ana = world.enrol("ana")
    good = ana.network(world.teams["a"])
    bad = ana.network(world.teams["a"])
    bad["person"]["nhs_number"] = "1234567890"
    results = ana.push(bad, good)
    assert results[0]["status"] == "rejected"
    assert "person.nhs_number" in results[0]["reason"]
    assert results[1]["status"] == "applied"
    assert [c["record"]["id"] for c in ana.pull_all()] == [good["id"]]


def test_concurrent_edits_are_kept_as_conflict_and_resolved_by_a_merge(world: World) -> None:
    ana, ana2 = world.enrol("ana", "laptop"), world.enrol("ana", "tablet")
    meeting_net = ana.network(world.teams["a"])
    meeting = ana.meeting(meeting_net)
    note = ana.note(meeting)
    ana.push_ok(meeting_net, meeting, note)
    left = ana.edit(note, summary="Left text.")
    right = ana2.edit(note, summary="Right text.")
    assert ana.push(left)[0]["status"] == "applied"
    assert ana2.push(right)[0]["status"] == "conflict"
    merged = ana.edit(left, right, summary="Left text. Right text.")
    assert ana.push(merged)[0]["status"] == "applied"
    revs = [c["record"]["rev"] for c in ana.pull_all() if c["record"]["id"] == note["id"]]
    assert revs == [note["rev"], left["rev"], right["rev"], merged["rev"]]


def test_same_rev_with_other_content_is_rejected(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    forged = {**net, "status": "closed"}
    result = ana.push(forged)[0]
    assert result["status"] == "rejected" and "already exists" in result["reason"]
    assert ana.push(dict(net))[0]["status"] == "duplicate"


def test_pull_pages_in_order_and_the_cursor_resumes(world: World) -> None:
    ana = world.enrol("ana")
    records = [ana.network(world.teams["a"]) for _ in range(25)]
    ana.push_ok(*records)
    pages = []
    cursor = None
    while True:
        params = {"limit": 10, **({"cursor": cursor} if cursor else {})}
        body = ana.http.get("/v1/sync/pull", params=params).json()
        pages.append(len(body["changes"]))
        seqs = [c["server_seq"] for c in body["changes"]]
        assert seqs == sorted(seqs)
        cursor = body["cursor"]
        if not body["more"]:
            break
    assert pages == [10, 10, 5]
    later = ana.network(world.teams["a"])
    ana.push_ok(later)
    body = ana.http.get("/v1/sync/pull", params={"cursor": cursor}).json()
    assert [c["record"]["id"] for c in body["changes"]] == [later["id"]]


def test_a_push_is_stored_as_sent_in_order_and_numbered_without_gaps(world: World) -> None:
    """Each revision of a push is kept exactly as sent, whatever its free text holds (quotes,
    backslashes, tabs and newlines, escapes, characters beyond ASCII), numbered one after
    another in push order (on PostgreSQL the record texts travel joined by U+001E, schema m11)."""
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"], name='Robin "Bobbi" O\'Fictional-Łukasz 🌱')
    meeting = ana.meeting(net)
    summaries = ['Said "no"\tthen\nyes.', "C:\\path \\u001e \\x1e", "Ünïcødé ☕ — fin.", ""]
    notes = [{**ana.note(meeting), "summary": text} for text in summaries]
    pushed = [net, meeting, *notes]
    ana.push_ok(*pushed)
    pulled = ben.pull_all()
    assert [c["record"] for c in pulled] == pushed
    seqs = [c["server_seq"] for c in pulled]
    assert seqs == list(range(seqs[0], seqs[0] + len(pushed)))


@pytest.mark.parametrize("cursor", ["garbage", "abc.-1", "zz.1", "1.2.3", "x" * 100])
def test_bad_cursor_is_400(world: World, cursor: str) -> None:
    ana = world.enrol("ana")
    response = ana.http.get("/v1/sync/pull", params={"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"] == "bad_cursor"


def test_cursor_from_another_epoch_is_409_epoch_changed(world: World) -> None:
    ana = world.enrol("ana")
    ana.push_ok(ana.network(world.teams["a"]))
    ana.pull_all()
    old_cursor = ana.cursor
    admin.new_epoch(world.db_url)
    response = ana.http.get("/v1/sync/pull", params={"cursor": old_cursor})
    assert response.status_code == 409
    assert response.json()["error"] == "epoch_changed"
    # The device's high-water mark belongs to the old epoch: it reads 0 and the device re-pushes.
    assert ana.http.post("/v1/sync/push", json={"changes": []}).json()["device_high_water"] == 0


def test_limits_body_size_change_count_and_record_size(world: World) -> None:
    ana = world.enrol("ana")
    huge = b'{"changes": [' + b" " * (8 * 1024 * 1024) + b"]}"
    response = ana.http.post(
        "/v1/sync/push", content=huge, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    many = [ana.network(world.teams["a"]) for _ in range(501)]
    response = ana.push_raw(many)
    assert response.status_code == 413 and response.json()["error"] == "too_many_changes"
    big = ana.network(world.teams["a"])
    big["sharing_note"] = "x" * (300 * 1024)
    result = ana.push(big)[0]
    assert result["status"] == "rejected" and "256 KiB" in result["reason"]
    assert ana.pull_all() == []


def test_rate_limit_answers_429_with_retry_after(db_url: str) -> None:
    from tests.server.helpers import make_world
    from tests.servers import run_server

    with run_server(db_url, rate_limit=(0.5, 3)) as base:
        w = make_world(db_url, base)
        ana = w.enrol("ana")
        statuses = [ana.http.get("/v1/me").status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200]
        assert statuses[-1] == 429
        response = ana.http.get("/v1/me")
        assert response.status_code == 429
        assert response.json()["error"] == "rate_limited"
        assert int(response.headers["Retry-After"]) >= 1
        w.close()


def test_revoked_device_gets_401_device_revoked_on_every_call_and_an_alert(world: World) -> None:
    ana = world.enrol("ana")
    other = world.enrol("ana", "second")
    assert admin.revoke(world.db_url, ana.device_id) is True
    assert admin.revoke(world.db_url, ana.device_id) is False
    for method, path, body in (
        ("GET", "/v1/me", None),
        ("POST", "/v1/sync/push", {"changes": []}),
        ("GET", "/v1/sync/pull", None),
        ("POST", "/v1/audit", {"entries": []}),
    ):
        response = ana.http.request(method, path, json=body)
        assert response.status_code == 401
        assert response.json()["error"] == "device_revoked"
    assert other.http.get("/v1/me").status_code == 200
    alerts = admin.audit_log(world.db_url)["alerts"]
    assert sum(a["kind"] == "revoked_device_call" for a in alerts) == 4


def test_device_audit_chain_is_kept_and_a_break_is_an_alert(world: World) -> None:
    ana = world.enrol("ana")
    at = "2026-11-02T10:00:00+00:00"

    def entry(seq: int, prev: str, action: str = "unlock", hash_: str | None = None) -> dict:
        real = entry_hash(prev, seq, at, action, None)
        return {
            "seq": seq,
            "at": at,
            "action": action,
            "record_id": None,
            "prev_hash": prev,
            "hash": hash_ or real,
        }

    e1 = entry(1, GENESIS)
    e2 = entry(2, e1["hash"], "view")
    first = ana.http.post("/v1/audit", json={"entries": [e1, e2]})
    assert first.json() == {"accepted_through": 2}
    resend = ana.http.post("/v1/audit", json={"entries": [e2]})
    assert resend.json() == {"accepted_through": 2}
    assert admin.audit_log(world.db_url)["alerts"] == []
    # links to the chain, but its content was changed after hashing: the server recomputes
    forged = {**entry(3, e2["hash"], "lock"), "action": "unlock"}
    assert ana.http.post("/v1/audit", json={"entries": [forged]}).json() == {"accepted_through": 3}
    alerts = admin.audit_log(world.db_url)["alerts"]
    assert [a["kind"] for a in alerts] == ["audit_chain_broken"]
    assert ana.device_id in alerts[0]["message"] and "content" in alerts[0]["message"]
    broken = ana.http.post("/v1/audit", json={"entries": [entry(4, "f" * 64)]})
    assert broken.json() == {"accepted_through": 4}
    assert len(admin.audit_log(world.db_url)["alerts"]) == 2
    rewritten = ana.http.post("/v1/audit", json={"entries": [entry(1, GENESIS, "export")]})
    assert rewritten.status_code == 200
    assert len(admin.audit_log(world.db_url)["alerts"]) == 3


def test_push_and_pull_are_audited_with_record_ids_but_no_content(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"], name="Canary Fictional-Name")
    ana.push_ok(net)
    ana.pull_all()
    entries = admin.audit_log(world.db_url)["entries"]
    pushes = [e for e in entries if e["action"] == "push"]
    pulls = [e for e in entries if e["action"] == "pull"]
    assert pushes[-1]["detail"]["records"] == [net["id"]]
    assert pushes[-1]["device_id"] == ana.device_id and pushes[-1]["actor"] == "ana"
    assert pulls[-1]["detail"]["records"] == [net["id"]]
    assert "Canary" not in str(entries)


def test_own_ref_pull_sends_the_callers_own_revisions_as_references(world: World) -> None:
    ana, ana2 = world.enrol("ana"), world.enrol("ana", "desktop")
    mine = ana.network(world.teams["a"])
    theirs = ana2.network(world.teams["a"])
    ana.push_ok(mine)
    ana2.push_ok(theirs)
    whole = ana.http.get("/v1/sync/pull").json()["changes"]
    refs = ana.http.get("/v1/sync/pull", params={"own": "ref"}).json()["changes"]
    assert [c["server_seq"] for c in refs] == [c["server_seq"] for c in whole]
    assert refs[0] == {"server_seq": whole[0]["server_seq"], "id": mine["id"], "rev": mine["rev"]}
    assert refs[1] == whole[1] and refs[1]["record"]["id"] == theirs["id"]
    # Another device of the same user gets the first one whole: it is not its own.
    assert ana2.http.get("/v1/sync/pull", params={"own": "ref"}).json()["changes"][0] == whole[0]


def test_an_unknown_own_mode_is_refused_in_one_line(world: World) -> None:
    ana = world.enrol("ana")
    response = ana.http.get("/v1/sync/pull", params={"own": "everything"})
    assert response.status_code in (400, 422)
    assert "\n" not in response.json().get("message", response.text)
