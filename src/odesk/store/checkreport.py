"""The result of Store.check(): what `odesk check` prints and what support staff rely on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CheckReport:
    cipher_errors: list[str] = field(default_factory=list)  # PRAGMA cipher_integrity_check
    integrity_errors: list[str] = field(default_factory=list)  # PRAGMA integrity_check
    audit_entries: int = 0
    audit_error: str | None = None
    pending: int = 0  # local changes not yet acknowledged by the server
    rejected: int = 0
    rejected_changes: list[dict] = field(default_factory=list)  # the first LISTED, with reasons
    conflicts: list[str] = field(default_factory=list)
    quarantined: int = 0  # received revisions that could not be applied, kept aside
    quarantine: list[str] = field(default_factory=list)  # "record <id> rev <rev>: <reason>"
    # Records held that break a clinical or reference rule (written before it): kept, listed.
    rule_breaks: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # live records per kind
    schema_version: int = 0
    store_id: str = ""
    kdf: str = ""  # the vault's Argon2id parameters, e.g. "262144 KiB, 3 passes, 4 lanes"
    kdf_weak: bool = False  # below the shipped default (raised at the next normal unlock)
    recovery_key: bool = False

    @property
    def integrity_ok(self) -> bool:
        return not self.cipher_errors and not self.integrity_errors

    @property
    def audit_ok(self) -> bool:
        return self.audit_error is None

    LISTED = 50  # refused changes and conflicts named one by one; `odesk rejected` lists all

    @property
    def ok(self) -> bool:
        """The store itself is sound (encryption, structure, audit chain)."""
        return self.integrity_ok and self.audit_ok

    @property
    def needs_attention(self) -> bool:
        """Sound, but someone must act: changes the server refused, revisions kept aside."""
        return bool(self.rejected or self.quarantined or self.rule_breaks)

    def lines(self) -> list[str]:
        out = [f"store {self.store_id} (schema {self.schema_version})"]
        if self.kdf:
            note = " (below the default; raised at the next unlock)" if self.kdf_weak else ""
            out.append(f"key derivation: Argon2id {self.kdf}{note}")
            out.append(f"recovery key: {'set' if self.recovery_key else 'none'}")
        if self.integrity_ok:
            out.append("integrity: ok (SQLCipher page authentication and SQLite structure)")
        else:
            for problem in (self.cipher_errors + self.integrity_errors)[:20]:
                out.append(f"integrity: FAILED: {problem}")
        if self.audit_ok:
            out.append(f"audit chain: ok ({self.audit_entries} entries)")
        else:
            out.append(f"audit chain: FAILED: {self.audit_error}")
        out.append(f"changes waiting to sync: {self.pending}")
        out.append(f"changes rejected by the server: {self.rejected}")
        for item in self.rejected_changes:
            out.append(f"  rejected: {describe_rejected(item)}")
        if self.rejected > len(self.rejected_changes):
            out.append(f"  … and {self.rejected - len(self.rejected_changes)} more")
        if self.rejected:
            out.append(f"  {REJECTED_ADVICE}")
        out.append(f"records in conflict: {len(self.conflicts)}")
        out.extend(f"  conflict: {record_id}" for record_id in self.conflicts[:50])
        if self.quarantined:
            out.append(f"received revisions kept aside (quarantined): {self.quarantined}")
            out.extend(f"  quarantined: {line}" for line in self.quarantine[:50])
        if self.rule_breaks:
            out.append(f"records breaking a rule (kept as they are): {len(self.rule_breaks)}")
            out.extend(f"  rule: {line}" for line in self.rule_breaks[: self.LISTED])
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.counts.items())) or "none"
        out.append(f"records: {counts}")
        if not self.ok:
            out.append("result: PROBLEMS FOUND")
        elif self.needs_attention:
            out.append("result: ATTENTION NEEDED (the store is sound; act on what is listed above)")
        else:
            out.append("result: OK")
        return out


REJECTED_ADVICE = (
    "refused changes stay on this laptop: open each in the app (Sync, Refused changes) to fix and"
    " send it again or discard it; `odesk rejected` lists them all"
)


def describe_rejected(item: dict) -> str:
    """One refused change on one line: kind, record and the server's reason (no record content)."""
    reason = " ".join(str(item.get("reason") or "refused by the server").split())
    return f"{item.get('kind') or 'record'} {item.get('record_id')}: {reason}"
