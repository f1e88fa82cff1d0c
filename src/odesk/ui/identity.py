"""Who is signed in: the user, their teams and the team directory, as the trust server last sent
them (kept in the store's encrypted meta table at enrolment and after each sync).

The one reader of those meta keys in the app: the session (ui/session.py) and the supervisor
screens (ui/supervisor/context.py) both start from `Identity.of(store)`, so they never disagree
on who the user is. Malformed entries (not objects, no id) are skipped, never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from odesk.store import Store


@dataclass(frozen=True)
class Identity:
    user: dict = field(default_factory=dict)
    teams: list[dict] = field(default_factory=list)
    directory: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store) -> Identity:
        user = store.meta_get("user")
        me = dict(user) if isinstance(user, Mapping) else {}
        teams = [dict(t) for t in _entries(store, "teams")]
        directory = {str(u["id"]): dict(u) for u in _entries(store, "directory")}
        if me.get("id"):
            directory.setdefault(str(me["id"]), me)
        return cls(me, teams, directory)

    def has_role(self, role: str) -> bool:
        return role in (self.user.get("roles") or [])


def _entries(store: Store, key: str) -> list[Mapping]:
    value = store.meta_get(key)
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, Mapping) and v.get("id")]
