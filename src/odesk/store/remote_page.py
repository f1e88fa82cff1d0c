"""Pulled pages: each received revision checked and serialised, then applied in one transaction.

Validating every received revision and making its stored JSON needs no database, so sync does it
(prepare_remote) for the next page on the thread that fetches it, while the store is still
writing the current page (SQLite runs without the GIL). ``Pulled.apply`` also takes a plain list
of changes and prepares it itself: both give the same store. Nothing received is ever dropped: a
revision that cannot be applied is kept in quarantine with the reason.

A page may also hold references to revisions this device pushed itself (``{"server_seq", "id",
"rev"}``, no record: odesk.server.pull's ``own=ref``): each must name a revision held here, which
then only learns its server_seq; if one is not held (a store restored from an older backup), the
page is refused whole with OwnRevisionsMissing, nothing written, and sync asks for full records.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from odesk.core.hlc import parse_hlc
from odesk.core.ids import utc_now
from odesk.core.integrity import note_fault
from odesk.core.records import ValidationError, validate
from odesk.core.revision_rules import MAX_CLOCK_SKEW
from odesk.store.connection import Db, dumps
from odesk.store.heads import REVISION_COLUMNS, Heads, revision_row
from odesk.store.identity import Identity


@dataclass
class RemotePage:
    """Changes of one pull page: valid revisions with their JSON, and the ones to quarantine."""

    valid: list[tuple[int | None, dict, str]] = field(default_factory=list)  # seq, record, json
    invalid: list[tuple[int | None, str, str]] = field(default_factory=list)  # seq, reason, json
    own: list[tuple[int | None, str, str]] = field(default_factory=list)  # seq, record id, rev


class OwnRevisionsMissing(Exception):
    """A pulled page referred to revisions of this device that this store does not hold."""


def _own_ref(change: dict) -> tuple[str, str] | None:
    """(record id, rev) of a reference to one of this device's own revisions, else None."""
    if "record" in change:
        return None
    record_id, rev = change.get("id"), change.get("rev")
    if isinstance(record_id, str) and isinstance(rev, str):
        return record_id, rev
    return None


def prepare_remote(changes: Iterable[Any]) -> RemotePage:
    """Validate each change's record (the client never trusts the server's bytes) and make its
    JSON once; a change that is not a valid revision is set aside with the reason."""
    page = RemotePage()
    for change in changes:
        record = change.get("record") if isinstance(change, dict) else None
        seq = change.get("server_seq") if isinstance(change, dict) else None
        seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else None
        ref = _own_ref(change) if isinstance(change, dict) else None
        if ref is not None:
            page.own.append((seq, *ref))
            continue
        try:
            if not isinstance(record, dict):
                raise ValidationError(None, "record", "must be an object")
            validate(record)
        except ValidationError as exc:
            page.invalid.append((seq, str(exc), dumps(record)))
            continue
        page.valid.append((seq, record, dumps(record)))
    return page


def revision_label(record: Any) -> str:
    """ "record <id> rev <rev>" of a kept revision, whatever shape it came in."""
    if not isinstance(record, dict):
        return "a received change that is not a record"
    return f"record {str(record.get('id'))[:64]} rev {str(record.get('rev'))[:64]}"


def _unappliable(record: dict, owner: str | None, owner_of: dict[str, str]) -> str | None:
    """Why a pulled revision cannot join this store's revisions (it is quarantined), or None.

    ``owner``: the record already holding the revision's rev here; ``owner_of``: rev -> record
    for every rev held (or added earlier in the page) that the page names."""
    record_id = record["id"]
    if owner is not None:
        # Revisions are kept by rev: applying it would hide one of the two records.
        return f"record {record_id}: rev {record['rev']} is already a revision of record {owner}"
    for parent in record["parent_revs"]:
        if owner_of.get(parent) != record_id:
            return f"record {record_id}: parent {parent} is not a revision of this record held here"
    return None


# Read from the index revisions_rev_owner alone (schema v4): the rows are not decrypted.
_HELD = (
    "SELECT rev, record_id, server_seq IS NULL FROM revisions INDEXED BY revisions_rev_owner"
    " WHERE rev IN (SELECT value FROM json_each(?))"
)


