"""The research export off the UI thread: read the store, pseudonymise, write, report back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal

from odesk.reports import research_export
from odesk.store import StoreError
from odesk.ui.supervisor.context import SupervisorContext


class ResearchExportThread(QThread):
    succeeded = Signal(object)  # ExportResult
    failed = Signal(str)

    def __init__(
        self,
        ctx: SupervisorContext,
        out_dir: Path,
        team_id: str | None,
        start: date | None,
        end: date | None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.out_dir, self.team_id = ctx, out_dir, team_id
        self.start_day, self.end_day = start, end

    def run(self) -> None:
        try:
            result = research_export(
                self.ctx.all_records(),
                self.out_dir,
                team_id=self.team_id,
                teams=list(self.ctx.teams.values()),
                start=self.start_day,
                end=self.end_day,
                scales=self.ctx.scales,  # the shipped scales and those the server sent
            )
            self.ctx.store.audit("export.research")
        except (OSError, ValueError, StoreError) as exc:
            self.failed.emit(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__)
            return
        self.succeeded.emit(result)
