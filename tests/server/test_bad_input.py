"""Bad input on every endpoint (hypothesis, bounded): never a 5xx, every error is
{"error": code, "message": text}, and nothing is stored."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.server.helpers import World

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
_change = st.fixed_dictionaries(
    {"change_id": _json | st.text(max_size=10), "device_seq": _json, "record": _json}
)
_bodies = (
    _json
    | st.fixed_dictionaries({"changes": st.lists(_change, max_size=3)})
    | st.fixed_dictionaries(
        {
            "entries": st.lists(
                st.dictionaries(
                    st.sampled_from(["seq", "at", "action", "record_id", "prev_hash", "hash", "x"]),
                    _json,
                ),
                max_size=3,
            )
        }
    )
    | st.fixed_dictionaries({"code": _json, "device_name": _json})
)
_ENDPOINTS = [
    ("POST", "/v1/sync/push"),
    ("POST", "/v1/audit"),
    ("POST", "/v1/devices/enroll"),
    ("GET", "/v1/sync/pull"),
    ("GET", "/v1/me"),
    ("GET", "/v1/health"),
    ("DELETE", "/v1/sync/push"),
    ("GET", "/v1/nothing-here"),
]


def _check(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error", "message"}
        assert isinstance(body["error"], str) and isinstance(body["message"], str)


def test_hypothesis_bodies_never_crash_the_server(world: World) -> None:
    ana = world.enrol("ana")

    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        endpoint=st.sampled_from(_ENDPOINTS),
        body=_bodies,
        raw=st.binary(max_size=40),
        use_raw=st.booleans(),
        params=st.dictionaries(
            st.sampled_from(["cursor", "limit"]), st.text(max_size=12), max_size=2
        ),
    )
    def run(endpoint: tuple[str, str], body: Any, raw: bytes, use_raw: bool, params: dict) -> None:
        method, path = endpoint
        if use_raw:
            response = ana.http.request(
                method,
                path,
                content=raw,
                params=params,
                headers={"Content-Type": "application/json"},
            )
        else:
            response = ana.http.request(method, path, json=body, params=params)
        _check(response)

    run()
    assert ana.visible_ids() == set()
