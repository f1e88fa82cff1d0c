"""What the supervisor screens know about the signed-in user: teams, colleagues, scales.

Everything comes from the unlocked store (the server's directory is kept in its encrypted meta
table). The client never decides access: these lookups only choose what to *show*; the server
decides what reaches the store and what a push may change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from odesk.core.records import KINDS
from odesk.reports import Scale, ScaleError, load_scales, scales_from_policy
from odesk.reports.dataset import team_and_descendants
from odesk.ui.identity import Identity

if TYPE_CHECKING:
    from odesk.store import Store

RATER_ROLES = ("self", "co_facilitator", "supervisor", "researcher")


def has_supervisor_role(user: Any) -> bool:
    return isinstance(user, Mapping) and "supervisor" in (user.get("roles") or [])


def _policy(store: Store) -> list:
    scales = store.meta_get("scales")
    return scales if isinstance(scales, list) else []


@dataclass
class SupervisorContext:
    store: Store
    user: dict = field(default_factory=dict)
    teams: dict[str, dict] = field(default_factory=dict)
    directory: dict[str, dict] = field(default_factory=dict)
    scales: dict[str, Scale] = field(default_factory=dict)
    scale_error: str | None = None

    @classmethod
    def from_store(
        cls, store: Store, scales: Mapping[str, Scale] | None = None
    ) -> SupervisorContext:
        me = Identity.of(store)
        ctx = cls(store, me.user, {t["id"]: t for t in me.teams}, me.directory)
        if scales is not None:
            ctx.scales = dict(scales)
        else:
            # Scales shipped with the app, then those the trust's server sends (they win on id).
            errors: list[str] = []
            try:
                ctx.scales.update(load_scales())
            except ScaleError as exc:
                errors.append(str(exc))
            ctx.scales.update(scales_from_policy({"scales": _policy(store)}, errors))
            ctx.scale_error = "; ".join(errors) or None
        return ctx

    @property
    def user_id(self) -> str:
        return self.user.get("id") or self.store.user_id

    def _with_podlets(self, team_ids: Any) -> set[str]:
        out: set[str] = set()
        for team_id in team_ids or []:
            out |= team_and_descendants(team_id, self.teams.values())
        return out

    def supervised_team_ids(self) -> set[str]:
        """Teams I supervise, with their podlets."""
        return self._with_podlets(self.user.get("supervises_team_ids"))

    def member_team_ids(self) -> set[str]:
        """Teams I work in, with their podlets."""
        return self._with_podlets(self.user.get("team_ids"))

    def rater_roles(self, team_id: str | None) -> list[str]:
        """The rater roles the server takes from me for a meeting of this team.

        Practitioners of the team rate as self or co-facilitator; its supervisors as supervisor;
        a supervisor who does not work in the team may also rate as researcher (an independent
        reading). Before enrolment nothing is known of me, so every role is offered and the
        server decides at the next sync.
        """
        roles = set(self.user.get("roles") or [])
        if not roles:
            return list(RATER_ROLES)
        member = "practitioner" in roles and team_id in self.member_team_ids()
        supervisor = "supervisor" in roles and team_id in self.supervised_team_ids()
        allowed = {
            "self": member,
            "co_facilitator": member,
            "supervisor": supervisor,
            "researcher": supervisor and not member,
        }
        return [role for role in RATER_ROLES if allowed[role]]

    def report_team_ids(self) -> list[str]:
        """Teams a dashboard may be drawn for: each supervised team then its podlets, then my own."""
        ids: list[str] = []
        for team_id in self.user.get("supervises_team_ids") or []:
            below = team_and_descendants(team_id, self.teams.values()) - {team_id}
            ordered = sorted(below, key=lambda t: self.team_name(t).lower())
            ids += [t for t in [team_id, *ordered] if t not in ids]
        ids += [t for t in self.user.get("team_ids") or [] if t not in ids]
        return ids

    def team_name(self, team_id: str | None) -> str:
        team = self.teams.get(team_id or "") or {}
        return str(team.get("name") or team_id or "")

    def user_name(self, user_id: str | None) -> str:
        from odesk.ui.people import user_name

        return user_name(self.directory, user_id)

    def team_users(self, team_id: str | None) -> list[dict]:
        """Colleagues in a team (with its podlets), by name."""
        scope = team_and_descendants(team_id, self.teams.values()) if team_id else set()
        users = [u for u in self.directory.values() if scope & set(u.get("team_ids") or [])]
        return sorted(users, key=lambda u: (u.get("name") or "").lower())

    def all_records(self) -> list[dict]:
        records: list[dict] = []
        for kind in KINDS:
            records.extend(self.store.records(kind))
        return records
