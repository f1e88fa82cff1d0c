"""POST /v1/devices/enroll with an `enrolment_id`: the attempt that used a code may ask again (its
answer was lost) and gets a new token for the same device, the earlier token stops working; any
other attempt, a revoked device, or an expired code is refused as before."""

from __future__ import annotations

import httpx

from odesk.server import admin
from tests.server.helpers import World

ATTEMPT = "attempt-0123456789abcdef"


def _enrol(world: World, code: str, attempt: str | None) -> httpx.Response:
    body = {"code": code, "device_name": "laptop"}
    if attempt is not None:
        body["enrolment_id"] = attempt
    return httpx.post(f"{world.base_url}/v1/devices/enroll", json=body)


def _me(world: World, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{world.base_url}/v1/me", headers=headers).status_code


def test_the_same_attempt_gets_a_new_token_for_the_same_device(world: World) -> None:
    code = admin.make_code(world.db_url, world.users["ana"])
    first = _enrol(world, code, ATTEMPT)
    again = _enrol(world, code, ATTEMPT)
    assert first.status_code == again.status_code == 200
    assert first.json()["device_id"] == again.json()["device_id"]
    assert first.json()["token"] != again.json()["token"]
    assert _me(world, first.json()["token"]) == 401  # the lost answer's token is void
    assert _me(world, again.json()["token"]) == 200
    assert len(admin.list_devices(world.db_url, world.users["ana"])) == 1
    other = _enrol(world, code, "another-attempt-0123456789")
    bare = _enrol(world, code, None)
    assert other.status_code == bare.status_code == 401
    assert other.json()["error"] == "invalid_code"
    alerts = [a for a in admin.audit_log(world.db_url)["alerts"] if a["kind"] == "code_reuse"]
    assert len(alerts) == 2  # the two other attempts, not the repeat


def test_a_revoked_device_does_not_come_back_through_its_code(world: World) -> None:
    code = admin.make_code(world.db_url, world.users["ana"])
    first = _enrol(world, code, ATTEMPT)
    admin.revoke(world.db_url, first.json()["device_id"])
    assert _enrol(world, code, ATTEMPT).status_code == 401


def test_a_malformed_attempt_id_is_a_clear_422(world: World) -> None:
    code = admin.make_code(world.db_url, world.users["ana"])
    for bad in ("short", "has spaces in it, many", 7):
        response = httpx.post(
            f"{world.base_url}/v1/devices/enroll",
            json={"code": code, "device_name": "laptop", "enrolment_id": bad},
        )
        assert response.status_code == 422
        assert set(response.json()) == {"error", "message"}
    assert _enrol(world, code, ATTEMPT).status_code == 200  # the code was not spent by those
