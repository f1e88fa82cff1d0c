"""A supervisor's session leaves no clinical text readable on disk: not in the store's files
(encrypted), the home and cache folders, the PDF report or the research export."""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDateTime

from odesk.ui.supervisor import DashboardPage, ReviewQueuePage, SupervisionPage
from tests.reports.known_data import CANARIES
from tests.ui.supervisor.loaded import loaded


def files_under(*roots: Path) -> list[Path]:
    return [Path(d) / f for root in roots for d, _, names in os.walk(root) for f in names]


def test_no_canary_on_disk_after_a_supervisor_session(qtbot, ctx, sup_store, tmp_path):
    canary = f"CANARY-{uuid.uuid4().hex}"
    queue = ReviewQueuePage(ctx)
    qtbot.addWidget(queue)
    loaded(qtbot, queue)
    dialog = queue.open_index(queue.model.index(0, 0))
    dialog.comment.setPlainText(f"review {canary}")
    dialog.save()

    supervision = SupervisionPage(ctx)
    qtbot.addWidget(supervision)
    form = supervision.new_session()
    form.at.setDateTime(QDateTime.currentDateTime())
    form.inner.setPlainText(f"inner {canary}")
    form.save()

    dashboard = DashboardPage(ctx)
    qtbot.addWidget(dashboard)
    dashboard.set_period(date(2026, 3, 1), date(2026, 4, 30))
    loaded(qtbot, dashboard)
    (tmp_path / "chosen").mkdir()
    assert dashboard.save_pdf(tmp_path / "chosen" / "report.pdf") is not None
    with qtbot.waitSignal(dashboard.export_done, timeout=20000):
        dashboard.export_research(tmp_path / "chosen" / "research")
    sup_store.close()

    # Every file this test's store and exports wrote, and the session's home and cache folders.
    roots = [tmp_path, Path(os.environ["HOME"])]
    found = files_under(*roots)
    assert any(p.name == "odesk.db" for p in found)
    needles = [canary.encode(), canary.encode("utf-16-le")]
    needles += [c.encode() for c in CANARIES if c.startswith("CANARY-")]
    for path in found:
        data = path.read_bytes()
        leaked = [n for n in needles if n in data]
        assert not leaked, f"{path} holds {leaked[0]!r}"