class Pulled:
    """Applies pulled pages and keeps what cannot be applied in quarantine."""

    # Records never seen before (every record of a first pull) take a fast path in apply;
    # tests turn it off to check both paths leave exactly the same store.
    new_records_fast = True

    def __init__(self, db: Db, identity: Identity, heads: Heads) -> None:
        self._db = db
        self._identity = identity
        self._heads = heads

    def apply(self, changes: Iterable[dict] | RemotePage, cursor: Any) -> set[str]:
        """Add pulled revisions and save the new cursor (meta "cursor") in one transaction.

        Known revisions are skipped (re-delivery changes nothing); an invalid one is kept aside in
        quarantine rather than applied or dropped. Returns the ids of records that changed.
        ``changes`` may come already checked by prepare_remote (off the lock).
        """
        page = changes if isinstance(changes, RemotePage) else prepare_remote(changes)
        now = utc_now()
        with self._db.tx() as conn:
            valid = page.valid
            quarantine: list[tuple[Any, ...]] = [
                (seq, reason, text, now) for seq, reason, text in page.invalid
            ]
            # What the store already holds, asked once a page rather than once a revision:
            # which record holds each rev the page names (its own and its parents).
            holding = {
                rev: (record_id, unnumbered)
                for rev, record_id, unnumbered in self._db.known(
                    _HELD,
                    {r["rev"] for _, r, _ in valid}
                    | {p for _, r, _ in valid for p in r["parent_revs"]}
                    | {rev for _, _, rev in page.own},
                )
            }
            missing = sum(holding.get(rev, ("",))[0] != record_id for _, record_id, rev in page.own)
            if missing:
                raise OwnRevisionsMissing(f"{missing} of this device's revisions are not held")
            owner_of = {rev: record_id for rev, (record_id, _) in holding.items()}
            kinds: dict[str, str] = dict(
                self._db.known(
                    "SELECT id, kind FROM records WHERE id IN (SELECT value FROM json_each(?))",
                    {r["id"] for _, r, _ in valid},
                )
            )
            seen_before = set(kinds)
            histories: dict[str, list[dict]] = {}  # note id -> revisions held so far
            texts: dict[str, str] = {}  # rev -> stored JSON of each revision added now
            added: dict[str, list[dict]] = {}  # record id -> its revisions added now
            rows: list[tuple[Any, ...]] = []
            # Only those still without their number are written (most were numbered by the
            # push's answer).
            seqs = [(seq, rev) for seq, _, rev in page.own if seq is not None and holding[rev][1]]
            hlcs: list[str] = []
            for seq, record, text in valid:
                rev, record_id = record["rev"], record["id"]
                owner = owner_of.get(rev)
                if owner == record_id:
                    if seq is not None:
                        seqs.append((seq, rev))
                    continue
                reason = _unappliable(record, owner, owner_of)
                if reason is None and kinds.setdefault(record_id, record["kind"]) != record["kind"]:
                    reason = f"record {record_id}: kind: differs from earlier revisions"
                if reason is not None:
                    quarantine.append((seq, reason, text, now))
                    continue
                if record["kind"] == "note":
                    # A signed note stays as signed, whatever a peer or server sends: a revision
                    # that changes it is kept aside, never applied (odesk.core.integrity).
                    history = histories.get(record_id)
                    if history is None:
                        held = record_id in seen_before
                        history = self._heads.revisions_of(record_id) if held else []
                        histories[record_id] = history
                    fault = note_fault(record, history, str(record.get("updated_by")))
                    if fault is not None:
                        quarantine.append((seq, f"record {record_id}: {fault}", text, now))
                        continue
                    history.append(record)
                owner_of[rev] = record_id
                texts[rev] = text
                rows.append(revision_row(record, False, seq, now, text))
                added.setdefault(record_id, []).append(record)
                hlcs.append(record["hlc"])
            self._observe_latest(hlcs)
            if quarantine:
                conn.executemany(
                    "INSERT INTO quarantine(server_seq, reason, json, received_at)"
                    " VALUES (?, ?, ?, ?)",
                    quarantine,
                )
            self._db.insert_all(REVISION_COLUMNS, rows)
            if seqs:  # after the insert: a revision delivered twice in this page counts too
                conn.executemany(
                    "UPDATE revisions SET server_seq = ? WHERE rev = ? AND server_seq IS NULL",
                    seqs,
                )
            self._refresh_heads(added, kinds, seen_before, texts)
            self._db.meta_put("cursor", cursor)
        return set(added)

    def _refresh_heads(
        self,
        added: dict[str, list[dict]],
        kinds: dict[str, str],
        seen_before: set[str],
        texts: dict[str, str],
    ) -> None:
        """The views of every record the page added to: records held before are recomputed
        from the database, new ones from the page alone."""
        # Notes first, so an addendum arriving in the same page finds its note's network.
        for notes in (True, False):
            fresh: list[tuple[str, list[dict]]] = []
            for record_id, revisions in added.items():
                if (kinds[record_id] == "note") != notes:
                    continue
                if record_id in seen_before or not self.new_records_fast:
                    self._heads.refresh(record_id)
                else:
                    fresh.append((record_id, revisions))
            self._heads.add_new(fresh, texts)

    def _observe_latest(self, hlcs: list[str]) -> None:
        """Move the clock past a page of remote clocks: observing the latest one is enough (the
        clock then stands past every one of them) and costs one observation instead of a page."""
        latest: tuple[tuple[int, int], str] | None = None
        # A clock far ahead of ours (data from before the server refused it) is not followed:
        # every later edit here would carry it, and the server refuses clocks in the future.
        ahead = (time.time() + MAX_CLOCK_SKEW.total_seconds()) * 1000
        for hlc in hlcs:
            try:
                ms, counter, _ = parse_hlc(hlc)
            except ValueError:
                continue  # a malformed clock from a peer orders nothing
            if ms > ahead:
                continue
            if latest is None or (ms, counter) > latest[0]:
                latest = ((ms, counter), hlc)
        if latest is not None:
            self._identity.clock.observe(latest[1])

    def quarantined(self) -> list[dict]:
        """Received revisions this store could not apply, kept with the reason (listed by
        `odesk check`): [{server_seq, reason, record}], oldest first."""
        with self._db.guard() as conn:
            rows = conn.execute(
                "SELECT server_seq, reason, json FROM quarantine ORDER BY id"
            ).fetchall()
        return [{"server_seq": r[0], "reason": r[1], "record": json.loads(r[2])} for r in rows]

    def quarantine(self, record: Any, reason: str, server_seq: int | None = None) -> None:
        """Keep a received revision that cannot be applied aside, with a one-line reason.

        Nothing received is ever dropped: a pulled revision that breaks a rule (invalid, a rev
        of another record, unknown parents, a change to signed content) comes here instead of
        into `revisions`, stays until support looks at it, and is listed by `odesk check`.
        Call it inside or outside a transaction (store.transaction())."""
        line = " ".join(str(reason).split()) or "could not be applied"
        seq = (
            server_seq if isinstance(server_seq, int) and not isinstance(server_seq, bool) else None
        )
        with self._db.tx() as conn:
            conn.execute(
                "INSERT INTO quarantine(server_seq, reason, json, received_at) VALUES (?, ?, ?, ?)",
                (seq, line, dumps(record), utc_now()),
            )
