"""Enrolment when the server's answer is lost on the way: the code is spent on the server, but the
same attempt (same code, same attempt id kept in the encrypted store) asks again and gets a working
token for the same device, also after the app is restarted between the tries. A different attempt
with the spent code is still refused."""

from __future__ import annotations

import httpx
import pytest

from odesk.server import admin
from odesk.sync import SyncError, enroll
from odesk.sync.transport import make_client
from tests.sync.conftest import Trust
from tests.sync.devices import Device, fast_retry, network


class LoseEnrolAnswers(httpx.HTTPTransport):
    """Delivers requests to the real server, then drops the first `lose` enrolment answers."""

    def __init__(self, lose: int) -> None:
        super().__init__()
        self.lose = lose
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path == "/v1/devices/enroll" and self.lost < self.lose:
            response.read()  # the server has answered: the code is now used
            self.lost += 1
            raise httpx.ReadError("connection dropped before the answer arrived", request=request)
        return response


def _client(url: str, lose: int) -> tuple[httpx.Client, LoseEnrolAnswers]:
    transport = LoseEnrolAnswers(lose)
    return httpx.Client(base_url=url, transport=transport, timeout=10), transport


def test_a_lost_answer_is_asked_again_by_the_same_attempt(trust: Trust) -> None:
    laptop = Device(trust.root, "ana-laptop")
    trust.devices.append(laptop)
    code = admin.make_code(trust.db_url, trust.users["ana"])
    client, transport = _client(trust.url, lose=2)
    with client:
        result = enroll(laptop.store, trust.url, code, client=client, retry=fast_retry())
    assert transport.lost == 2  # two answers lost, the third try got through
    assert [d["id"] for d in admin.list_devices(trust.db_url, trust.users["ana"])] == [
        result.device_id
    ]
    record = network(trust.team_a)
    laptop.store.save(record)
    assert laptop.sync().pushed == 1  # the token that arrived works


def test_the_attempt_survives_a_restart_and_other_attempts_stay_refused(trust: Trust) -> None:
    laptop = Device(trust.root, "ana-laptop")
    trust.devices.append(laptop)
    code = admin.make_code(trust.db_url, trust.users["ana"])
    client, _ = _client(trust.url, lose=99)
    with client, pytest.raises(SyncError):
        enroll(laptop.store, trust.url, code, client=client, retry=fast_retry(attempts=2))
    laptop.restart()  # the app closed; the person tries again later with the same code

    thief = Device(trust.root, "elsewhere")
    trust.devices.append(thief)
    with pytest.raises(SyncError, match="already been used"):
        enroll(thief.store, trust.url, code, retry=fast_retry(attempts=1))

    with make_client(trust.url) as plain:
        result = enroll(laptop.store, trust.url, code, client=plain, retry=fast_retry())
    devices = admin.list_devices(trust.db_url, trust.users["ana"])
    assert [d["id"] for d in devices] == [result.device_id]
    assert laptop.store.meta_get("enrolment_attempt") is None  # nothing left to reuse
    laptop.store.save(network(trust.team_a))
    assert laptop.sync().pushed == 1
