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
)

revisions = Table(
    "revisions",
    metadata,
    Column("server_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("record_id", String(64), nullable=False),
    Column("rev", String(64), nullable=False),
    Column("change_id", String(128), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("json", Text, nullable=False),
    Column("network_id", String(64)),
    Column("team_id", String(128), nullable=False),
    Column("device_id", String(128), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("received_at", String(40), nullable=False),
    UniqueConstraint("record_id", "rev", name="uq_revisions_record_rev"),
    Index("ix_revisions_team_seq", "team_id", "server_seq"),
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
    Column("actor", String(128), nullable=False),  # user id, or "admin" for the command line
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
    """PostgreSQL: the check a push makes under the sequence lock (odesk.server.push_pg).

    Raises a serialization failure when a push committed after the planning snapshot (newest
    server_seq `seen`) touched one of the records the plan read or one of its change ids, or
    when the epoch changed; otherwise answers the newest server_seq.
    """
    if conn.dialect.name == "sqlite":
        return
    conn.exec_driver_sql(
        """
CREATE OR REPLACE FUNCTION odesk_push_guard(
    planned_epoch text, seen bigint, watched text[], change_ids text[]
) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT value FROM meta WHERE key = 'epoch') IS DISTINCT FROM planned_epoch
        OR EXISTS (SELECT 1 FROM heads WHERE record_id = ANY(watched) AND updated_seq > seen)
        OR EXISTS (
            SELECT 1 FROM revisions WHERE change_id = ANY(change_ids) AND server_seq > seen
        )
    THEN
        RAISE EXCEPTION 'a push committed since this one was planned'
            USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN (SELECT coalesce(max(server_seq), 0) FROM revisions);
END
$$
"""
    )


_M3_ARGS = (
    "(bigint, text, bigint, text[], text[], text, text, text, text[], text[], text[], text[],"
    " text[], text[], text[], bigint[], text[], text[], text[], text[], text[], text[],"
    " boolean[], boolean[], bigint, text)"
)


def _m3_push_write(conn: Connection) -> None:
    """PostgreSQL: a push's whole locked step in one call, with its rows as 16 arrays.

    Superseded by m5 (rows as one JSON document), which drops this function where it was made;
    a new database goes straight to m5's.
    """


def _m4_enrol_claims(conn: Connection) -> None:
    """Enrolment codes keep a hash of the attempt that used them, so a device whose answer was
    lost on the way can ask again with the same attempt (databases made before this column)."""
    columns = {c["name"] for c in inspect(conn).get_columns("enrol_codes")}
    if "claim_hash" not in columns:
        conn.exec_driver_sql("ALTER TABLE enrol_codes ADD COLUMN claim_hash VARCHAR(64)")


def _m5_push_write_doc(conn: Connection) -> None:
    """PostgreSQL: a push's whole locked step in one call (odesk.server.push_pg).

    `odesk_push_write_doc` takes the sequence lock, runs odesk_push_guard, numbers the new
    revisions after the newest server_seq and writes them, their heads, the device's high-water
    mark and the audit row; it answers the server_seq before them and the device's mark. It is
    called as one autocommit statement, so it commits at once. Every statement of this VOLATILE
    function takes a fresh snapshot, so all of them see every push committed before the lock
    was granted. Its rows come as one JSON document (psycopg dumps array parameters item by
    item in Python, about 10 µs a change; the C encoder makes one text), taken apart before the
    lock: ``{"w": watched ids, "c": change ids, "r": revision rows, "h": head rows}``, rows as
    arrays in the column order below; each head row ends with the 1-based position of its
    record's last new revision, so its updated_seq needs no lookup, and a view that is that
    revision's JSON text unchanged (a record seen for the first time) is sent as that number
    instead of a second copy of the text.

    Also `odesk_push_read`, everything a plan reads in one statement (one snapshot). Both
    functions look rows up by key only, so they forbid sequential scans: a server filling fast
    (the first sync of a team) outgrows its table statistics long before autovacuum's next
    ANALYZE, and the planner would otherwise scan the whole table for every push.
    """
    if conn.dialect.name == "sqlite":
        return
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS odesk_push_write" + _M3_ARGS)
    conn.exec_driver_sql(
        """
CREATE OR REPLACE FUNCTION odesk_push_write_doc(
    lock_key bigint, planned_epoch text, seen bigint, push_device text, push_user text,
    received text, doc jsonb, mark bigint, audit_detail text
) RETURNS TABLE (top bigint, high_water bigint) LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off AS $$
DECLARE
    newest bigint;
    settled bigint;
    watched text[];
    change_ids text[];
    r_record_id text[]; r_rev text[]; r_change_id text[]; r_kind text[]; r_json text[];
    r_network_id text[]; r_team_id text[]; r_device_seq bigint[];
    h_record_id text[]; h_kind text[]; h_team_id text[]; h_network_id text[]; h_view text[];
    h_leaves text[]; h_conflict boolean[]; h_deleted boolean[]; h_last bigint[];
BEGIN
    -- The document is taken apart before the lock: only the writes wait for it.
    watched := ARRAY(SELECT jsonb_array_elements_text(doc->'w'));
    change_ids := ARRAY(SELECT jsonb_array_elements_text(doc->'c'));
    SELECT array_agg(v->>0 ORDER BY o), array_agg(v->>1 ORDER BY o), array_agg(v->>2 ORDER BY o),
           array_agg(v->>3 ORDER BY o), array_agg(v->>4 ORDER BY o), array_agg(v->>5 ORDER BY o),
           array_agg(v->>6 ORDER BY o), array_agg((v->>7)::bigint ORDER BY o)
    INTO r_record_id, r_rev, r_change_id, r_kind, r_json, r_network_id, r_team_id, r_device_seq
    FROM jsonb_array_elements(doc->'r') WITH ORDINALITY AS r(v, o);
    SELECT array_agg(v->>0), array_agg(v->>1), array_agg(v->>2), array_agg(v->>3),
           array_agg(CASE WHEN jsonb_typeof(v->4) = 'number' THEN r_json[(v->>4)::int]
                          ELSE v->>4 END),
           array_agg(v->>5), array_agg((v->>6)::boolean),
           array_agg((v->>7)::boolean), array_agg((v->>8)::bigint)
    INTO h_record_id, h_kind, h_team_id, h_network_id, h_view, h_leaves, h_conflict, h_deleted,
         h_last
    FROM jsonb_array_elements(doc->'h') AS h(v);
    PERFORM pg_advisory_xact_lock(lock_key);
    newest := odesk_push_guard(planned_epoch, seen, watched, change_ids);
    INSERT INTO revisions (server_seq, record_id, rev, change_id, kind, json, network_id,
                           team_id, device_id, device_seq, user_id, received_at)
    SELECT newest + r.ord, r.record_id, r.rev, r.change_id, r.kind, r.json, r.network_id,
           r.team_id, push_device, r.device_seq, push_user, received
    FROM unnest(r_record_id, r_rev, r_change_id, r_kind, r_json, r_network_id, r_team_id,
                r_device_seq)
        WITH ORDINALITY AS r(record_id, rev, change_id, kind, json, network_id, team_id,
                             device_seq, ord);
    INSERT INTO heads (record_id, kind, team_id, network_id, view, leaves, conflict, deleted,
                       updated_seq)
    SELECT h.record_id, h.kind, h.team_id, h.network_id, h.view, h.leaves, h.conflict,
           h.deleted, newest + h.last
    FROM unnest(h_record_id, h_kind, h_team_id, h_network_id, h_view, h_leaves, h_conflict,
                h_deleted, h_last) AS h(record_id, kind, team_id, network_id, view, leaves,
                                        conflict, deleted, last)
    ON CONFLICT (record_id) DO UPDATE SET
        kind = excluded.kind, team_id = excluded.team_id, network_id = excluded.network_id,
        view = excluded.view, leaves = excluded.leaves, conflict = excluded.conflict,
        deleted = excluded.deleted, updated_seq = excluded.updated_seq;
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
CREATE OR REPLACE FUNCTION odesk_push_read(change_ids jsonb, head_ids jsonb, record_ids jsonb)
RETURNS TABLE (epoch text, seen bigint, changes json, head_rows json, revision_rows json)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
BEGIN
    -- PL/pgSQL rather than SQL: a SQL function with a SET clause is planned at every call.
    RETURN QUERY SELECT (SELECT value FROM meta WHERE key = 'epoch'),
      (SELECT max(server_seq) FROM revisions),
      (SELECT json_agg(json_build_array(change_id, server_seq, device_id)) FROM revisions
       WHERE change_id = ANY(ARRAY(SELECT jsonb_array_elements_text(change_ids)))),
      (SELECT json_agg(json_build_array(record_id, kind, network_id, team_id)) FROM heads
       WHERE record_id = ANY(ARRAY(SELECT jsonb_array_elements_text(head_ids)))),
      (SELECT json_agg(json_build_array(record_id, json)) FROM revisions
       WHERE record_id = ANY(ARRAY(SELECT jsonb_array_elements_text(record_ids))));
END
$$
"""
    )


def _m6_push_apply(conn: Connection) -> None:
    """PostgreSQL: a leaner locked step, `odesk_push_apply` (odesk.server.push_pg), and a read
    that fetches revisions only of records the server holds.

    The m5 guard probed the heads of every record and linked record of a push, and every change
    id, again under the lock. Most of those probes the writes make anyway: a record new to the
    plan goes into `heads` with a plain INSERT and every change id into the unique index of
    `revisions`, so a push that committed the same record or change id in between makes the
    write fail with a unique violation, and the caller plans again under the lock, as for a
    guard failure. Under the lock, only what no write would catch is probed: records the plan
    found held ("w", changed since `seen`?), records the plan found absent and does not create
    ("a", created since?), and the change ids it refused ("c", committed since?). Head rows
    carry a tenth column, true for a record the plan found absent (inserted, not updated).

    `odesk_push_write_doc` stays for servers of the previous version sharing this database.
    """
    if conn.dialect.name == "sqlite":
        return
    conn.exec_driver_sql(
        """
CREATE OR REPLACE FUNCTION odesk_push_apply(
    lock_key bigint, planned_epoch text, seen bigint, push_device text, push_user text,
    received text, doc jsonb, mark bigint, audit_detail text
) RETURNS TABLE (top bigint, high_water bigint) LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off AS $$
DECLARE
    newest bigint;
    settled bigint;
    held text[];
    absent text[];
    refused text[];
    r_record_id text[]; r_rev text[]; r_change_id text[]; r_kind text[]; r_json text[];
    r_network_id text[]; r_team_id text[]; r_device_seq bigint[];
    h_record_id text[]; h_kind text[]; h_team_id text[]; h_network_id text[]; h_view text[];
    h_leaves text[]; h_conflict boolean[]; h_deleted boolean[]; h_last bigint[];
    h_new boolean[];
BEGIN
    -- The document is taken apart before the lock: only the writes wait for it.
    held := ARRAY(SELECT jsonb_array_elements_text(doc->'w'));
    absent := ARRAY(SELECT jsonb_array_elements_text(doc->'a'));
    refused := ARRAY(SELECT jsonb_array_elements_text(doc->'c'));
    SELECT array_agg(v->>0 ORDER BY o), array_agg(v->>1 ORDER BY o), array_agg(v->>2 ORDER BY o),
           array_agg(v->>3 ORDER BY o), array_agg(v->>4 ORDER BY o), array_agg(v->>5 ORDER BY o),
           array_agg(v->>6 ORDER BY o), array_agg((v->>7)::bigint ORDER BY o)
    INTO r_record_id, r_rev, r_change_id, r_kind, r_json, r_network_id, r_team_id, r_device_seq
    FROM jsonb_array_elements(doc->'r') WITH ORDINALITY AS r(v, o);
    SELECT array_agg(v->>0), array_agg(v->>1), array_agg(v->>2), array_agg(v->>3),
           array_agg(CASE WHEN jsonb_typeof(v->4) = 'number' THEN r_json[(v->>4)::int]
                          ELSE v->>4 END),
           array_agg(v->>5), array_agg((v->>6)::boolean),
           array_agg((v->>7)::boolean), array_agg((v->>8)::bigint), array_agg((v->>9)::boolean)
    INTO h_record_id, h_kind, h_team_id, h_network_id, h_view, h_leaves, h_conflict, h_deleted,
         h_last, h_new
    FROM jsonb_array_elements(doc->'h') AS h(v);
    PERFORM pg_advisory_xact_lock(lock_key);
    IF (SELECT value FROM meta WHERE key = 'epoch') IS DISTINCT FROM planned_epoch
        OR EXISTS (SELECT 1 FROM heads WHERE record_id = ANY(held) AND updated_seq > seen)
        OR EXISTS (SELECT 1 FROM heads WHERE record_id = ANY(absent))
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
    -- A plain INSERT: a record another push created since the read is a unique violation.
    INSERT INTO heads (record_id, kind, team_id, network_id, view, leaves, conflict, deleted,
                       updated_seq)
    SELECT h.record_id, h.kind, h.team_id, h.network_id, h.view, h.leaves, h.conflict,
           h.deleted, newest + h.last
    FROM unnest(h_record_id, h_kind, h_team_id, h_network_id, h_view, h_leaves, h_conflict,
                h_deleted, h_last, h_new) AS h(record_id, kind, team_id, network_id, view,
                                               leaves, conflict, deleted, last, new)
    WHERE h.new;
    IF NOT (true = ALL(h_new)) THEN
        UPDATE heads SET
            kind = h.kind, team_id = h.team_id, network_id = h.network_id, view = h.view,
            leaves = h.leaves, conflict = h.conflict, deleted = h.deleted,
            updated_seq = newest + h.last
        FROM unnest(h_record_id, h_kind, h_team_id, h_network_id, h_view, h_leaves,
                    h_conflict, h_deleted, h_last, h_new)
            AS h(record_id, kind, team_id, network_id, view, leaves, conflict, deleted, last,
                 new)
        WHERE NOT h.new AND heads.record_id = h.record_id;
    END IF;
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
CREATE OR REPLACE FUNCTION odesk_push_read(change_ids jsonb, head_ids jsonb, record_ids jsonb)
RETURNS TABLE (epoch text, seen bigint, changes json, head_rows json, revision_rows json)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
DECLARE
    found json;
    held text[];
BEGIN
    -- One snapshot for every statement (a STABLE function's): the heads found first say
    -- which records have revisions to read; a record without a head has none.
    SELECT json_agg(json_build_array(h.record_id, h.kind, h.network_id, h.team_id)),
           array_agg(h.record_id) FILTER (
               WHERE h.record_id = ANY(ARRAY(SELECT jsonb_array_elements_text(record_ids))))
    INTO found, held
    FROM heads AS h
    WHERE h.record_id = ANY(ARRAY(SELECT jsonb_array_elements_text(head_ids)));
    RETURN QUERY SELECT (SELECT value FROM meta WHERE key = 'epoch'),
      (SELECT max(server_seq) FROM revisions),
      (SELECT json_agg(json_build_array(change_id, server_seq, device_id)) FROM revisions
       WHERE change_id = ANY(ARRAY(SELECT jsonb_array_elements_text(change_ids)))),
      found,
      (SELECT json_agg(json_build_array(record_id, json)) FROM revisions
       WHERE held IS NOT NULL AND record_id = ANY(held));
END
$$
"""
    )


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
    violation. Revision rows ("r") are as in m6.
    """
    conn.exec_driver_sql("DROP TABLE IF EXISTS heads")
    if conn.dialect.name == "sqlite":
        return
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


MIGRATIONS: list[Callable[[Connection], None]] = [
    _m1_initial,
    _m2_push_guard,
    _m3_push_write,
    _m4_enrol_claims,
    _m5_push_write_doc,
    _m6_push_apply,
    _m7_revisions_only,
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
