"""Is the trust server reachable? The app's health probe, through the sync transport.

It goes through the same client as a sync round (`make_client` with the CA bundle kept in the store
at enrolment, or the OS trust store through truststore), so a server that a round can reach is
never reported offline because the probe trusted different certificates.
"""

from __future__ import annotations

import httpx

from odesk.sync.errors import SyncError
from odesk.sync.transport import Api, RetryPolicy, make_client

PROBE_TIMEOUT_S = 5.0


def server_reachable(
    server_url: str, ca_pem: str | None = None, *, client: httpx.Client | None = None
) -> bool:
    """True when the server answers its health check; one attempt, no retries.

    `client` (tests, or the app's injected factory) replaces the one made from the address and CA
    bundle; it is not closed here.
    """
    own = client is None
    try:
        http = client or make_client(server_url, ca_pem=ca_pem, timeout=PROBE_TIMEOUT_S)
    except SyncError:  # an address the transport refuses (plain HTTP off loopback)
        return False
    try:
        api = Api(http, retry=RetryPolicy(attempts=1))
        answer = api.call("GET", "/v1/health", auth=False)
        return answer.get("status") == "ok"
    except SyncError:  # ApiError included: any refusal or fault means "not reachable now"
        return False
    finally:
        if own:
            http.close()
