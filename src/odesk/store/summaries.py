"""The network list's rows, kept by the store: one summary row per live network.

A row holds exactly what the list shows and filters on — the person's name, status, urgency,
referral time, team, key practitioners, creator, the first held meeting as corrected (the
24-hour referral clock) and the number of notes with a safeguarding concern no review has addressed — so the list
opens with one SELECT instead of parsing every network, meeting and note.

How the rows stay true: triggers on `records` (schema 3) put the network of every row that
changes and may count in a summary (the network, a held meeting, a meeting correction, a note
with a concern or in conflict, a review marking a concern addressed) into `summary_dirty`; before a transaction
commits, `Db.tx` (odesk.store.connection) calls `flush`, which recomputes those networks' rows
from the records' current views and empties the table. So every local write, import, withdrawal
and pulled page brings the rows up to date in its own transaction, and no code path that changes
`records` can forget to. The rules are the ones every other screen uses:
odesk.core.first_meeting.first_meeting_at for the clock and odesk.core.safeguarding for the flag.
``stale`` lets `odesk check` report rows that differ from their records.

Use ``Store.network_summaries(limit=, offset=)``: rows newest referral first (ties in the order
the networks were first stored), as NetworkSummary.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from odesk.core.ids import parse_time

# What computes a row (odesk.core.first_meeting, .integrity, .safeguarding) is imported by the
# functions that compute rows, on a store's first write: opening a store and reading its rows
# (the desktop app's start-up, until its list is on screen) needs none of it.

# The partial indexes' conditions, written once: a query uses such an index only when its WHERE
# has the same terms.
_HELD = "kind = 'meeting' AND json_extract(head, '$.status') = 'held' AND deleted = 0"
_START = "json_extract(head, '$.start')"
_PLANNED = "json_extract(head, '$.planned_start')"
_CONCERN = (
    "kind = 'note' AND json_extract(head, '$.safety.safeguarding_concern') = 1 AND deleted = 0"
)


@dataclass(frozen=True)
class NetworkSummary:
    """One network as the list shows it (no clinical text: names, states, times, counts)."""

    id: str
    name: str  # "Name (Preferred)"
    status: str
    urgency: str
    received_at: str
    team_id: str
    key_practitioner_ids: tuple[str, ...]
    created_by: str
    first_meeting: datetime | None  # the first held meeting; None: the clock still runs
    safeguarding: int = 0  # notes whose safeguarding concern no review has marked addressed

    @property
    def waiting(self) -> bool:
        return self.status == "open" and self.first_meeting is None

    def received(self) -> datetime | None:
        try:
            return parse_time(self.received_at)
        except ValueError:
            return None


def summary_of(network: dict, held_meetings: Iterable[dict], open_concerns: int) -> NetworkSummary:
    from odesk.core.first_meeting import first_meeting_at

    person = network.get("person") or {}
    referral = network.get("referral") or {}
    name = person.get("name") or ""
    if person.get("preferred_name"):
        name = f"{name} ({person['preferred_name']})"
    return NetworkSummary(
        id=network["id"],
        name=name,
        status=network.get("status") or "open",
        urgency=referral.get("urgency") or "routine",
        received_at=referral.get("received_at") or "",
        team_id=network.get("team_id") or "",
        key_practitioner_ids=tuple(network.get("key_practitioner_ids") or ()),
        created_by=network.get("created_by") or "",
        first_meeting=first_meeting_at(held_meetings),
        safeguarding=open_concerns,
    )


def create_schema(db: Any) -> None:
    """Schema 3: the rows, the dirty set and its triggers, filled from the records held."""
    statements = [
        # num: the network's records.num, so ties in referral time keep the order of storing.
        """CREATE TABLE network_summaries (
            num INTEGER PRIMARY KEY,
            network_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            urgency TEXT NOT NULL,
            received_at TEXT NOT NULL,
            team_id TEXT NOT NULL,
            key_practitioner_ids TEXT NOT NULL,
            created_by TEXT NOT NULL,
            first_meeting TEXT,
            safeguarding INTEGER NOT NULL
        )""",
        # The list's order, so its first screenful is read without sorting the rest.
        "CREATE INDEX network_summaries_order ON network_summaries(received_at DESC, num)",
        # No key: a trigger's INSERT OR IGNORE takes the conflict policy of the statement that
        # fired it (an upsert's is ABORT), so repeats are kept and read back DISTINCT.
        "CREATE TABLE summary_dirty (network_id TEXT NOT NULL)",
        # A network's held meetings (with their times) and flagged notes, found without reading
        # or parsing its other records: a first pull touches a network on many pages, and each
        # time its rows are recomputed.
        f"CREATE INDEX records_held_meetings ON records(network_id, {_START}, {_PLANNED})"
        f" WHERE {_HELD}",
        f"CREATE INDEX records_concern_notes ON records(network_id) WHERE {_CONCERN}",
        f"""CREATE TRIGGER summary_on_insert AFTER INSERT ON records
            WHEN {_may_count("NEW")} BEGIN
            {_mark("NEW")}
        END""",
        f"""CREATE TRIGGER summary_on_update AFTER UPDATE ON records
            WHEN {_may_count("OLD")} OR {_may_count("NEW")} BEGIN
            {_mark("OLD")}
            {_mark("NEW")}
        END""",
        f"""CREATE TRIGGER summary_on_delete AFTER DELETE ON records
            WHEN {_may_count("OLD")} BEGIN
            {_mark("OLD")}
        END""",
    ]
    for sql in statements:
        db.execute(sql)
    refresh(db.conn, None)


def _may_count(row: str) -> str:
    """SQL: whether a `records` row (NEW or OLD in a trigger) may count in its network's summary
    row — the network itself, a live held meeting, a live note with a concern or in conflict, a
    live review marking a concern addressed. A change to a row that counts neither before nor
    after changes no summary, so a draft's autosave or a planned meeting costs nothing here.
    Wider than the rules themselves (odesk.core.safeguarding decides in ``refresh``)."""
    return (
        f"({row}.kind IN ('network', 'meeting_correction') OR ({row}.deleted = 0 AND ("
        f"({row}.kind = 'meeting' AND json_extract({row}.head, '$.status') = 'held')"
        f" OR ({row}.kind = 'note' AND ({row}.conflict = 1"
        f" OR json_extract({row}.head, '$.safety.safeguarding_concern') = 1))"
        f" OR ({row}.kind = 'review'"
        f" AND json_extract({row}.head, '$.safeguarding_addressed') = 1))))"
    )


def _mark(row: str) -> str:
    """SQL: put the row's network in the dirty set; for a review, also its note's network (a
    review addresses a note by id, whatever network the review names)."""
    return (
        f"INSERT INTO summary_dirty SELECT {row}.network_id WHERE {row}.network_id IS NOT NULL;"
        " INSERT INTO summary_dirty SELECT network_id FROM records"
        f" WHERE {row}.kind = 'review' AND id = json_extract({row}.head, '$.note_id')"
        " AND network_id IS NOT NULL;"
    )


def flush(conn: Any) -> None:
    """Recompute the rows of the networks marked since the last flush (inside the caller's
    transaction, just before it commits)."""
    ids = [r[0] for r in conn.execute("SELECT DISTINCT network_id FROM summary_dirty").fetchall()]
    if not ids:
        return
    refresh(conn, ids)
    conn.execute("DELETE FROM summary_dirty")


def refresh(conn: Any, network_ids: list[str] | None) -> None:
    """Recompute the rows of these networks (every network when None) from the records."""
    from odesk.core.safeguarding import open_by_network

    if network_ids is None:
        where, params = "", []
    else:
        where, params = (
            " AND network_id IN (SELECT value FROM json_each(?))",
            [json.dumps(network_ids)],
        )
    networks = conn.execute(
        "SELECT num, head FROM records WHERE kind = 'network' AND deleted = 0" + where, params
    ).fetchall()
    held: dict[str, list[dict]] = {}
    for network_id, start, planned in conn.execute(
        f"SELECT network_id, {_START}, {_PLANNED} FROM records INDEXED BY records_held_meetings"
        f" WHERE {_HELD}" + where,
        params,
    ):
        held.setdefault(network_id, []).append(
            {"status": "held", "start": start, "planned_start": planned}
        )
    held.update(_held_as_corrected(conn, where, params))
    notes = _notes_with_concern(conn, where, params)
    concerns = open_by_network(
        notes, _addressed(conn, [n["id"] for n in notes]) if notes else set()
    )
    rows = []
    for num, head in networks:
        network = json.loads(head)
        summary = summary_of(
            network, held.get(network["id"], ()), len(concerns.get(network["id"], ()))
        )
        rows.append(
            (
                num,
                summary.id,
                summary.name,
                summary.status,
                summary.urgency,
                summary.received_at,
                summary.team_id,
                json.dumps(list(summary.key_practitioner_ids)),
                summary.created_by,
                summary.first_meeting.isoformat() if summary.first_meeting else None,
                summary.safeguarding,
            )
        )
    if network_ids is None:
        conn.execute("DELETE FROM network_summaries")
    else:
        conn.execute(
            "DELETE FROM network_summaries WHERE network_id IN (SELECT value FROM json_each(?))",
            params,
        )
    conn.executemany(f"INSERT INTO network_summaries VALUES ({', '.join('?' * 11)})", rows)


def _held_as_corrected(conn: Any, where: str, params: list) -> dict[str, list[dict]]:
    """The held meetings of networks with a meeting correction, as corrected: a signed meeting's
    start or status is changed only by a correction, and the list's clock must read the same
    facts as the network page's (odesk.core.integrity.effective_meeting). Corrections are rare,
    so only their networks' meetings are read and parsed."""
    from odesk.core.integrity import effective_meeting

    corrections: dict[str, list[dict]] = {}
    for (head,) in conn.execute(
        "SELECT head FROM records WHERE kind = 'meeting_correction' AND deleted = 0" + where,
        params,
    ):
        correction = json.loads(head)
        corrections.setdefault(correction["network_id"], []).append(correction)
    if not corrections:
        return {}
    held: dict[str, list[dict]] = {network_id: [] for network_id in corrections}
    for network_id, head in conn.execute(
        "SELECT network_id, head FROM records WHERE kind = 'meeting' AND deleted = 0"
        " AND network_id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(corrections))],
    ):
        meeting = effective_meeting(json.loads(head), corrections[network_id])
        if meeting.get("status") == "held":
            held[network_id].append(meeting)
    return held


