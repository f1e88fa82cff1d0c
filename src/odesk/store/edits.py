"""Local writes: save, delete and import, each checked against the record model first.

Every write stores the revision, recomputes the record's head (odesk.store.heads), appends the
outbox entry and refreshes the full-text index in ONE transaction. A revision that has never
been offered to the server is amended in place (autosave); once pushed, the next edit makes a
new revision. An edit the record model forbids is refused at once, offline, with the reason the
server would give (odesk.core.integrity, clinical_rules, reference_rules).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from odesk.core.clinical_rules import clinical_fault
from odesk.core.ids import new_id, utc_now
from odesk.core.integrity import (
    CORRECTION_UNSIGNED,
    correction_fault,
    effective_meeting,
    frozen_meeting_fault,
    is_signed_note,
    note_fault,
)
from odesk.core.merge import Resolution, resolve
from odesk.core.records import ValidationError, content_of, validate
from odesk.core.reference_rules import meeting_fault, scale_fault
from odesk.core.revision_rules import metadata_fault
from odesk.core.revs import generation, new_rev
from odesk.store.audit import Audit
from odesk.store.connection import Db, dumps
from odesk.store.errors import InvalidEdit
from odesk.store.heads import Heads
from odesk.store.identity import Identity
from odesk.store.outbox import Outbox


class Edits:
    """This device's own changes to records."""

    def __init__(
        self, db: Db, identity: Identity, heads: Heads, outbox: Outbox, audit: Audit
    ) -> None:
        self._db = db
        self._identity = identity
        self._heads = heads
        self._outbox = outbox
        self._audit = audit

    def save(self, record: dict) -> dict:
        """Store a local edit and return the stored revision.

        ``record`` holds ``kind`` and the kind's fields. No ``id``: a new record. ``rev``: the
        revision this edit is based on. ``parent_revs`` (different from the base revision's own
        parents, e.g. every leaf of a conflict): a merge revision. Envelope fields given are
        otherwise ignored. Raises core ValidationError for bad fields, InvalidEdit for an edit
        the record model forbids.
        """
        if not isinstance(record, dict):
            raise InvalidEdit("a record must be an object")
        return self._write(record, deleted=bool(record.get("deleted")))

    def delete(self, record_id: str) -> dict:
        """Write a tombstone revision whose parents are every leaf; returns it."""
        with self._db.tx():
            revisions = self._heads.revisions_of(record_id)
            if not revisions:
                raise InvalidEdit(f"record {record_id}: unknown record")
            res = resolve(revisions)
            if res.record is None:  # already deleted: nothing to add
                return {r["rev"]: r for r in revisions}[res.head_rev or res.leaves[-1]]
            base = res.record
            return self._write(
                {
                    **content_of(base),
                    "id": record_id,
                    "kind": base["kind"],
                    "parent_revs": list(res.leaves),
                },
                deleted=True,
            )

    def _parents(
        self, record: dict, revisions: list[dict], res: Resolution | None, deleted: bool
    ) -> tuple[list[str], bool]:
        """The parents of the edit's revision, and whether they were given explicitly (a
        merge) rather than taken from the base revision."""
        record_id = record.get("id")
        by_rev = {r["rev"]: r for r in revisions}
        base_rev = record.get("rev")
        given_parents = record.get("parent_revs")
        if revisions and revisions[0]["kind"] != record.get("kind"):
            raise InvalidEdit(f"record {record_id}: kind cannot change")
        if base_rev is not None and base_rev not in by_rev:
            raise InvalidEdit(
                f"record {record_id or '?'}: rev {base_rev} is not a revision of this record"
            )
        explicit = given_parents is not None and (
            base_rev is None or list(given_parents) != by_rev[base_rev].get("parent_revs")
        )
        if explicit:
            if not isinstance(given_parents, list) or not given_parents:
                raise InvalidEdit(f"record {record_id}: parent_revs must list revisions")
            unknown = [p for p in given_parents if p not in by_rev]
            if unknown:
                raise InvalidEdit(
                    f"record {record_id}: parent_revs: {unknown[0]} is not a revision of"
                    " this record"
                )
            return sorted(set(given_parents), key=lambda r: (generation(r), r)), True
        if base_rev is not None:
            assert res is not None
            multi = len(res.leaves) > 1
            # An edit of an automatically merged view is a merge of every leaf it shows.
            if multi and not res.conflict and base_rev == res.head_rev:
                return list(res.leaves), False
            return [base_rev], False
        if revisions:
            raise InvalidEdit(
                f"record {record_id}: rev (the revision this edit is based on) is required"
            )
        if deleted:
            raise InvalidEdit(f"record {record_id or '?'}: cannot delete an unknown record")
        return [], False

    def _write(self, record: dict, *, deleted: bool) -> dict:
        kind = record.get("kind")
        record_id = record.get("id")
        content = content_of(record)
        who = self._identity
        with self._db.tx():
            revisions = self._heads.revisions_of(record_id) if isinstance(record_id, str) else []
            by_rev = {r["rev"]: r for r in revisions}
            res = resolve(revisions) if revisions else None
            parents, explicit = self._parents(record, revisions, res, deleted)
            if record_id is None:
                record_id = new_id()
            amend = (
                not explicit
                and len(parents) == 1
                and res is not None
                and self._outbox.amendable(parents[0], res.leaves)
            )
            now = utc_now()
            first = revisions[0] if revisions else None
            if amend:
                kept = by_rev[parents[0]]
                rev, parent_revs = kept["rev"], kept["parent_revs"]
            else:
                rev, parent_revs = new_rev(parents), parents
            revision = {
                "id": record_id,
                "kind": kind,
                "rev": rev,
                "parent_revs": parent_revs,
                "deleted": deleted,
                "created_at": first["created_at"] if first else now,
                "created_by": first["created_by"] if first else who.user_id,
                "updated_at": now,
                "updated_by": who.user_id,
                "device_id": who.device_id,
                "hlc": who.clock.tick(),
                **content,
            }
            validate(revision)
            self._check_edit_rules(revision, revisions, amend)
            clinical = clinical_fault(revision, [by_rev[p] for p in parent_revs], datetime.now(UTC))
            if clinical is not None:
                raise ValidationError(record_id, *clinical)
            self._check_references(revision)
            if amend:
                self._db.conn().execute(
                    "UPDATE revisions SET json = ?, hlc = ?, deleted = ? WHERE rev = ?",
                    (dumps(revision), revision["hlc"], int(deleted), rev),
                )
            else:
                self._heads.insert_local(revision)
                self._outbox.append(revision)
            self._heads.refresh(
                record_id,
                [r for r in revisions if r["rev"] != rev] + [revision],
            )
            was_signed = any(by_rev[p].get("state") == "signed" for p in parents)
            if kind == "note" and revision.get("state") == "signed" and not was_signed:
                self._audit.append("sign", record_id)
            return revision

    def _check_references(self, revision: dict) -> None:
        """The meeting a record names is held, and a rating fits a scale the server serves."""
        reference = meeting_fault(revision, self._heads.kind_and_network)
        served = self._db.meta_read("scales") if revision["kind"] == "rating" else None
        if reference is None and isinstance(served, list):
            # The scales the server serves (kept at enrolment and each sync).
            reference = scale_fault(revision, [s for s in served if isinstance(s, dict)])
        if reference is not None:
            raise ValidationError(revision["id"], *reference.split(": ", 1))

    def import_revisions(self, revisions: Iterable[dict]) -> int:
        """Add complete revisions (an odesk-records file) as this device's own changes (their
        device_id becomes this device's).

        All or nothing: every revision is validated, stored with heads, outbox and index in one
        transaction. A revision already known is skipped. Returns how many were new. Raises
        ValidationError naming the record and field of the first bad one.
        """
        # Each becomes a change this device sends: the server takes a revision's device_id only
        # from the device pushing it (docs/protocol.md), so it is this device's (the enrolled one
        # after set_identity, when imported before enrolment).
        items = [
            {**item, "device_id": self._identity.device_id} if isinstance(item, dict) else item
            for item in revisions
        ]
        for item in items:
            validate(item)
        added = 0
        clock = datetime.now(UTC)
        with self._db.tx() as conn:
            touched: set[str] = set()
            sealed: set[str] = set()  # meetings a signed note of this file seals
            for item in items:
                row = conn.execute(
                    "SELECT record_id, kind FROM revisions WHERE rev = ?", (item["rev"],)
                ).fetchone()
                if row:
                    if row[0] != item["id"]:
                        raise InvalidEdit(
                            f"record {item['id']}: rev {item['rev']} belongs to record {row[0]}"
                        )
                    continue
                self._check_import(item, clock, sealed)
                if is_signed_note(item) and isinstance(item.get("meeting_id"), str):
                    sealed.add(item["meeting_id"])
                self._heads.insert_local(item)
                self._outbox.append(item)
                self._identity.clock.observe(item["hlc"])
                touched.add(item["id"])
                added += 1
            for record_id in touched:
                self._heads.refresh(record_id)
            if added:
                self._audit.append("import", None)
        return added

    def _check_import(self, item: dict, clock: datetime, sealed: set[str]) -> None:
        """The rules an imported revision meets before anything of the file is kept."""
        # Who wrote it is the server's to check when it is pushed; its place in the record's
        # history and its clocks are checked here.
        held = self._heads.revisions_of(item["id"])
        fault = metadata_fault(item, held, user_id=None, device_id=None, now=clock)
        if fault is not None:
            raise InvalidEdit(f"record {item['id']}: {fault}")
        parents = [r for r in held if r["rev"] in item["parent_revs"]]
        clinical = clinical_fault(item, parents, clock)
        if clinical is not None:
            raise ValidationError(item["id"], *clinical)
        known = self._heads.kind_and_network(item["id"])
        if known and known[0] != item["kind"]:
            raise InvalidEdit(f"record {item['id']}: kind cannot change")
        # The file's revisions meet the same rules as an edit: a signed note stays as signed,
        # and a co-signature new to this laptop is this user's own (each imported revision
        # becomes this device's change; whatever its updated_by claims, a colleague's
        # co-signature reaches this laptop only by sync, from her device).
        history = self._heads.revisions_of(item["id"])
        fault = self._integrity_fault(item, history, self._identity.user_id, sealed)
        if fault is None and history and item["kind"] in ("addendum", "meeting_correction"):
            fault = f"{item['kind'].replace('_', ' ')} never changes once written"
        if fault is not None:
            raise InvalidEdit(f"record {item['id']}: {fault}")

    def _check_edit_rules(self, revision: dict, history: list[dict], amend: bool) -> None:
        """The record model's rules for a local edit, refused at once (offline) with the reason
        the server would give (odesk.core.integrity)."""
        record_id, kind = revision["id"], revision["kind"]
        if kind in ("addendum", "meeting_correction") and revision["parent_revs"] and not amend:
            what = "an addendum" if kind == "addendum" else "a meeting correction"
            raise InvalidEdit(f"record {record_id}: {what} never changes once written")
        fault = self._integrity_fault(revision, history, self._identity.user_id)
        if fault is not None:
            raise InvalidEdit(f"record {record_id}: {fault}")

    def _integrity_fault(
        self,
        revision: dict,
        history: list[dict],
        pusher: str,
        sealed: set[str] | frozenset[str] = frozenset(),
    ) -> str | None:
        """Why ``revision`` may not join ``history`` under the rules of signed notes and frozen
        meetings, written by user ``pusher``; None when it may. ``sealed``: meetings known to
        have a signed note besides those the store's records say."""
        if revision["kind"] == "note":
            return note_fault(revision, history, pusher, datetime.now(UTC))
        if (
            revision["kind"] == "meeting"
            and history
            and (revision["id"] in sealed or self._meeting_sealed(revision))
        ):
            return frozen_meeting_fault(revision, history)
        if revision["kind"] == "meeting_correction" and not history and not revision["deleted"]:
            meeting = {"id": revision.get("meeting_id"), "network_id": revision.get("network_id")}
            if meeting["id"] not in sealed and not self._meeting_sealed(meeting):
                return CORRECTION_UNSIGNED
            facts = self._corrected_meeting(str(meeting["id"]))
            if facts is not None:
                return correction_fault(revision, facts, datetime.now(UTC))
        return None

    def _corrected_meeting(self, meeting_id: str) -> dict | None:
        """The meeting's facts with the corrections this store holds applied (None: unknown).

        A revision the server refused is not part of the meeting's facts (it is what a
        correction is about to replace), so the meeting is resolved without it."""
        refused = self._outbox.refused_revs(meeting_id)
        held = [r for r in self._heads.revisions_of(meeting_id) if r["rev"] not in refused]
        meeting = resolve(held).record if held else None
        if meeting is None or meeting.get("kind") != "meeting":
            return None
        corrections = [
            json.loads(r[0])
            for r in self._db.conn().execute(
                "SELECT head FROM records WHERE kind = 'meeting_correction' AND deleted = 0"
                " AND json_extract(head, '$.meeting_id') = ?",
                (meeting_id,),
            )
            if r[0]
        ]
        return effective_meeting(meeting, corrections)

    def _meeting_sealed(self, meeting: dict) -> bool:
        """Whether a note of this meeting is signed in any revision this store holds."""
        rows = (
            self._db.conn()
            .execute(
                "SELECT json FROM revisions WHERE kind = 'note' AND deleted = 0 AND record_id IN"
                " (SELECT id FROM records WHERE kind = 'note' AND network_id IS ?)"
                " AND json_extract(json, '$.meeting_id') = ?"
                " AND json_extract(json, '$.state') = 'signed'",
                (meeting.get("network_id"), meeting["id"]),
            )
            .fetchall()
        )
        return any(is_signed_note(json.loads(r[0])) for r in rows)
