"""Enrolment: trade a one-time code for a device token, and remember the trust's answer.

Everything the server hands over (token, device, user, teams, directory, policy, CA bundle) is
kept in the store's meta table, inside the encrypted database.
"""

from __future__ import annotations

import hashlib
import secrets
import socket
from dataclasses import dataclass, field

import httpx

from odesk.core.ids import utc_now
from odesk.sync import state
from odesk.sync.errors import SyncError
from odesk.sync.ports import StoreForSync
from odesk.sync.transport import Api, RetryPolicy, check_server_url, make_client, read_ca_file


@dataclass
class EnrollResult:
    server_url: str
    device_id: str
    user: dict
    teams: list[dict] = field(default_factory=list)
    policy: dict = field(default_factory=dict)


def save_me(store: StoreForSync, me: dict) -> None:
    """Keep what GET /v1/me says about the user, their teams, the directory and the policy."""
    if isinstance(me.get("user"), dict):
        store.meta_set(state.USER, me["user"])
    if isinstance(me.get("teams"), list):
        store.meta_set(state.TEAMS, me["teams"])
    if isinstance(me.get("directory"), list | dict):
        store.meta_set(state.DIRECTORY, me["directory"])
    policy = me.get("policy")
    if isinstance(policy, dict):
        store.meta_set(state.POLICY, policy)
        if "scales" in policy:
            store.meta_set(state.SCALES, policy["scales"])
    if "scales" in me:
        store.meta_set(state.SCALES, me["scales"])


def _attempt(store: StoreForSync, code: str) -> str:
    """This enrolment's attempt id: the same for every try with the same code, across retries
    and restarts, until one succeeds. A lost answer then does not spend the code for nothing."""
    code_sha = hashlib.sha256(code.encode()).hexdigest()
    kept = store.meta_get(state.ENROLMENT_ATTEMPT)
    if isinstance(kept, dict) and kept.get("code") == code_sha and isinstance(kept.get("id"), str):
        return kept["id"]
    attempt = secrets.token_urlsafe(24)
    store.meta_set(state.ENROLMENT_ATTEMPT, {"code": code_sha, "id": attempt})
    return attempt


def enroll(
    store: StoreForSync,
    server_url: str,
    code: str,
    *,
    ca_file: str | None = None,
    device_name: str | None = None,
    client: httpx.Client | None = None,
    retry: RetryPolicy | None = None,
    again: bool = False,
) -> EnrollResult:
    """Enrol the store with a one-time code.

    ``again``: an enrolled store comes back with a new code under its own device id, keeping
    every record and change (the server no longer knows the device: restored from a backup
    older than its enrolment; or its token is no longer accepted). Everything it made is then
    offered to the server again and pulling starts afresh.
    """
    base = check_server_url(server_url)
    enrolled = state.is_enrolled(store)
    if enrolled and not again:
        raise SyncError(
            f"this store is already enrolled with {store.meta_get(state.SERVER_URL)}"
            f" as device {store.meta_get(state.DEVICE_ID)} (if the trust gave a new code because"
            " the server no longer knows this device, enrol with --again: nothing is lost)"
        )
    if again and not enrolled:
        raise SyncError("this store was never enrolled: enrol it without --again")
    own_device = store.device_id if again else None
    code = (code or "").strip()
    if not code:
        raise SyncError("an enrolment code is needed (ask the trust's administrator)")
    ca_pem = read_ca_file(ca_file) if ca_file else None
    name = (device_name or socket.gethostname() or "laptop").strip()[:100]
    own_client = client is None
    http = client or make_client(base, ca_pem=ca_pem)
    try:
        api = Api(http, retry=retry)
        health = api.call("GET", "/v1/health", auth=False)
        answer = api.call(
            "POST",
            "/v1/devices/enroll",
            json_body={
                "code": code,
                "device_name": name,
                "enrolment_id": _attempt(store, code),
                **({"device_id": own_device} if own_device else {}),
            },
            auth=False,
        )
        token, device_id, user = answer.get("token"), answer.get("device_id"), answer.get("user")
        if (
            not isinstance(token, str)
            or not isinstance(device_id, str)
            or not isinstance(user, dict)
        ):
            raise SyncError("the server's enrolment answer lacked a token, device or user")
        api.token = token
        try:
            me: dict = api.call("GET", "/v1/me")
        except SyncError:
            me = {}  # the code is spent and the device exists: keep it; the next round asks again
    finally:
        if own_client:
            http.close()
    user_id = (me.get("user") or user).get("id")
    if not isinstance(user_id, str):
        raise SyncError("the server did not say which user this device belongs to")
    if again and (device_id != own_device or user_id != store.user_id):
        raise SyncError(
            "the code is for another user than this store's: ask the trust for a code of yours"
        )
    # One transaction: the store is enrolled (token, address, identity) entirely or not at all.
    with store.transaction():
        store.meta_set(state.CA_PEM, ca_pem)
        store.meta_set(state.DEVICE_NAME, name)
        store.meta_set(state.USER, user)
        store.meta_set(state.TEAMS, answer.get("teams") or [])
        store.meta_set(state.POLICY, answer.get("policy") or {})
        if me:
            save_me(store, me)
            store.meta_set(state.ME_REFRESHED, utc_now())
        store.meta_set(state.EPOCH, health.get("epoch"))
        store.meta_set(state.CURSOR, None)
        store.meta_set(state.PUSHED_HIGH_WATER, 0)
        store.meta_set(state.AUDIT_ACCEPTED, 0)
        state.touch_contact(store)
        store.set_identity(user_id, device_id)
        if again:
            store.requeue_above(0)  # everything it made goes again (`duplicate` where kept)
        store.meta_set(state.TOKEN, token)
        store.meta_set(state.SERVER_URL, base)
        store.meta_set(state.ENROLMENT_ATTEMPT, None)
        store.audit("enroll_again" if again else "enroll")
    return EnrollResult(
        server_url=base,
        device_id=device_id,
        user=store.meta_get(state.USER) or user,
        teams=store.meta_get(state.TEAMS) or [],
        policy=store.meta_get(state.POLICY) or {},
    )
