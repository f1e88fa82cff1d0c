"""``odesk check``: verify a store's encryption, structure and audit chain, and list what needs a
person (refused changes, conflicts, quarantined revisions, records breaking a rule).

Loaded only when a check runs (Store.check), to keep it off the app's start-up.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlcipher3

from odesk import vault
from odesk.core.clinical_rules import standing_faults
from odesk.core.reference_rules import meeting_fault
from odesk.store import summaries
from odesk.store.audit import verify_chain
from odesk.store.checkreport import CheckReport
from odesk.store.connection import Db
from odesk.store.errors import StoreError
from odesk.store.heads import Heads
from odesk.store.remote_page import revision_label

if TYPE_CHECKING:
    from odesk.store.store import Store


def _rule_breaks(conn: sqlcipher3.Connection, heads: Heads) -> list[str]:
    """Records held whose current view breaks a clinical or reference rule (data from before
    the rule): "record <id> (<kind>): <field>: <reason>". Listed by check, never changed."""
    now = datetime.now(UTC)
    found: list[str] = []
    for record_id, kind, head in conn.execute(
        "SELECT id, kind, head FROM records WHERE deleted = 0 AND head IS NOT NULL"
        " AND kind IN ('network', 'meeting', 'note', 'rating') ORDER BY num"
    ):
        view = json.loads(head)
        faults = standing_faults(view, now)
        reference = meeting_fault(view, heads.kind_and_network)
        if reference is not None:
            faults.append(reference)
        found.extend(f"record {record_id} ({kind}): {fault}" for fault in faults)
    return found


def _structure(conn: sqlcipher3.Connection, db: Db, report: CheckReport) -> None:
    """SQLCipher's page authentication, SQLite's structure and the full-text index."""
    try:
        report.cipher_errors = [
            " ".join(str(c) for c in row)
            for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()
        ]
    except sqlcipher3.DatabaseError as exc:
        report.cipher_errors = [str(exc)]
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        report.integrity_errors = [r[0] for r in rows if r[0] != "ok"]
    except sqlcipher3.DatabaseError as exc:
        report.integrity_errors = [str(exc)]
    try:
        with db.tx():
            # Compares the index with the text it was built from.
            conn.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 1)")
    except StoreError as exc:
        report.integrity_errors.append(f"full-text index: {exc}")


def check_store(store: Store, db: Db, heads: Heads) -> CheckReport:
    """Verify SQLCipher page authentication, SQLite structure and the audit chain; count
    pending, rejected and conflicting records."""
    report = CheckReport()
    with db.lock:
        conn = db.conn()
        _structure(conn, db, report)
        try:
            orphans = conn.execute(
                "SELECT count(*) FROM outbox WHERE rev NOT IN (SELECT rev FROM revisions)"
            ).fetchone()[0]
            if orphans:
                report.integrity_errors.append(f"{orphans} outbox entries have no revision")
            headless = conn.execute(
                "SELECT count(DISTINCT record_id) FROM revisions WHERE record_id NOT IN"
                " (SELECT id FROM records)"
            ).fetchone()[0]
            if headless:
                report.integrity_errors.append(f"{headless} records have no current view")
            stale = summaries.stale(conn)
            if stale:
                report.integrity_errors.append(f"{stale} network list rows are out of date")
            entries = store.audit_entries()
            report.audit_entries = len(entries)
            report.audit_error = verify_chain(entries)
            counts = store.outbox_counts()
            report.pending = counts["pending"] + counts["inflight"]
            report.rejected = counts["rejected"]
            report.rejected_changes = store.rejected()[: report.LISTED]
            report.conflicts = store.conflicts()
            report.quarantined = conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]
            report.rule_breaks = _rule_breaks(conn, heads)
            report.quarantine = [
                f"{revision_label(item['record'])}: {item['reason']}"
                for item in store.quarantined()[:50]
            ]
            report.counts = {
                kind: n
                for kind, n in conn.execute(
                    "SELECT kind, count(*) FROM records WHERE deleted = 0 GROUP BY kind"
                ).fetchall()
            }
            report.schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
            report.store_id = store.store_id
            vault_path = store.vault_path(store.data_dir)
            with contextlib.suppress(vault.VaultError, OSError):
                params = vault.kdf_params_of(vault_path)
                report.kdf = (
                    f"{params.memory_kib} KiB, {params.iterations} passes, {params.lanes} lanes"
                )
                report.kdf_weak = params.below(vault.DEFAULT_PARAMS)
                report.recovery_key = vault.has_recovery_key(vault_path)
        except (StoreError, sqlcipher3.DatabaseError) as exc:
            report.integrity_errors.append(str(exc))
    return report
