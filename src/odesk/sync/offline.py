"""The policy's ``max_offline_days``: a laptop out of touch too long shows no records.

The store still opens (so a sync can end the lock), but the CLI and the GUI show nothing until a
contact with the server succeeds. A device never enrolled has no policy and is never locked.
"""

from __future__ import annotations

from datetime import datetime

from odesk.sync import state


def max_offline_days(store: state.MetaStore) -> float | None:
    policy = store.meta_get(state.POLICY) or {}
    value = policy.get("max_offline_days") if isinstance(policy, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return float(value)


def offline_locked(store: state.MetaStore, *, now: datetime | None = None) -> bool:
    """True when more than the policy's days have passed since the last successful contact."""
    if not state.is_enrolled(store):
        return False
    limit = max_offline_days(store)
    if limit is None:
        return False
    days = state.days_since_contact(store, now)
    return days is None or days > limit


def offline_lock_message(store: state.MetaStore, *, now: datetime | None = None) -> str | None:
    """A one-line reason for the lock, or None when records may be shown."""
    if not offline_locked(store, now=now):
        return None
    limit = max_offline_days(store)
    days = state.days_since_contact(store, now)
    since = "never" if days is None else f"{int(days)} days ago"
    return (
        f"records are hidden: this device last reached the trust server {since}, "
        f"and the trust allows {limit:g} days offline; connect and run a sync"
    )