def stale(conn: Any) -> int:
    """How many networks' stored rows differ from their records now (for ``Store.check``):
    recomputed inside a savepoint that is then rolled back, so nothing changes."""
    everything = "SELECT * FROM network_summaries ORDER BY num"
    stored = conn.execute(everything).fetchall()
    conn.execute("SAVEPOINT summaries_check")
    try:
        refresh(conn, None)
        fresh = conn.execute(everything).fetchall()
    finally:
        conn.execute("ROLLBACK TO SAVEPOINT summaries_check")
        conn.execute("RELEASE SAVEPOINT summaries_check")
    changed = set(stored) ^ set(fresh)
    return len({row[0] for row in changed})


def _notes_with_concern(conn: Any, where: str, params: list[Any]) -> list[dict]:
    """Live notes of these networks with a concern on any side (odesk.core.safeguarding)."""
    from odesk.core.safeguarding import raised, raised_on_any_side

    notes = [
        note
        for (head,) in conn.execute(
            f"SELECT head FROM records INDEXED BY records_concern_notes WHERE {_CONCERN}" + where,
            params,
        )
        if raised(note := json.loads(head))
    ]
    seen = {n["id"] for n in notes}
    for record_id, head, leaves in conn.execute(
        "SELECT id, head, leaves FROM records WHERE kind = 'note' AND conflict = 1"
        " AND deleted = 0" + where,
        params,
    ).fetchall():
        if record_id in seen:
            continue
        note = json.loads(head)
        revs = json.loads(leaves)
        by_rev = {
            rev: json.loads(text)
            for rev, text in conn.execute(
                "SELECT rev, json FROM revisions WHERE rev IN (SELECT value FROM json_each(?))",
                (json.dumps(revs),),
            )
        }
        if raised_on_any_side(note, (by_rev.get(rev) for rev in revs)):
            notes.append(note)
    return notes


