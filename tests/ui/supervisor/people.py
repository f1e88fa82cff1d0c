"""The signed-in users of the supervisor screen tests, and a real store holding their data."""

from __future__ import annotations

from odesk import vault
from odesk.store import Store
from tests.reports.known_data import TEAMS

USERS = [
    {
        "id": "u-sue",
        "name": "Sue Supervisor",
        "roles": ["supervisor", "practitioner"],
        "team_ids": ["team-north"],
        "supervises_team_ids": ["team-north"],
    },
    {"id": "u-ana", "name": "Ana Nurse", "roles": ["practitioner"], "team_ids": ["team-north"]},
    {"id": "u-ben", "name": "Ben Psychologist", "roles": ["practitioner"], "team_ids": ["pod-a"]},
    {
        "id": "u-cal",
        "name": "Cal Social Worker",
        "roles": ["practitioner"],
        "team_ids": ["team-north"],
    },
    {"id": "u-zed", "name": "Zed South", "roles": ["practitioner"], "team_ids": ["team-south"]},
]


def open_store(path, user: dict, records: list[dict]) -> Store:
    store = Store.create(path, "correct horse", kdf_params=vault.TEST_PARAMS, allow_weak_kdf=True)
    store.import_revisions(records)
    store.set_identity(user["id"], "dev-" + user["id"])
    store.meta_set("user", user)
    store.meta_set("teams", TEAMS)
    store.meta_set("directory", USERS)
    return store
