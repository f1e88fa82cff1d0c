"""Server tables (SQLAlchemy Core) and the ordered migrations that run at start.

Lists (roles, team ids) and record bodies are JSON text so one schema serves SQLite and
PostgreSQL alike. Times are ISO 8601 UTC strings of one format, so they compare as text.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
)

from odesk.server.db import write_tx

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

teams = Table(
    "teams",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("parent_id", String(128)),
    Column("created_at", String(40), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("profession", Text),
    Column("roles", Text, nullable=False),  # JSON list
    Column("team_ids", Text, nullable=False),  # JSON list
    Column("supervises_team_ids", Text, nullable=False),  # JSON list
    Column("created_at", String(40), nullable=False),
    # Disabled: the user's devices are revoked and no code enrols a new one until enabled.
    Column("disabled_at", String(40)),
    # Removed: disabled for good; the row stays so their records keep their attribution.
    Column("removed_at", String(40)),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("user_id", String(128), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("last_seen_at", String(40)),
    Column("revoked_at", String(40)),
    Column("audit_seq", BigInteger, nullable=False, default=0),
    Column("audit_hash", Text),
)

enrol_codes = Table(
    "enrol_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("user_id", String(128), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40)),
    Column("device_id", String(128)),
    # Hash of the enrolling device's attempt id: the same attempt may ask again for its answer.
    Column("claim_hash", String(64)),
    Column("withdrawn_at", String(40)),  # withdrawn by an administrator before it was used
)

revisions = Table(
    "revisions",
    metadata,
    Column("server_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("record_id", String(64), nullable=False),
    Column("rev", String(64), nullable=False),
    Column("change_id", String(128), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),  # 16 before m10 ("meeting_correction" is 18)
    Column("json", Text, nullable=False),
    Column("network_id", String(64)),
    Column("team_id", String(128), nullable=False),
    Column("device_id", String(128), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("received_at", String(40), nullable=False),
    UniqueConstraint("record_id", "rev", name="uq_revisions_record_rev"),
    Index("ix_revisions_team_seq", "team_id", "server_seq"),
    # Which record holds a rev: a push may not reuse another record's (schema m9).
    Index("ix_revisions_rev", "rev"),
    Index("ix_revisions_network_kind", "network_id", "kind"),
)

device_marks = Table(
    "device_marks",
    metadata,
    Column("device_id", String(128), primary_key=True),
    Column("epoch", String(64), nullable=False),
    Column("high_water", BigInteger, nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False, index=True),
    # The user id of a device's call; for the command line, the administrator (`--actor`).
    Column("actor", String(128), nullable=False),
    Column("device_id", String(128)),
    Column("action", String(64), nullable=False),
    Column("detail", Text, nullable=False),  # JSON: record ids, counts
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False, index=True),
    Column("kind", String(64), nullable=False),
    Column("device_id", String(128)),
    Column("user_id", String(128)),
    Column("message", Text, nullable=False),
)

device_audit = Table(
    "device_audit",
    metadata,
    Column("device_id", String(128), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", String(40)),
    Column("action", String(64)),
    Column("record_id", String(64)),
    Column("prev_hash", Text),
    Column("hash", Text, nullable=False),
    Column("received_at", String(40), nullable=False),
)

# Tables in the order a restore inserts them.
ALL_TABLES = (
    meta,
    teams,
    users,
    devices,
    enrol_codes,
    revisions,
    device_marks,
    audit,
    alerts,
    device_audit,
)


def new_epoch_value() -> str:
    return secrets.token_hex(8)


def _m1_initial(conn: Connection) -> None:
    # Databases made before m7 also got a `heads` table here, which m7 drops.
    metadata.create_all(conn, checkfirst=True)
    if get_meta(conn, "epoch") is None:
        set_meta(conn, "epoch", new_epoch_value())


def _m2_push_guard(conn: Connection) -> None:
    """PostgreSQL: `odesk_push_guard`, the check a push made under the sequence lock.

    Superseded by m7, which drops it where it was made; a new database goes straight to m7's
    functions.
    """


_M3_ARGS = (
    "(bigint, text, bigint, text[], text[], text, text, text, text[], text[], text[], text[],"
    " text[], text[], text[], bigint[], text[], text[], text[], text[], text[], text[],"
    " boolean[], boolean[], bigint, text)"
)


def _m3_push_write(conn: Connection) -> None:
    """PostgreSQL: a push's whole locked step in one call, with its rows as 16 arrays.

    Superseded by m5 (rows as one JSON document), then m7, which drops it where it was made; a
    new database goes straight to m7's functions.
    """


def _m4_enrol_claims(conn: Connection) -> None:
    """Enrolment codes keep a hash of the attempt that used them, so a device whose answer was
    lost on the way can ask again with the same attempt (databases made before this column)."""
    columns = {c["name"] for c in inspect(conn).get_columns("enrol_codes")}
    if "claim_hash" not in columns:
        conn.exec_driver_sql("ALTER TABLE enrol_codes ADD COLUMN claim_hash VARCHAR(64)")


def _m5_push_write_doc(conn: Connection) -> None:
    """PostgreSQL: `odesk_push_write_doc`, a push's whole locked step in one call with its rows
    as one JSON document, and `odesk_push_read`, everything a plan read in one statement.

    Superseded by m6 and m7, which drops both where they were made; a new database goes
    straight to m7's functions.
    """


def _m6_push_apply(conn: Connection) -> None:
    """PostgreSQL: `odesk_push_apply`, a leaner locked step that left to the unique indexes of
    `heads` and `revisions` what they caught anyway, and a new `odesk_push_read`.

    Superseded by m7, which drops both where they were made; a new database goes straight to
    m7's functions.
    """


_M6_APPLY_ARGS = "(bigint, text, bigint, text, text, text, jsonb, bigint, text)"


def _m7_revisions_only(conn: Connection) -> None:
    """The server keeps revisions only: the `heads` table goes, and with it every function
    that read or wrote it.

    A record's heads are computed by the push that needs them (odesk.server.push), from the
    record's revisions, which its plan reads anyway. Keeping a table of them up to date cost
    every push a row and an index entry a change, and their write-ahead log: about a fifth of
    the push rate with 50 devices (bench/server_bench.py, before and after). Nothing else read
    it. A server of an earlier version fails on this database instead of planning from a table
    no longer kept (packaging/OPERATIONS.md §8: stop them all before starting this one).

    PostgreSQL's two push statements (odesk.server.push_pg) become `odesk_push_lookup`, the
    plan's read, and `odesk_push_commit`, its locked write. The write's guard probes, under the
    lock, every record and linked record the plan read ("w": any revision of them newer than
    the plan's snapshot, `seen`, voids it, which covers a record created meanwhile) and the
    change ids it refused ("c"); a change id it writes that was committed meanwhile is a unique
    violation. Revision rows ("r") are arrays: record_id, rev, change_id, kind, json,
    network_id, team_id, device_seq. Both functions take their input as JSON text (psycopg dumps
    array parameters item by item in Python; the C encoder makes one text) and look rows up by
    key only, so they forbid sequential scans: a server filling fast (the first sync of a team)
    outgrows its table statistics long before autovacuum's next ANALYZE, and the planner would
    otherwise scan the whole table for every push. `odesk_push_commit` is VOLATILE, so each of
    its statements takes a fresh snapshot and sees every push committed before the lock was
    granted; it is called as one autocommit statement, so it commits at once.

    Earlier migrations (m2, m3, m5, m6) made the push functions this one drops; they are kept
    in the list, empty, so that every database counts its versions the same way.
    """
    conn.exec_driver_sql("DROP TABLE IF EXISTS heads")
    if conn.dialect.name == "sqlite":
        return
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS odesk_push_write" + _M3_ARGS)
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS odesk_push_apply" + _M6_APPLY_ARGS)
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS odesk_push_write_doc" + _M6_APPLY_ARGS)
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS odesk_push_read(jsonb, jsonb, jsonb)")
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS odesk_push_guard(text, bigint, text[], text[])")
    conn.exec_driver_sql(
        """
CREATE OR REPLACE FUNCTION odesk_push_commit(
    lock_key bigint, planned_epoch text, seen bigint, push_device text, push_user text,
    received text, doc jsonb, mark bigint, audit_detail text
) RETURNS TABLE (top bigint, high_water bigint) LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off AS $$
DECLARE
    newest bigint;
    settled bigint;
    watched text[];
    refused text[];
    r_record_id text[]; r_rev text[]; r_change_id text[]; r_kind text[]; r_json text[];
    r_network_id text[]; r_team_id text[]; r_device_seq bigint[];
BEGIN
    -- The document is taken apart before the lock: only the writes wait for it.
    watched := ARRAY(SELECT jsonb_array_elements_text(doc->'w'));
    refused := ARRAY(SELECT jsonb_array_elements_text(doc->'c'));
    SELECT array_agg(v->>0 ORDER BY o), array_agg(v->>1 ORDER BY o), array_agg(v->>2 ORDER BY o),
           array_agg(v->>3 ORDER BY o), array_agg(v->>4 ORDER BY o), array_agg(v->>5 ORDER BY o),
           array_agg(v->>6 ORDER BY o), array_agg((v->>7)::bigint ORDER BY o)
    INTO r_record_id, r_rev, r_change_id, r_kind, r_json, r_network_id, r_team_id, r_device_seq
    FROM jsonb_array_elements(doc->'r') WITH ORDINALITY AS r(v, o);
    PERFORM pg_advisory_xact_lock(lock_key);
    IF (SELECT value FROM meta WHERE key = 'epoch') IS DISTINCT FROM planned_epoch
        OR EXISTS (SELECT 1 FROM revisions WHERE record_id = ANY(watched) AND server_seq > seen)
        OR EXISTS (SELECT 1 FROM revisions WHERE change_id = ANY(refused) AND server_seq > seen)
    THEN
        RAISE EXCEPTION 'a push committed since this one was planned'
            USING ERRCODE = 'serialization_failure';
    END IF;
    newest := (SELECT coalesce(max(server_seq), 0) FROM revisions);
    INSERT INTO revisions (server_seq, record_id, rev, change_id, kind, json, network_id,
                           team_id, device_id, device_seq, user_id, received_at)
    SELECT newest + r.ord, r.record_id, r.rev, r.change_id, r.kind, r.json, r.network_id,
           r.team_id, push_device, r.device_seq, push_user, received
    FROM unnest(r_record_id, r_rev, r_change_id, r_kind, r_json, r_network_id, r_team_id,
                r_device_seq)
        WITH ORDINALITY AS r(record_id, rev, change_id, kind, json, network_id, team_id,
                             device_seq, ord);
    -- The guard has checked the epoch, so a stored mark of another epoch is simply replaced.
    INSERT INTO device_marks AS m (device_id, epoch, high_water)
    VALUES (push_device, planned_epoch, mark)
    ON CONFLICT (device_id) DO UPDATE SET
        epoch = excluded.epoch,
        high_water = CASE WHEN m.epoch = excluded.epoch
                          THEN greatest(m.high_water, excluded.high_water)
                          ELSE excluded.high_water END
    RETURNING m.high_water INTO settled;
    INSERT INTO audit (at, actor, device_id, action, detail)
    VALUES (received, push_user, push_device, 'push', audit_detail);
    RETURN QUERY SELECT newest, settled;
END
$$
"""
    )
    conn.exec_driver_sql(
        """
CREATE OR REPLACE FUNCTION odesk_push_lookup(change_ids jsonb, lookup_ids jsonb, record_ids jsonb)
RETURNS TABLE (epoch text, seen bigint, changes json, held json, revision_rows json)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
DECLARE
    found json;
    held_ids text[];
BEGIN
    -- One snapshot for every statement (a STABLE function's): the records found first say
    -- which of the push's own records have revisions to read. A record's kind, network and
    -- team are the same in all its revisions (odesk.server.rules: linking fields never
    -- change), so one index probe a record finds them, however many revisions it has.
    SELECT json_agg(json_build_array(l.record_id, l.kind, l.network_id, l.team_id)),
           array_agg(l.record_id) FILTER (
               WHERE l.record_id = ANY(ARRAY(SELECT jsonb_array_elements_text(record_ids))))
    INTO found, held_ids
    FROM jsonb_array_elements_text(lookup_ids) AS ids(id)
    CROSS JOIN LATERAL (SELECT record_id, kind, network_id, team_id FROM revisions
                        WHERE record_id = ids.id LIMIT 1) AS l;
    RETURN QUERY SELECT (SELECT value FROM meta WHERE key = 'epoch'),
      (SELECT max(server_seq) FROM revisions),
      (SELECT json_agg(json_build_array(change_id, server_seq, device_id)) FROM revisions
       WHERE change_id = ANY(ARRAY(SELECT jsonb_array_elements_text(change_ids)))),
      found,
      (SELECT json_agg(json_build_array(record_id, json)) FROM revisions
       WHERE held_ids IS NOT NULL AND record_id = ANY(held_ids));
END
$$
"""
    )


def _m8_accounts(conn: Connection) -> None:
    """Users can be disabled and removed (kept for their records' attribution), and enrolment
    codes withdrawn (databases made before these columns)."""
    for table, column in (
        ("users", "disabled_at"),
        ("users", "removed_at"),
        ("enrol_codes", "withdrawn_at"),
    ):
        if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(40)")


def _m9_rev_owners(conn: Connection) -> None:
    """A rev belongs to one record: devices key revisions by rev, so a second record pushed
    under another's rev would hide one of the two (issue 15). The push's read now also says
    which record holds each pushed rev, through an index on `rev` (not unique: a database may
    already hold such a pair, which `odesk-server admin check` lists and nothing removes).

    PostgreSQL's `odesk_push_lookup` takes the pushed revs as a fourth argument and answers
    their owners as a sixth column; the three-argument version is dropped.
    """
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_revisions_rev ON revisions (rev)")
    if conn.dialect.name == "sqlite":
        return
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS odesk_push_lookup(jsonb, jsonb, jsonb)")
    conn.exec_driver_sql(
        """
CREATE OR REPLACE FUNCTION odesk_push_lookup(
    change_ids jsonb, lookup_ids jsonb, record_ids jsonb, revs jsonb
) RETURNS TABLE (epoch text, seen bigint, changes json, held json, revision_rows json,
                 rev_owners json)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
DECLARE
    found json;
    held_ids text[];
BEGIN
    -- As m7's, with the records holding each pushed rev (ix_revisions_rev).
    SELECT json_agg(json_build_array(l.record_id, l.kind, l.network_id, l.team_id)),
           array_agg(l.record_id) FILTER (
               WHERE l.record_id = ANY(ARRAY(SELECT jsonb_array_elements_text(record_ids))))
    INTO found, held_ids
    FROM jsonb_array_elements_text(lookup_ids) AS ids(id)
    CROSS JOIN LATERAL (SELECT record_id, kind, network_id, team_id FROM revisions
                        WHERE record_id = ids.id LIMIT 1) AS l;
    RETURN QUERY SELECT (SELECT value FROM meta WHERE key = 'epoch'),
      (SELECT max(server_seq) FROM revisions),
      (SELECT json_agg(json_build_array(change_id, server_seq, device_id)) FROM revisions
       WHERE change_id = ANY(ARRAY(SELECT jsonb_array_elements_text(change_ids)))),
      found,
      (SELECT json_agg(json_build_array(record_id, json)) FROM revisions
       WHERE held_ids IS NOT NULL AND record_id = ANY(held_ids)),
      (SELECT json_agg(json_build_array(rev, record_id)) FROM revisions
       WHERE rev = ANY(ARRAY(SELECT jsonb_array_elements_text(revs))));
END
$$
"""
    )


def _m10_meeting_corrections(conn: Connection) -> None:
    """Room for the `meeting_correction` kind (the kind column was 16 characters), and an index
    to find a network's notes: a pushed meeting is frozen once a note of it is signed
    (odesk.server.rules.check_meeting_frozen)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE revisions ALTER COLUMN kind TYPE VARCHAR(32)")
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_revisions_network_kind ON revisions (network_id, kind)"
    )


_M7_COMMIT_ARGS = "(bigint, text, bigint, text, text, text, jsonb, bigint, text)"


def _m11_push_columns(conn: Connection) -> None:
    """PostgreSQL: `odesk_push_commit` takes a plan's rows as columns, and their record texts
    as one text, instead of one jsonb document; m7's signature is dropped.

    m7's document was built by PostgreSQL as a jsonb of about 35 KB for a 50-change push, whose
    record texts are escaped JSON strings inside it, then taken apart by eight ordered
    array_aggs and put back together by unnest: about 3 µs of PostgreSQL's CPU a change, a
    tenth of its share of a push (bench/server_cost.py, before and after). Now each short
    column (record_id, rev, change_id, kind, network_id, team_id, device_seq) is a JSON array
    of its own, a short text lexed once, and the record texts are joined by the character
    U+001E, which no JSON text can hold (RFC 8259 allows no control character unescaped, in a
    string or out of one; RFC 7464 separates JSON texts with it for that reason), so
    `string_to_table` cuts them apart without reading them as JSON. The columns are read side by
    side (ROWS FROM ... WITH ORDINALITY: the n-th item of each, numbered in order) by the
    INSERT itself, under the lock: so cheap a reading costs less there than staging it in
    arrays before the lock, as m7 did (measured both ways). Should the columns ever disagree in
    length, ROWS FROM pads the shorter with NULLs, which the NOT NULL columns refuse, so nothing
    is written.

    Everything else is m7's: the sequence lock is held from the guard to the commit; the guard
    probes the records and linked records the plan read (`watched`, any revision newer than
    `seen` voids the plan) and the change ids it refused (`refused`), both JSON arrays, and
    raises serialization_failure; a change id committed meanwhile is a unique violation; rows
    are numbered after the newest server_seq in their order; the device mark and audit row are
    written in the same statement, which is called alone in autocommit and so commits at once.
    It forbids sequential scans (m7: a fast-filling table outgrows its statistics, and a
    planner left to them would scan it for every push's guard); the SET clause costs nothing
    measurable (a version without it was as cheap until its guard scanned the table).

    `odesk_push_lookup` stays m9's: its argument types (json rather than jsonb), a DISTINCT ON
    instead of its LATERAL probe and dropping its SET clause each measured within noise.
    """
    if conn.dialect.name == "sqlite":
        return
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS odesk_push_commit" + _M7_COMMIT_ARGS)
    conn.exec_driver_sql(
        """
CREATE OR REPLACE FUNCTION odesk_push_commit(
    lock_key bigint, planned_epoch text, seen bigint, push_device text, push_user text,
    received text, watched json, refused json, record_ids json, revs json, change_ids json,
    kinds json, network_ids json, team_ids json, device_seqs json, texts text, mark bigint,
    audit_detail text
) RETURNS TABLE (top bigint, high_water bigint) LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off AS $$
DECLARE
    newest bigint;
    settled bigint;
    watched_ids text[] := ARRAY(SELECT json_array_elements_text(watched));
    refused_ids text[] := ARRAY(SELECT json_array_elements_text(refused));
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    IF (SELECT value FROM meta WHERE key = 'epoch') IS DISTINCT FROM planned_epoch
        OR EXISTS (SELECT 1 FROM revisions
                   WHERE record_id = ANY(watched_ids) AND server_seq > seen)
        OR EXISTS (SELECT 1 FROM revisions
                   WHERE change_id = ANY(refused_ids) AND server_seq > seen)
    THEN
        RAISE EXCEPTION 'a push committed since this one was planned'
            USING ERRCODE = 'serialization_failure';
    END IF;
    newest := (SELECT coalesce(max(server_seq), 0) FROM revisions);
    INSERT INTO revisions (server_seq, record_id, rev, change_id, kind, json, network_id,
                           team_id, device_id, device_seq, user_id, received_at)
    SELECT newest + r.ord, r.record_id, r.rev, r.change_id, r.kind, r.json, r.network_id,
           r.team_id, push_device, r.device_seq::bigint, push_user, received
    FROM ROWS FROM (json_array_elements_text(record_ids), json_array_elements_text(revs),
                    json_array_elements_text(change_ids), json_array_elements_text(kinds),
                    string_to_table(texts, chr(30)), json_array_elements_text(network_ids),
                    json_array_elements_text(team_ids), json_array_elements_text(device_seqs))
        WITH ORDINALITY AS r(record_id, rev, change_id, kind, json, network_id, team_id,
                             device_seq, ord);
    -- The guard has checked the epoch, so a stored mark of another epoch is simply replaced.
    INSERT INTO device_marks AS m (device_id, epoch, high_water)
    VALUES (push_device, planned_epoch, mark)
    ON CONFLICT (device_id) DO UPDATE SET
        epoch = excluded.epoch,
        high_water = CASE WHEN m.epoch = excluded.epoch
                          THEN greatest(m.high_water, excluded.high_water)
                          ELSE excluded.high_water END
    RETURNING m.high_water INTO settled;
    INSERT INTO audit (at, actor, device_id, action, detail)
    VALUES (received, push_user, push_device, 'push', audit_detail);
    RETURN QUERY SELECT newest, settled;
END
$$
"""
    )


def _m12_lookup_plan_kept(conn: Connection) -> None:
    """PostgreSQL: `odesk_push_lookup` reads the revisions of the push's held records in a
    statement of their own, run only when it holds some, so that its other statement is no
    longer planned again at every call.

    plpgsql plans a statement for its first five calls on a connection with their values, then
    keeps one plan for any values unless that plan is estimated dearer than the ones made for
    values. m9's second statement also read the held records' revisions, a probe that folds
    away when the push holds none (new records); once `revisions` had statistics (autovacuum
    analyses it soon after a server starts filling), the plan kept for any values was dearer
    than one for those, so the statement was planned for every push: about 2.3 µs of
    PostgreSQL's CPU a change of 50 new records (bench/server_cost.py with `ANALYZE revisions`
    after its warm-up; pg_stat_statements with track_planning: 361 plans for 360 calls). Split,
    neither statement folds anything away, and the plans are kept. Forcing kept plans instead
    (`plan_cache_mode = force_generic_plan`) is not safe: a plan made at a connection's first
    call, on a nearly empty table, probed the pushed revs by a full scan of
    `uq_revisions_record_rev` (sequential scans are forbidden, full index scans are not), 200 µs
    a change within a few thousand rows.

    Same arguments and answers as m9's.
    """
    if conn.dialect.name == "sqlite":
        return
    conn.exec_driver_sql(
        """
CREATE OR REPLACE FUNCTION odesk_push_lookup(
    change_ids jsonb, lookup_ids jsonb, record_ids jsonb, revs jsonb
) RETURNS TABLE (epoch text, seen bigint, changes json, held json, revision_rows json,
                 rev_owners json)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
DECLARE
    found json;
    held_ids text[];
    held_rows json;
BEGIN
    -- As m9's; the held records' revisions only when there are some (a statement whose plan
    -- would otherwise depend on whether there are).
    SELECT json_agg(json_build_array(l.record_id, l.kind, l.network_id, l.team_id)),
           array_agg(l.record_id) FILTER (
               WHERE l.record_id = ANY(ARRAY(SELECT jsonb_array_elements_text(record_ids))))
    INTO found, held_ids
    FROM jsonb_array_elements_text(lookup_ids) AS ids(id)
    CROSS JOIN LATERAL (SELECT record_id, kind, network_id, team_id FROM revisions
                        WHERE record_id = ids.id LIMIT 1) AS l;
    IF held_ids IS NOT NULL THEN
        held_rows := (SELECT json_agg(json_build_array(record_id, json)) FROM revisions
                      WHERE record_id = ANY(held_ids));
    END IF;
    RETURN QUERY SELECT (SELECT value FROM meta WHERE key = 'epoch'),
      (SELECT max(server_seq) FROM revisions),
      (SELECT json_agg(json_build_array(change_id, server_seq, device_id)) FROM revisions
       WHERE change_id = ANY(ARRAY(SELECT jsonb_array_elements_text(change_ids)))),
      found,
      held_rows,
      (SELECT json_agg(json_build_array(rev, record_id)) FROM revisions
       WHERE rev = ANY(ARRAY(SELECT jsonb_array_elements_text(revs))));
END
$$
"""
    )


MIGRATIONS: list[Callable[[Connection], None]] = [
    _m1_initial,
    _m2_push_guard,
    _m3_push_write,
    _m4_enrol_claims,
    _m5_push_write_doc,
    _m6_push_apply,
    _m7_revisions_only,
    _m8_accounts,
    _m9_rev_owners,
    _m10_meeting_corrections,
    _m11_push_columns,
    _m12_lookup_plan_kept,
]
SCHEMA_VERSION = len(MIGRATIONS)


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()


def set_meta(conn: Connection, key: str, value: str) -> None:
    updated = conn.execute(meta.update().where(meta.c.key == key).values(value=value))
    if updated.rowcount == 0:
        conn.execute(meta.insert().values(key=key, value=value))


def schema_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    value = get_meta(conn, "schema_version")
    return int(value) if value else 0


def migrate(engine: Engine) -> None:
    """Bring the database to SCHEMA_VERSION; safe when several workers start at once."""
    with write_tx(engine) as conn:
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise RuntimeError(
                f"the database schema (version {current}) is newer than this server "
                f"(version {SCHEMA_VERSION}); upgrade odesk-server"
            )
        for number in range(current, SCHEMA_VERSION):
            MIGRATIONS[number](conn)
            set_meta(conn, "schema_version", str(number + 1))


def get_epoch(conn: Connection) -> str:
    return get_meta(conn, "epoch") or ""
