"""Device tokens expire after the policy's maximum offline period without contact.

A laptop left in a drawer for months must not come back as if nothing happened: its token stops
working, the refusal says what to do, and with a new code from the trust it enrols again under its
own id keeping everything on it. A laptop that syncs renews its token with every call. Both
backends, through the real HTTP path.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine

from odesk.server import admin
from odesk.server.policy import MAX_OFFLINE_DAYS
from odesk.server.schema import devices
from odesk.sync import ApiError, enroll
from tests.sync.conftest import Trust
from tests.sync.devices import fast_retry, meeting, network, unique_text


def _last_contact(trust: Trust, device_id: str, days_ago: float | None) -> str | None:
    """Set (or read, with None) the server's record of the device's last contact."""
    engine = create_engine(trust.db_url)
    try:
        with engine.begin() as conn:
            if days_ago is not None:
                when = datetime.now(UTC) - timedelta(days=days_ago)
                conn.execute(
                    devices.update()
                    .where(devices.c.id == device_id)
                    .values(last_seen_at=when.isoformat(timespec="milliseconds"))
                )
            return conn.execute(
                devices.select()
                .with_only_columns(devices.c.last_seen_at)
                .where(devices.c.id == device_id)
            ).scalar()
    finally:
        engine.dispose()


def test_a_token_unused_for_too_long_expires_and_the_laptop_comes_back_keeping_its_store(
    trust: Trust,
) -> None:
    ana = trust.device("ana")
    net = ana.store.save(network(trust.team_a))
    ana.sync()
    device_id = ana.store.device_id
    # Written offline during the long absence: must survive the expiry and the re-enrolment.
    words = unique_text("written in the drawer months")
    later = ana.store.save(meeting(net["id"]) | {"location_detail": words})
    _last_contact(trust, device_id, MAX_OFFLINE_DAYS + 1)

    with pytest.raises(ApiError) as refused:
        ana.sync()
    assert refused.value.code == "token_expired" and refused.value.status == 401
    message = str(refused.value)
    assert "\n" not in message and "enrol" in message and "nothing on the laptop is lost" in message
    assert ana.store.get(later["id"]) is not None and ana.store.pending_count() == 1

    code = admin.make_code(trust.db_url, trust.users["ana"])
    enroll(ana.store, trust.url, code, again=True, retry=fast_retry())
    assert ana.store.device_id == device_id  # the same laptop, under its own id
    report = ana.sync()
    assert report.rejected == 0 and ana.store.pending_count() == 0
    ben = trust.device("ben")
    ben.sync()
    assert ben.store.get(later["id"])["location_detail"] == words


def test_a_laptop_that_keeps_syncing_renews_its_token(trust: Trust) -> None:
    ana = trust.device("ana")
    ana.store.save(network(trust.team_a))
    ana.sync()
    _last_contact(trust, ana.store.device_id, MAX_OFFLINE_DAYS - 1)  # a fortnight's leave, nearly
    ana.sync()  # still accepted ...
    renewed = _last_contact(trust, ana.store.device_id, None)
    assert renewed is not None
    age = datetime.now(UTC) - datetime.fromisoformat(renewed)
    assert age < timedelta(hours=1)  # ... and the period starts again


def test_an_expired_token_is_refused_on_every_authenticated_call(trust: Trust) -> None:
    import httpx

    ana = trust.device("ana")
    _last_contact(trust, ana.store.device_id, MAX_OFFLINE_DAYS + 0.1)
    token = ana.store.meta_get("token")
    with httpx.Client(base_url=trust.url) as http:
        for method, path, body in (
            ("GET", "/v1/me", None),
            ("GET", "/v1/sync/pull", None),
            ("POST", "/v1/sync/push", {"changes": []}),
        ):
            answer = http.request(
                method, path, json=body, headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 401, path
            assert answer.json()["error"] == "token_expired", path
        assert http.get("/v1/health").status_code == 200  # no token needed, nothing refused
