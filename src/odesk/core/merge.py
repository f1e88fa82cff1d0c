"""Revision trees and the merge rules of DESIGN §5.

A record's history is a tree (a DAG after merges) of revisions. Its *leaves* are the revisions no
other known revision names as a parent. `resolve` turns the leaves into the record's current view:

- one live leaf: that leaf;
- an edit concurrent with a delete wins over the delete (flag ``delete_conflict``);
- notes, addenda, ratings, reviews and supervision records are never merged: every leaf is kept
  and the record is in conflict until a person saves a merge revision (the one exception: leaves of
  a signed note that differ only by co-signatures are combined, since co-signing appends);
- network, member and meeting records get a three-way merge against the common ancestor: edits to
  different fields merge; lists of ids merge as sets; safety flags and urgency combine upwards and
  sharing consent combines downwards (never silently loosened); the same field edited to different
  values stays in conflict for a person.

Nothing here looks at clocks, and the result depends only on the *set* of revisions, so every
device and the server compute the same view from the same revisions, in any order of arrival.
The view is not stored as a revision: a person's next edit is saved with every leaf as a parent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from odesk.core.records import ENVELOPE_FIELDS, content_of
from odesk.core.revs import rev_sort_key

MERGEABLE_KINDS = frozenset({"network", "member", "meeting"})

_URGENCY_ORDER = {"routine": 0, "urgent": 1, "very_urgent": 2}
# Flags whose concurrent values combine to the safer one instead of conflicting.
_RAISE_FLAGS = frozenset({"safety.discussed", "safety.safeguarding_concern"})
_LOWER_FLAGS = frozenset({"may_share"})
_ID_SET_LISTS = frozenset({"key_practitioner_ids", "attendee_ids", "network_ids"})

_MISSING: Any = object()


def _canon(value: Any) -> str:
    if value is _MISSING:
        return "\x00missing"
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class RevisionTree:
    """Every known revision of one record, keyed by rev id."""

    def __init__(self, revisions: Iterable[dict] = ()) -> None:
        self.revisions: dict[str, dict] = {}
        self._parents_named: set[str] = set()
        for rev in revisions:
            self.add(rev)

    def add(self, revision: dict) -> bool:
        """Add a revision; False when it was already known (re-delivery changes nothing)."""
        rev = revision["rev"]
        if rev in self.revisions:
            return False
        self.revisions[rev] = revision
        self._parents_named.update(revision.get("parent_revs") or ())
        return True

    def leaves(self) -> list[str]:
        return sorted((r for r in self.revisions if r not in self._parents_named), key=rev_sort_key)

    def ancestors(self, rev: str) -> set[str]:
        """Known strict ancestors of ``rev``."""
        seen: set[str] = set()
        stack = list(self.revisions[rev].get("parent_revs") or ()) if rev in self.revisions else []
        while stack:
            current = stack.pop()
            if current in seen or current not in self.revisions:
                continue
            seen.add(current)
            stack.extend(self.revisions[current].get("parent_revs") or ())
        return seen

    def common_ancestor(self, revs: Iterable[str]) -> str | None:
        """The deepest revision that is an ancestor (or self) of every rev given."""
        common: set[str] | None = None
        for rev in revs:
            lineage = self.ancestors(rev) | {rev}
            common = lineage if common is None else common & lineage
        if not common:
            return None
        return max(common, key=rev_sort_key)


@dataclass
class Resolution:
    record: dict | None
    leaves: list[str]
    conflict: bool = False
    conflict_fields: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    head_rev: str = ""


def _merge_value(path: str, base: Any, values: list[Any], conflicts: list[str]) -> Any:
    """Three-way merge of one field; ``values`` are the leaves' values in leaf order."""
    changed = [v for v in values if _canon(v) != _canon(base)]
    if not changed:
        return base
    distinct = {_canon(v): v for v in changed}
    if len(distinct) == 1:
        return changed[0]
    present = [v for v in changed if v is not _MISSING]
    if path in _RAISE_FLAGS:
        return any(v is True for v in present)
    if path in _LOWER_FLAGS:
        return all(v is True for v in present) and bool(present)
    if path == "referral.urgency":
        return max(present, key=lambda v: _URGENCY_ORDER.get(v, -1))
    if path in _ID_SET_LISTS and all(isinstance(v, list) for v in present):
        base_set = set(base) if isinstance(base, list) else set()
        added: set[str] = set()
        removed: set[str] = set()
        for v in values:
            current = set(v) if isinstance(v, list) else set()
            added |= current - base_set
            removed |= base_set - current
        return sorted((base_set - removed) | added)
    if all(isinstance(v, dict) for v in present) and len(present) == len(changed):
        base_dict = base if isinstance(base, dict) else {}
        keys = sorted(set(base_dict).union(*(v.keys() for v in present)))
        merged: dict[str, Any] = {}
        for key in keys:
            sub = _merge_value(
                f"{path}.{key}",
                base_dict.get(key, _MISSING),
                [v.get(key, _MISSING) for v in values],
                conflicts,
            )
            if sub is not _MISSING:
                merged[key] = sub
        return merged
    conflicts.append(path)
    return values[-1]  # shown provisionally (the deepest leaf); the record stays in conflict


