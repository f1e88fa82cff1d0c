"""Save screenshots of the main screens (demo data) so reviewers can see the app without running it.

    python -m odesk.ui.screenshots [OUTPUT_DIR]      (default: docs/screenshots)

Runs offscreen unless a display is asked for; uses the same throwaway demo world as `odesk demo`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from odesk.demo.world import DemoWorld  # noqa: E402
from odesk.ui.app import make_app  # noqa: E402
from odesk.ui.demo import build_window, switch_to  # noqa: E402
from odesk.ui.wizard import SetupWizard  # noqa: E402


def _shot(widget: QWidget, out: Path, name: str) -> None:
    # Layout requests (e.g. the status bar after its labels' text changed) are posted events
    # that can take more than one pass; without them labels keep an old, too-narrow size.
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    widget.grab().save(str(out / f"{name}.png"))


def _pdf_page(editor: Any, scratch: Path, out: Path, name: str) -> None:
    """The signed note's PDF, first page, as the reader sees it (rendered by Qt PDF)."""
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    written = editor.save_pdf(str(scratch / editor.suggested_pdf_name()))
    if not written:
        return
    doc = QPdfDocument()
    doc.load(written)
    size = doc.pagePointSize(0)
    doc.render(0, QSize(int(size.width() * 1.5), int(size.height() * 1.5))).save(
        str(out / f"{name}.png")
    )
    doc.close()
    Path(written).unlink()  # the demo's own folder; nothing is left behind


def _safeguarding_note(win: Any, network: dict) -> dict:
    """A signed note raising a safeguarding concern, so the flags show in the screenshots (the
    demo data raises none)."""
    from datetime import UTC, datetime, timedelta

    store = win.store
    now = datetime.now(UTC)
    meeting = store.save(
        {
            "kind": "meeting",
            "network_id": network["id"],
            "status": "held",
            "start": (now - timedelta(hours=3)).isoformat(),
            "end": (now - timedelta(hours=2)).isoformat(),
            "location": "home",
            "attendees": [{"name": (network.get("person") or {}).get("name"), "role": "person"}],
        }
    )
    note = store.save(
        {
            "kind": "note",
            "meeting_id": meeting["id"],
            "network_id": network["id"],
            "author_id": store.user_id,
            "state": "signed",
            "signed_at": now.isoformat(),
            "summary": "We met at home; the family spoke about the last week.",
            "safety": {
                "discussed": True,
                "text": "A worry about the youngest child was raised and talked through.",
                "safeguarding_concern": True,
            },
        }
    )
    win.refresh()
    return note


def _sync_and_wait(win: Any) -> None:
    if win.sync is None:
        return
    win.sync_now()
    deadline = time.monotonic() + 30
    while win.sync.status.syncing and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.05)
    win.refresh()


def _refused_change(win: Any, network: dict) -> None:
    """A change the server refuses (a referral moved to another team), sent and answered."""
    store = win.store
    current = store.get(network["id"])
    if current is None or win.sync is None:
        return
    store.save({**current, "team_id": "another-team"})
    win.sync_now()
    deadline = time.monotonic() + 30
    while not store.rejected() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.05)
    while win.sync.status.syncing and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    make_app()
    with DemoWorld.running() as world:
        wiz = SetupWizard(world.root / "wizard-preview")
        wiz.resize(720, 520)
        wiz.show()
        wiz.passphrase_page.first.setText("maple lantern orbit seventeen")
        _shot(wiz, out, "01-setup-wizard")
        wiz.close()

        win = build_window(world)
        win.resize(1280, 820)
        win.show()
        _practitioner_shots(win, world, out)
        _sync_and_wait(win)  # the concern reaches the supervisor
        switch_to(win, world, "supervisor")
        _sync_and_wait(win)
        for i in range(win.tabs.count()):
            if i >= 2:
                win.tabs.setCurrentIndex(i)
                _shot(
                    win,
                    out,
                    f"{11 + i - 2:02d}-supervisor-{win.tabs.tabText(i).replace('&', '').lower().replace(' ', '-')}",
                )
        win.lock()
        _shot(win, out, "20-locked")
        win.close()
    print(f"screenshots in {out}")
    return 0


def _practitioner_shots(win: Any, world: DemoWorld, out: Path) -> None:
    """The practitioner's screens: network, map, timeline, history, notes, search, sync."""
    store = win.store
    networks = sorted(store.records("network"), key=lambda n: n["referral"]["received_at"])
    concern = _safeguarding_note(win, networks[-1])
    win.select_network(networks[-1]["id"])
    _shot(win, out, "02-networks-and-referral-clock")
    win.network_page.tabs.setCurrentIndex(2)
    _shot(win, out, "03-network-map")
    win.network_page.tabs.setCurrentIndex(3)
    _shot(win, out, "04-meetings-timeline")
    win.network_page.tabs.setCurrentIndex(4)
    _shot(win, out, "05-history")
    note = next(n for n in store.records("note") if n.get("state") == "signed")
    editor = win.open_meeting(note["network_id"], note["meeting_id"])
    if editor is not None:
        _shot(win, out, "06-meeting-note-signed")
        _pdf_page(editor, world.root, out, "21-note-pdf-page-1")
        editor.close_editor()
    editor = win.open_meeting(concern["network_id"], concern["meeting_id"])
    if editor is not None:
        dlg = editor.read_back()  # the safety section hidden behind its warning
        _shot(dlg, out, "07-read-back")
        dlg.close()
        editor.close_editor()
    new = win.open_meeting(networks[0]["id"], None)
    if new is not None:
        _shot(win, out, "08-new-meeting")
        new.close_editor()
    search = win.show_search()
    if search is not None:
        search.query.setText("sleep")
        search.run()
        _shot(search, out, "09-search")
        search.close()
    _refused_change(win, networks[0])
    win.show_conflicts()
    refused = win.conflicts_view.refused
    if refused.model.rowCount():
        refused.select_row(0)
    _shot(win, out, "10-sync-and-conflicts")


if __name__ == "__main__":
    raise SystemExit(main())
