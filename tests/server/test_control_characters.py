"""NUL and other C0 control characters are refused with a 4xx and a reason on SQLite and
PostgreSQL (issue 15 item 7): in record ids, names and free text (tab and newlines stay allowed
in free text), change ids, the enrolment's device name, device audit entries and query
parameters. The answer's reason never carries the character itself."""

from __future__ import annotations

import re

import httpx

from odesk.server import admin
from tests.server.helpers import World

_C0 = re.compile(r"[\x00-\x1f]")


def test_control_characters_in_records_are_rejected_with_a_reason(world: World) -> None:
    ana, ben = world.enrol("ana"), world.enrol("ben")
    net = ana.network(world.teams["a"])
    ana.push_ok(net)
    meeting = ana.meeting(net)
    ana.push_ok(meeting)
    bad_id = {**ana.member(net), "id": "01a24e45-9bad-7084-bbfa-d75d0e7ee1a\x00"}
    bad_name = ana.network(world.teams["a"], name="Robin\x00Fictional")
    bad_text = {**ana.note(meeting), "summary": "talked\x1b[31m about school"}
    bad_hlc = {**ana.member(net), "hlc": "1796609516123-00000-dev\x00"}
    escape_in_name = {**ana.member(net), "name": "Jo\nFictional"}
    results = ana.push(bad_id, bad_name, bad_text, bad_hlc, escape_in_name)
    assert [r["status"] for r in results] == ["rejected"] * 5, results
    for result in results:
        assert not _C0.search(result["reason"])
    assert "id" in results[0]["reason"]
    assert "person.name: must not contain control characters" in results[1]["reason"]
    assert "summary: must not contain control characters" in results[2]["reason"]
    assert "name: must not contain control characters" in results[4]["reason"]
    # Free text keeps its tabs and line breaks.
    fine = {**ana.note(meeting), "summary": "First line\n\tsecond line\r\nthird"}
    ana.push_ok(fine)
    held = {c["record"]["id"]: c["record"] for c in ben.pull_all()}
    assert set(held) == {net["id"], meeting["id"], fine["id"]}
    assert held[fine["id"]]["summary"] == "First line\n\tsecond line\r\nthird"


def test_a_control_character_in_a_change_id_is_a_422(world: World) -> None:
    ana = world.enrol("ana")
    net = ana.network(world.teams["a"])
    body = {"changes": [{"change_id": "c\x00", "device_seq": 1, "record": net}]}
    response = ana.http.post("/v1/sync/push", json=body)
    assert response.status_code == 422
    assert "change_id: must not contain control characters" in response.json()["message"]
    assert ana.visible_ids() == set()


def test_control_characters_in_enrolment_audit_and_query_are_4xx(world: World) -> None:
    code = admin.make_code(world.db_url, world.users["ana"])
    response = httpx.post(
        f"{world.base_url}/v1/devices/enroll", json={"code": code, "device_name": "lap\x00top"}
    )
    assert response.status_code == 422
    message = response.json()["message"]
    assert "device_name" in message and "control characters" in message
    assert not _C0.search(message)
    # The code was not spent by the refused attempt.
    ok = httpx.post(
        f"{world.base_url}/v1/devices/enroll", json={"code": code, "device_name": "laptop"}
    )
    assert ok.status_code == 200, ok.text
    ana = world.enrol("ana")
    entry = {"seq": 1, "at": "2026-12-01T10:00:00+00:00", "action": "op\x00en", "hash": "h"}
    response = ana.http.post("/v1/audit", json={"entries": [entry]})
    assert response.status_code == 422, response.text
    assert not _C0.search(response.json()["message"])
    response = ana.http.post("/v1/audit", json={"entries": [{**entry, "record_id\x00": "x"}]})
    assert response.status_code == 422 and not _C0.search(response.json()["message"])
    response = ana.http.get("/v1/sync/pull", params={"cursor": "ab\x00.1"})
    assert response.status_code == 400
    assert not _C0.search(response.json()["message"])
