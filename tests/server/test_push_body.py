"""The push body is checked by hand (not by a pydantic model): each malformed shape gets the same
plain answers as before, 400 for JSON that does not parse, 422 naming the field, 413 for too many
changes, and nothing is stored."""

from __future__ import annotations

from odesk.core.ids import new_id
from tests.server.helpers import World, stored_record


def _change(**overrides: object) -> dict:
    return {"change_id": new_id(), "device_seq": 1, "record": {}, **overrides}


MALFORMED = [
    (b"{not json", 400, "bad_json", ""),
    (b"\xff\xfe", 400, "bad_json", ""),
    (b"[]", 422, "invalid_request", "body"),
    (b"{}", 422, "invalid_request", "changes"),
    ({"changes": {}}, 422, "invalid_request", "changes"),
    ({"changes": [], "more": 1}, 422, "invalid_request", "more"),
    ({"changes": [1]}, 422, "invalid_request", "changes.0"),
    ({"changes": [_change(extra=1)]}, 422, "invalid_request", "changes.0.extra"),
    ({"changes": [{"change_id": "x", "record": {}}]}, 422, "invalid_request", "device_seq"),
    ({"changes": [_change(change_id="")]}, 422, "invalid_request", "changes.0.change_id"),
    ({"changes": [_change(change_id=7)]}, 422, "invalid_request", "changes.0.change_id"),
    ({"changes": [_change(device_seq=True)]}, 422, "invalid_request", "device_seq"),
    ({"changes": [_change(device_seq=-1)]}, 422, "invalid_request", "device_seq"),
    ({"changes": [_change(device_seq=2**53 + 1)]}, 422, "invalid_request", "device_seq"),
    ({"changes": [_change(device_seq=1.5)]}, 422, "invalid_request", "device_seq"),
    ({"changes": [_change(record=[])]}, 422, "invalid_request", "changes.0.record"),
    ({"changes": [_change() for _ in range(501)]}, 413, "too_many_changes", ""),
]


def test_malformed_push_bodies_get_plain_errors(world: World) -> None:
    ana = world.enrol("ana")
    for body, status, error, where in MALFORMED:
        if isinstance(body, bytes):
            response = ana.http.post(
                "/v1/sync/push", content=body, headers={"Content-Type": "application/json"}
            )
        else:
            response = ana.http.post("/v1/sync/push", json=body)
        assert response.status_code == status, (body, response.text)
        answer = response.json()
        assert answer["error"] == error, body
        assert where in answer["message"], (body, answer)
    assert ana.visible_ids() == set()


def test_a_push_without_a_token_is_refused_before_its_body_is_read(world: World) -> None:
    ana = world.enrol("ana")
    response = ana.http.post(
        "/v1/sync/push", content=b"{not json", headers={"Authorization": "Bearer nope"}
    )
    assert response.status_code == 401 and response.json()["error"] == "unauthorized"


def test_any_text_comes_back_exactly_as_pushed(world: World) -> None:
    """Quotes, backslashes, the tab and newline free text may hold, emoji, accents and a line
    separator survive the push (on PostgreSQL the rows travel inside a JSON document, so the
    record's JSON is escaped twice) and come back from a pull exactly as pushed, in the revision
    and the heads computed from it alike. (NUL and the other C0 controls are refused: see
    tests/server/test_control_characters.py.)"""
    ana, ben = world.enrol("ana"), world.enrol("ben")
    odd = 'quote " backslash \\ \\u0041 emoji 😀 é 中文 \u2028 end'
    first = ana.network(world.teams["a"], name=odd)
    first["sharing_note"] = (odd + " newline \n tab \t") * 200
    second = ana.network(world.teams["a"], name="Plain Fictional")
    ana.push_ok(first, second)
    edited = ana.edit(first, status="closed", closed_reason="Moved away.")
    ana.push_ok(edited)
    pulled = {(c["record"]["id"], c["record"]["rev"]): c["record"] for c in ben.pull_all()}
    assert pulled[(first["id"], first["rev"])] == first
    assert pulled[(edited["id"], edited["rev"])] == edited
    assert pulled[(second["id"], second["rev"])] == second
    # What the server's rules read: the heads of the revisions it stores.
    assert stored_record(world.db_url, first["id"]).heads.record == edited
    assert stored_record(world.db_url, second["id"]).heads.record == second


def test_a_number_json_would_round_is_refused_not_stored_rounded(world: World) -> None:
    """A 30-digit score reaches the server's JSON parser as a float: the change is refused with
    the reason, rather than stored as a different number."""
    ana = world.enrol("ana")
    network = ana.network(world.teams["a"])
    meeting = ana.meeting(network)
    ana.push_ok(network, meeting)
    rating = ana.rating(meeting)
    rating["scores"] = {"1": 10**30}

    (result,) = ana.push(rating)

    assert result["status"] == "rejected"
    assert "scores.1: must be a number from" in result["reason"]
    assert [c["record"]["kind"] for c in world.enrol("ben").pull_all()] == ["network", "meeting"]
