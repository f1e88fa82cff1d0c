"""What sync remembers between rounds, kept in the store's meta table inside the encrypted database.

The token never reaches a plain file; neither does the CA bundle nor the user directory.
"""

from __future__ import annotations

from datetime import UTC, datetime

from odesk.core.ids import parse_time, utc_now
from odesk.sync.ports import MetaStore

SERVER_URL = "server_url"
CA_PEM = "ca_pem"
TOKEN = "token"
DEVICE_ID = "device_id"
DEVICE_NAME = "device_name"
USER = "user"
TEAMS = "teams"
DIRECTORY = "directory"
POLICY = "policy"
SCALES = "scales"
EPOCH = "epoch"
CURSOR = "cursor"
PUSHED_HIGH_WATER = "pushed_high_water"  # highest device_seq the server has confirmed storing
AUDIT_ACCEPTED = "audit_accepted_through"
LAST_CONTACT = "last_contact_at"  # last successful authenticated answer from the server
LAST_SYNC = "last_sync_at"  # last complete round
ME_REFRESHED = "me_refreshed_at"  # last GET /v1/me (user, teams, directory, policy)
# {"code": sha256 of the code, "id": attempt id}: kept until enrolment succeeds, so asking again
# with the same code (the first answer was lost) is the same attempt to the server.
ENROLMENT_ATTEMPT = "enrolment_attempt"


def enrolment_of(store: MetaStore) -> tuple[str, str | None]:
    """The server address and the CA bundle kept at enrolment (None: the OS trust store)."""
    return str(store.meta_get(SERVER_URL)), store.meta_get(CA_PEM)


def is_enrolled(store: MetaStore) -> bool:
    return bool(store.meta_get(TOKEN)) and bool(store.meta_get(SERVER_URL))


def touch_contact(store: MetaStore, at: str | None = None) -> None:
    store.meta_set(LAST_CONTACT, at or utc_now())


def days_since_contact(store: MetaStore, now: datetime | None = None) -> float | None:
    value = store.meta_get(LAST_CONTACT)
    if not value:
        return None
    try:
        then = parse_time(value)
    except (TypeError, ValueError):
        return None
    return ((now or datetime.now(UTC)) - then).total_seconds() / 86400.0
