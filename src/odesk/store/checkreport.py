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
    conflicts: list[str] = field(default_factory=list)
    quarantined: int = 0  # remote revisions that failed validation, kept aside
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

    @property
    def ok(self) -> bool:
        return self.integrity_ok and self.audit_ok

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
        out.append(f"records in conflict: {len(self.conflicts)}")
        out.extend(f"  conflict: {record_id}" for record_id in self.conflicts[:50])
        if self.quarantined:
            out.append(f"received revisions kept aside as invalid: {self.quarantined}")
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.counts.items())) or "none"
        out.append(f"records: {counts}")
        out.append("result: OK" if self.ok else "result: PROBLEMS FOUND")
        return out
