"""What one sync round did, and the progress callback the GUI listens to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# progress(phase, done, total): phase is "push", "pull", "audit" or "me"; total None when unknown.
Progress = Callable[[str, int, int | None], None]


def no_progress(phase: str, done: int, total: int | None) -> None:
    return None


@dataclass
class SyncReport:
    pushed: int = 0  # changes the server stored (applied, or stored beside a concurrent edit)
    pulled: int = 0  # revisions received
    conflicts: int = 0  # local records in conflict after the round
    rejected: int = 0  # changes the server refused this round (kept, with the reason)
    duplicates: int = 0  # changes the server already had (a retry after a lost answer)
    errors: list[str] = field(default_factory=list)  # what went wrong without stopping the round
    requeued: bool = False  # the server lost revisions (restore/new epoch) and they were re-sent
    changed_ids: set[str] = field(default_factory=set)  # records changed by pulled revisions

    def summary(self) -> str:
        return (
            f"pushed {self.pushed}, pulled {self.pulled}, conflicts {self.conflicts}, "
            f"rejected {self.rejected}, duplicates {self.duplicates}"
        )
