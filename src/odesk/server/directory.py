"""Teams, users and what a user may see and do (the scopes of DESIGN §5).

Team membership and supervision reach down the team tree: a member or supervisor of a service
team has the same standing in its podlets. Reading: the user's teams and the teams they
supervise. Writing clinical records: practitioners in their own teams. Reviews, supervision
records and supervisors' ratings: supervisors of that team.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from odesk.server.schema import teams, users

ROLES = ("practitioner", "supervisor", "admin")
TEAM_KINDS = ("service", "podlet")


@dataclass(frozen=True)
class Access:
    user_id: str
    roles: frozenset[str]
    member_of: frozenset[str]  # own teams and their descendants
    supervises: frozenset[str]  # supervised teams and their descendants
    user: dict = field(default_factory=dict, compare=False)

    @property
    def readable(self) -> frozenset[str]:
        teams_: set[str] = set()
        if self.roles & {"practitioner", "supervisor"}:
            teams_ |= self.member_of
        if "supervisor" in self.roles:
            teams_ |= self.supervises
        return frozenset(teams_)

    def may_read(self, team_id: str | None) -> bool:
        return team_id is not None and team_id in self.readable

    def may_write(self, team_id: str | None) -> bool:
        return team_id is not None and "practitioner" in self.roles and team_id in self.member_of

    def may_supervise(self, team_id: str | None) -> bool:
        return team_id is not None and "supervisor" in self.roles and team_id in self.supervises


def team_row(row) -> dict:
    return {"id": row.id, "name": row.name, "kind": row.kind, "parent_id": row.parent_id}


def user_row(row) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "profession": row.profession,
        "roles": json.loads(row.roles),
        "team_ids": json.loads(row.team_ids),
        "supervises_team_ids": json.loads(row.supervises_team_ids),
    }


def all_teams(conn: Connection) -> dict[str, dict]:
    return {r.id: team_row(r) for r in conn.execute(select(teams))}


def get_user(conn: Connection, user_id: str) -> dict | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return user_row(row) if row else None


def with_descendants(team_ids: list[str] | set[str], team_map: dict[str, dict]) -> set[str]:
    children: dict[str, list[str]] = {}
    for team in team_map.values():
        if team["parent_id"]:
            children.setdefault(team["parent_id"], []).append(team["id"])
    out: set[str] = set()
    stack = list(team_ids)
    while stack:
        current = stack.pop()
        if current in out:
            continue
        out.add(current)
        stack.extend(children.get(current, ()))
    return out


def access_for(conn: Connection, user: dict) -> Access:
    return access_from_user(user, all_teams(conn))


def access_from_user(user: dict, team_map: dict[str, dict]) -> Access:
    """The access of a user (user_row), given every team (id -> team_row)."""
    return Access(
        user_id=user["id"],
        roles=frozenset(user["roles"]),
        member_of=frozenset(with_descendants(user["team_ids"], team_map)),
        supervises=frozenset(with_descendants(user["supervises_team_ids"], team_map)),
        user=user,
    )


def visible_teams_and_directory(conn: Connection, access: Access) -> tuple[list[dict], list[dict]]:
    """The teams a user belongs to or supervises, and the users of those teams."""
    team_map = all_teams(conn)
    shown = access.member_of | access.supervises
    team_list = [team_map[t] for t in sorted(shown) if t in team_map]
    directory = []
    for row in conn.execute(select(users).order_by(users.c.name, users.c.id)):
        user = user_row(row)
        if shown & set(user["team_ids"]) or shown & set(user["supervises_team_ids"]):
            directory.append(
                {
                    "id": user["id"],
                    "name": user["name"],
                    "profession": user["profession"],
                    "roles": user["roles"],
                    "team_ids": user["team_ids"],
                    "supervises_team_ids": user["supervises_team_ids"],
                }
            )
    return team_list, directory
