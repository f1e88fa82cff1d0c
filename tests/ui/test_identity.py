"""One reader of who is signed in: the session and the supervisor screens see the same user,
teams and directory, and an entry the server sent malformed is skipped, never a crash."""

from __future__ import annotations

from odesk.store import Store
from odesk.ui.identity import Identity
from odesk.ui.session import Session
from odesk.ui.supervisor import install
from odesk.ui.supervisor.context import SupervisorContext

SUPERVISOR = {
    "id": "u-sam",
    "name": "Sam Fictional",
    "roles": ["practitioner", "supervisor"],
    "team_ids": ["t-pod"],
    "supervises_team_ids": ["t-service"],
}
TEAMS = [
    {"id": "t-service", "name": "Fictional Service", "kind": "service", "parent_id": None},
    {"id": "t-pod", "name": "Fictional Pod", "kind": "podlet", "parent_id": "t-service"},
    "not a team",
    {"name": "a team without an id"},
]
DIRECTORY = [
    {"id": "u-kim", "name": "Kim Fictional", "roles": ["practitioner"], "team_ids": ["t-pod"]},
    ["not", "a", "user"],
    {"name": "a user without an id"},
]


def test_session_and_supervisor_screens_read_the_same_identity(new_store: Store) -> None:
    new_store.meta_set("user", SUPERVISOR)
    new_store.meta_set("teams", TEAMS)
    new_store.meta_set("directory", DIRECTORY)
    me = Identity.of(new_store)
    assert me.user == SUPERVISOR and me.has_role("supervisor")
    assert [t["id"] for t in me.teams] == ["t-service", "t-pod"]
    assert set(me.directory) == {"u-kim", "u-sam"}  # the signed-in user is always listed

    session = Session.from_store(new_store, None)  # type: ignore[arg-type]
    ctx = SupervisorContext.from_store(new_store, scales={})
    assert session.user == ctx.user == me.user
    assert session.directory == ctx.directory == me.directory
    assert [t["id"] for t in session.teams] == list(ctx.teams)
    assert session.user_id == ctx.user_id == "u-sam"
    assert session.name_of("u-kim") == ctx.user_name("u-kim") == "Kim Fictional"
    assert ctx.supervised_team_ids() == {"t-service", "t-pod"}


def test_nothing_known_before_enrolment(new_store: Store) -> None:
    new_store.meta_set("user", "garbage")
    new_store.meta_set("teams", {"not": "a list"})
    new_store.meta_set("directory", None)
    me = Identity.of(new_store)
    assert me == Identity()
    assert not me.has_role("supervisor")
    assert install(None, new_store) is None  # no supervisor pages for an unknown user
