"""Who a person is, by name: the one resolver every screen, PDF and report uses for user and
member ids (authors, co-signers, reviewers, raters, attendees, voices, history, conflicts).

Names come from the user directory the server sends (store meta "directory") and from the
network's members. Someone the laptop does not know is never shown as a bare id: they are an
"unknown person" with a short reference (the id's first eight characters), enough to ask IT.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from odesk.ui.i18n import Context

People = Context("People")

# A UUID anywhere in a text: what no screen may show where a person's name belongs.
UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def short_ref(ref: str) -> str:
    return ref[:8]


def unknown_person(ref: str) -> str:
    return People.tr("unknown person ({ref})").format(ref=short_ref(ref))


def user_name(directory: Mapping[str, Mapping[str, Any]], ref: str | None) -> str:
    """A user id as a name; "" for no id; an unknown id as "unknown person (ref)"."""
    if not ref:
        return ""
    name = (directory.get(ref) or {}).get("name")
    return str(name) if name else unknown_person(ref)


def attendee_name(
    directory: Mapping[str, Mapping[str, Any]],
    members: Mapping[str, Mapping[str, Any]],
    ref: str | None,
) -> str:
    """An attendee or voice reference (a member id, a user id, or a name typed for someone who is
    neither) as a name. A reference that looks like an id and is not known is an unknown person;
    anything else is the name that was typed."""
    if not ref:
        return ""
    member = members.get(ref)
    if member is not None:
        return str(member.get("name") or unknown_person(ref))
    if ref in directory:
        return user_name(directory, ref)
    return unknown_person(ref) if UUID_TEXT.fullmatch(ref) else ref


def typed_or_user_name(name_of: Callable[[str], str], ref: str | None) -> str:
    """An attendee reference that is not a member, for callers holding only a user-name
    function: a user's name, a name typed for someone else as it was typed, or an unknown
    person for an id nobody here knows."""
    if not ref:
        return ""
    name = name_of(ref)
    if name == unknown_person(ref) and not UUID_TEXT.fullmatch(ref):
        return ref
    return name


# Fields that point at records, never at people: left for the caller to name (or not show).
_RECORD_LINKS = frozenset(("network_id", "meeting_id", "note_id", "team_id"))


def with_names(value: Any, name: Callable[[str], str], key: str = "") -> Any:
    """A record value with every person reference in it (user ids, member ids, attendee and
    voice references) replaced by the person's name, for showing a field as a whole (e.g. two
    versions of an attendee list side by side)."""
    if isinstance(value, dict):
        return {k: with_names(v, name, k) for k, v in value.items()}
    if isinstance(value, list):
        return [with_names(v, name, key) for v in value]
    if isinstance(value, str) and key not in _RECORD_LINKS:
        return name(value)
    return value
