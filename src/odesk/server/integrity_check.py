"""`odesk-server admin check`: list what the database already holds that breaks a record rule
(docs/protocol.md, "Record integrity"), without changing or removing anything.

Data written before a rule existed (or by an older server) is kept: clinical records are never
destroyed. This reads every revision once, record by record, and names each finding with the
record, the revision where it applies, and the rule:

- a revision that is not valid by the core rules (odesk.core.records.validate);
- a rev held by more than one record;
- a parent that is not a revision of that record, a creator or creation time differing from the
  record's first revision, more than one first revision by different people;
- the current view breaking a clinical rule (odesk.core.clinical_rules.standing_faults) or
  pointing outside its scope (a note's or rating's meeting in another network, a rating's
  scale or items not served).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import orjson
from sqlalchemy import Engine, select

from odesk.core.clinical_rules import standing_faults
from odesk.core.merge import resolve
from odesk.core.records import ValidationError, printable, validate
from odesk.core.reference_rules import meeting_fault, scale_fault
from odesk.server.db import read_tx
from odesk.server.policy import scales
from odesk.server.schema import revisions


def _graph_faults(record_id: str, tree: list[dict]) -> Iterator[str]:
    held = {r.get("rev") for r in tree}
    roots = [r for r in tree if not r.get("parent_revs")]
    if len({r.get("created_by") for r in roots}) > 1:
        yield f"record {record_id}: more than one first revision, by different people"
    first = roots[0] if roots else None
    for revision in tree:
        rev = printable(revision.get("rev"), 64)
        for parent in revision.get("parent_revs") or ():
            if parent not in held:
                yield (
                    f"record {record_id} rev {rev}: parent {printable(parent, 64)} is not a"
                    " revision of this record"
                )
        if first is not None:
            for name in ("created_by", "created_at"):
                if revision.get(name) != first.get(name):
                    yield f"record {record_id} rev {rev}: {name} differs from the first revision's"


def check_database(engine: Engine, now: datetime | None = None) -> list[str]:
    """Every finding, one line each (empty: the data keeps every rule)."""
    now = now or datetime.now(UTC)
    trees: dict[str, list[dict]] = {}
    owners: dict[str, set[str]] = {}
    findings: list[str] = []
    with read_tx(engine) as conn:
        rows = conn.execute(
            select(revisions.c.record_id, revisions.c.rev, revisions.c.json).order_by(
                revisions.c.server_seq
            )
        )
        for row in rows:
            owners.setdefault(row.rev, set()).add(row.record_id)
            try:
                revision = orjson.loads(row.json)
            except orjson.JSONDecodeError:
                findings.append(f"record {row.record_id} rev {row.rev}: stored text is not JSON")
                continue
            try:
                validate(revision)
            except ValidationError as exc:
                findings.append(f"record {row.record_id} rev {row.rev}: {exc.field}: {exc.message}")
            trees.setdefault(row.record_id, []).append(revision)
    for rev, records in sorted(owners.items()):
        if len(records) > 1:
            findings.append(
                f"rev {rev} is held by {len(records)} records: {', '.join(sorted(records))}"
            )
    current: dict[str, dict] = {}
    for record_id, tree in trees.items():
        findings.extend(_graph_faults(record_id, tree))
        try:
            view = resolve(tree).record
        except (KeyError, TypeError, ValueError) as exc:
            findings.append(
                f"record {record_id}: its revisions do not merge ({type(exc).__name__})"
            )
            continue
        if view is not None:
            current[record_id] = view

    def lookup(record_id: str) -> tuple[str, str | None] | None:
        # Kind and network are the same in every revision (a removed meeting is still held).
        tree = trees.get(record_id)
        if not tree:
            return None
        first = tree[0]
        kind = str(first.get("kind"))
        network = first.get("id") if kind == "network" else first.get("network_id")
        return kind, network if isinstance(network, str) else None

    served = scales()
    for record_id, view in sorted(current.items()):
        for fault in standing_faults(view, now):
            findings.append(f"record {record_id} ({view.get('kind')}): {fault}")
        reference = meeting_fault(view, lookup) or scale_fault(view, served)
        if reference is not None:
            findings.append(f"record {record_id} ({view.get('kind')}): {reference}")
    return findings