def _three_way(base: dict, leaves: list[dict]) -> tuple[dict, list[str]]:
    conflicts: list[str] = []
    contents = [content_of(leaf) for leaf in leaves]
    keys = sorted(set(base).union(*(c.keys() for c in contents)))
    merged: dict[str, Any] = {}
    for key in keys:
        value = _merge_value(
            key, base.get(key, _MISSING), [c.get(key, _MISSING) for c in contents], conflicts
        )
        if value is not _MISSING:
            merged[key] = value
    return merged, conflicts


def _differing_fields(leaves: list[dict]) -> list[str]:
    contents = [content_of(leaf) for leaf in leaves]
    keys = sorted(set().union(*(c.keys() for c in contents)))
    return [k for k in keys if len({_canon(c.get(k)) for c in contents}) > 1]


def _merge_cosignatures(leaves: list[dict]) -> dict | None:
    """Leaves of a signed note that differ only in co-signatures combine (co-signing appends)."""
    stripped = {_canon({**content_of(leaf), "cosigned_by": None}) for leaf in leaves}
    if len(stripped) != 1 or leaves[-1].get("state") != "signed":
        return None
    by_user: dict[str, dict] = {}
    for leaf in leaves:
        for cosign in leaf.get("cosigned_by") or ():
            kept = by_user.get(cosign["user_id"])
            if kept is None or cosign["at"] < kept["at"]:
                by_user[cosign["user_id"]] = cosign
    return {
        **leaves[-1],
        "cosigned_by": sorted(by_user.values(), key=lambda c: (c["at"], c["user_id"])),
    }


def resolve(revisions: Iterable[dict] | RevisionTree) -> Resolution:
    if not isinstance(revisions, RevisionTree):
        revisions = list(revisions)
        if len(revisions) == 1:
            # A lone revision is its whole history (a record first seen, the common case of a
            # first sync): what the tree would give, without building one.
            only = revisions[0]
            record = None if only.get("deleted") else dict(only)
            return Resolution(record=record, leaves=[only["rev"]], head_rev=only["rev"])
    tree = revisions if isinstance(revisions, RevisionTree) else RevisionTree(revisions)
    leaf_revs = tree.leaves()
    if not leaf_revs:
        return Resolution(record=None, leaves=[])
    leaves = [tree.revisions[r] for r in leaf_revs]
    live = [leaf for leaf in leaves if not leaf.get("deleted")]
    flags: list[str] = []
    if not live:
        return Resolution(record=None, leaves=leaf_revs, head_rev=leaf_revs[-1])
    if len(live) < len(leaves):
        flags.append("delete_conflict")
    head = live[-1]
    if len(live) == 1:
        return Resolution(record=dict(head), leaves=leaf_revs, flags=flags, head_rev=head["rev"])

    kind = head.get("kind")
    envelope = {k: v for k, v in head.items() if k in ENVELOPE_FIELDS}
    if kind in MERGEABLE_KINDS:
        base_rev = tree.common_ancestor(leaf["rev"] for leaf in live)
        base = content_of(tree.revisions[base_rev]) if base_rev else {}
        merged, conflicts = _three_way(base, live)
        return Resolution(
            record={**envelope, **merged},
            leaves=leaf_revs,
            conflict=bool(conflicts),
            conflict_fields=conflicts,
            flags=flags,
            head_rev=head["rev"],
        )
    if kind == "note":
        cosigned = _merge_cosignatures(live)
        if cosigned is not None:
            return Resolution(record=cosigned, leaves=leaf_revs, flags=flags, head_rev=head["rev"])
    return Resolution(
        record=dict(head),
        leaves=leaf_revs,
        conflict=True,
        conflict_fields=_differing_fields(live) or ["(revision)"],
        flags=flags,
        head_rev=head["rev"],
    )
