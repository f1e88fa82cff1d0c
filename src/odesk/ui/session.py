"""What the windows share while the store is unlocked: the store, who is signed in, the writer.

A Session lives from unlock to lock; lock() drops it, so nothing outlives the open database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from odesk.ui.identity import Identity
from odesk.ui.workers import OrderedWriter

if TYPE_CHECKING:
    from odesk.store import Store

# meta key: meetings being edited (ids only), for crash recovery. Here, not in the meeting
# editor, so the main window can check for them at unlock without importing the editor.
OPEN_EDITORS = "ui_open_editors"


@dataclass
class Session:
    store: Store
    writer: OrderedWriter
    user: dict = field(default_factory=dict)
    teams: list[dict] = field(default_factory=list)
    directory: dict[str, dict] = field(default_factory=dict)
    title_note: str = ""  # e.g. "demo" shown in the window title

    @classmethod
    def from_store(cls, store: Store, writer: OrderedWriter) -> Session:
        me = Identity.of(store)
        return cls(store, writer, me.user, me.teams, me.directory)

    @property
    def user_id(self) -> str:
        return str(self.user.get("id") or self.store.user_id)

    @property
    def user_name(self) -> str:
        return str(self.user.get("name") or "")

    @property
    def team_ids(self) -> list[str]:
        ids = list(self.user.get("team_ids") or [])
        return ids or [t["id"] for t in self.teams if t.get("id")]

    def has_role(self, role: str) -> bool:
        return role in (self.user.get("roles") or [])

    def name_of(self, user_id: str) -> str:
        if not user_id:
            return ""
        if user_id == self.store.user_id and not self.user.get("name"):
            return QT_ME
        from odesk.ui.people import user_name

        return user_name(self.directory, user_id)

    def team_name(self, team_id: str) -> str:
        for t in self.teams:
            if t.get("id") == team_id:
                return str(t.get("name") or team_id)
        return team_id

    def colleagues(self) -> list[dict]:
        """Practitioners in my teams (for attendees and co-signing), by name."""
        mine = set(self.team_ids)
        users = [
            u
            for u in self.directory.values()
            if mine & set(u.get("team_ids") or []) or u.get("id") == self.user_id
        ]
        return sorted(users, key=lambda u: str(u.get("name") or "").lower())

    def default_team_id(self) -> str:
        # Offline before enrolment the device has no teams yet; "local" is replaced at enrolment
        # only in authorship, so the team is chosen again in the network form once enrolled.
        ids = self.team_ids
        return ids[0] if ids else "local"


QT_ME = "me"