def _addressed(conn: Any, note_ids: list[str]) -> set[str]:
    """Which of these notes a live review marks addressed."""
    from odesk.core.safeguarding import addresses

    return {
        str(review.get("note_id"))
        for (head,) in conn.execute(
            "SELECT head FROM records WHERE kind = 'review' AND deleted = 0"
            " AND json_extract(head, '$.safeguarding_addressed') = 1"
            " AND json_extract(head, '$.note_id') IN (SELECT value FROM json_each(?))",
            (json.dumps(note_ids),),
        )
        if addresses(review := json.loads(head))
    }


def read(conn: Any, limit: int | None = None, offset: int = 0) -> list[NetworkSummary]:
    """Rows newest referral first; ``limit``/``offset`` page through them."""
    sql = (
        "SELECT network_id, name, status, urgency, received_at, team_id, key_practitioner_ids,"
        " created_by, first_meeting, safeguarding FROM network_summaries"
        " ORDER BY received_at DESC, num"
    )
    params: list[Any] = []
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if limit is None else max(0, int(limit)), max(0, int(offset))]
    return [
        NetworkSummary(
            id=r[0],
            name=r[1],
            status=r[2],
            urgency=r[3],
            received_at=r[4],
            team_id=r[5],
            key_practitioner_ids=tuple(json.loads(r[6])) if r[6] != "[]" else (),
            created_by=r[7],
            first_meeting=datetime.fromisoformat(r[8]) if r[8] else None,
            safeguarding=r[9],
        )
        for r in conn.execute(sql, params).fetchall()
    ]
