"""Signed means signed, in the app (real encrypted stores, offscreen Qt):

- once a note of a meeting is signed, the meeting's facts are read-only in the editor and the
  store refuses a change; "Correct meeting details…" saves a meeting correction, and the
  correction is said in the editor, the read-back and the PDF's text;
- co-signing is the co-signer's own act: the author's laptop says "awaiting co-signature by …",
  the colleague co-signs on her own laptop from "Notes to co-sign", and after sync (a real
  odesk-server on 127.0.0.1) the author's note shows her co-signature.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime

from odesk.core.ids import utc_now
from odesk.server import admin
from odesk.server.engines import forget_engine
from odesk.store import InvalidEdit, Store
from odesk.sync import enroll, sync_once
from odesk.ui.main_window import MainWindow
from odesk.ui.meeting_correction import MeetingCorrectionDialog
from odesk.vault import TEST_PARAMS
from tests.servers import run_server
from tests.ui.conftest import COLLEAGUE, PASSPHRASE, add_network, open_weak, type_text


def _signed_editor(qtbot: Any, window: Any) -> tuple[Any, dict]:
    network = add_network(window.store)
    window.refresh()
    window.select_network(network["id"])
    editor = window.open_meeting(network["id"], None)
    editor.status.setCurrentIndex(editor.status.findData("held"))
    editor.start.setDateTime(QDateTime.currentDateTime().addSecs(-7200))
    editor.end.setDateTime(QDateTime.currentDateTime().addSecs(-3600))
    for text in ("the person", COLLEAGUE["name"]):
        i = next(i for i in range(editor.candidate.count()) if text in editor.candidate.itemText(i))
        editor.candidate.setCurrentIndex(i)
        editor.add_attendee()
    type_text(editor.summary, "We met in the garden")
    assert editor.sign()
    return editor, window.store.get(editor.meeting["id"])


def test_signed_meetings_facts_are_frozen_and_corrected_by_a_correction(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    editor, meeting = _signed_editor(qtbot, window)
    store = window.store
    assert meeting is not None
    # frozen: read-only on screen, refused by the store
    assert editor.start.isReadOnly() and editor.end.isReadOnly()
    assert not editor.status.isEnabled() and not editor.location.isEnabled()
    assert not editor.add_attendee_button.isEnabled()
    assert editor.correct_button.isVisibleTo(editor) and editor.correct_button.isEnabled()
    assert editor.frozen_label.isVisibleTo(editor)
    with pytest.raises(InvalidEdit, match="can no longer be edited"):
        store.save({**meeting, "location": "clinic"})

    dialog = MeetingCorrectionDialog(editor.facts, editor.attendee_name, editor)
    qtbot.addWidget(dialog)
    dialog.location.setCurrentIndex(dialog.location.findData("clinic"))
    dialog._ok()  # no reason given: not accepted, and it says why
    assert dialog.result() == 0 and dialog.error.isVisibleTo(dialog)
    type_text(dialog.reason, "We met at the clinic, not at home")
    dialog._ok()
    assert dialog.result() == 1
    assert dialog.fields() == [{"field": "location", "old": "home", "new": "clinic"}]
    correction = editor.correct_meeting(dialog.fields(), dialog.reason_text())
    assert correction is not None and correction["kind"] == "meeting_correction"

    assert store.get(meeting["id"])["location"] == "home"  # the record keeps what was signed
    assert editor.facts["location"] == "clinic"
    assert editor.location.currentData() == "clinic"
    shown = editor.corrections_view.text()
    assert "Corrected on" in shown and "because We met at the clinic, not at home" in shown
    read_back = editor.read_back()
    assert "because We met at the clinic, not at home" in read_back.text()
    assert "Clinic" in read_back.text()
    read_back.close()
    assert "because We met at the clinic, not at home" in editor.html(for_pdf=True)
    assert editor.save_pdf(str(tmp_path / "note.pdf"))
    # an immutable record of its own
    store.mark_inflight([c["change_id"] for c in store.outbox_pending(50)])
    with pytest.raises(InvalidEdit, match="never changes"):
        store.save({**correction, "reason": "Other words"})


@pytest.fixture
def trust(tmp_path: Path) -> Iterator[dict]:
    (tmp_path / "server").mkdir()
    db = f"sqlite:///{tmp_path / 'server' / 'server.db'}"
    team = admin.add_team(db, "Fictional POD")
    pat = admin.add_user(db, "Pat Fictional", ["practitioner"], [team])
    sam = admin.add_user(db, "Sam Fictional", ["practitioner"], [team])
    yield {"db": db, "team": team, "pat": pat, "sam": sam}
    forget_engine(db)


def _device(trust: dict, folder: Path, url: str, user: str) -> Store:
    store = Store.create(folder, PASSPHRASE, kdf_params=TEST_PARAMS, allow_weak_kdf=True)
    enroll(store, url, admin.make_code(trust["db"], trust[user]))
    return store


def _window(qtbot: Any, store: Store) -> MainWindow:
    win = MainWindow(store.data_dir, opener=open_weak)
    qtbot.addWidget(win)
    win.open_store(store)
    win.show()
    return win


def _ago(hours: int) -> str:
    """A time this many hours ago: a note signed within 24 h of its meeting is not late."""
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


def test_cosigning_happens_on_the_cosigners_own_laptop(
    qtbot: Any, trust: dict, tmp_path: Path
) -> None:
    with run_server(trust["db"], rate_limit=None) as url:
        pat = _device(trust, tmp_path / "pat", url, "pat")
        sam = _device(trust, tmp_path / "sam", url, "sam")
        net = pat.save(
            {
                "kind": "network",
                "team_id": trust["team"],
                "person": {"name": "Robin Fictional"},
                "referral": {"received_at": _ago(hours=30)},
                "status": "open",
            }
        )
        meeting = pat.save(
            {
                "kind": "meeting",
                "network_id": net["id"],
                "status": "held",
                "start": _ago(hours=3),
                "end": _ago(hours=2),
                "location": "home",
                "attendees": [
                    {"user_id": trust["pat"], "role": "practitioner", "facilitator": True},
                    {"user_id": trust["sam"], "role": "practitioner"},
                ],
            }
        )
        sync_once(pat)
        sync_once(sam)
        win_pat = _window(qtbot, pat)
        editor = win_pat.open_meeting(net["id"], meeting["id"])
        type_text(editor.summary, "Robin spoke first")
        assert editor.sign()
        note = pat.get(editor.note["id"])
        assert note["cosign_requested"] == [trust["sam"]]
        assert "Awaiting co-signature by Sam Fictional" in editor.signed_banner.text()
        # the author's laptop cannot co-sign for Sam
        with pytest.raises(InvalidEdit, match="only by the co-signer"):
            pat.save({**note, "cosigned_by": [{"user_id": trust["sam"], "at": utc_now()}]})
        win_pat.sync_now()
        qtbot.waitUntil(
            lambda: not win_pat.sync.status.syncing and win_pat.sync.status.pending == 0,
            timeout=20_000,
        )

        win_sam = _window(qtbot, sam)
        win_sam.sync_now()
        qtbot.waitUntil(lambda: sam.get(note["id"]) is not None, timeout=20_000)
        queue = win_sam.show_cosign_queue()
        assert queue is not None
        assert queue.notes.count() == 1
        assert "Robin spoke first" in queue.view.toPlainText()
        assert queue.cosign_current()
        assert queue.notes.count() == 0
        [mine] = sam.get(note["id"])["cosigned_by"]
        assert mine["user_id"] == trust["sam"]
        qtbot.waitUntil(lambda: not win_sam.sync.status.syncing, timeout=20_000)
        win_sam.sync_now()
        qtbot.waitUntil(lambda: sam.outbox_counts()["pending"] == 0, timeout=20_000)
        assert sam.rejected() == []

        win_pat.sync_now()
        qtbot.waitUntil(
            lambda: bool((pat.get(note["id"]) or {}).get("cosigned_by")), timeout=20_000
        )
        qtbot.waitUntil(
            lambda: "Co-signed by Sam Fictional" in editor.signed_banner.text(), timeout=10_000
        )
        assert "Awaiting" not in editor.signed_banner.text()
        assert "Co-signed by Sam Fictional" in editor.read_back().text()
        win_sam.lock()
        win_pat.lock()


def test_a_refused_offline_meeting_edit_becomes_a_correction(
    qtbot: Any, trust: dict, tmp_path: Path
) -> None:
    with run_server(trust["db"], rate_limit=None) as url:
        pat = _device(trust, tmp_path / "pat", url, "pat")
        sam = _device(trust, tmp_path / "sam", url, "sam")
        net = pat.save(
            {
                "kind": "network",
                "team_id": trust["team"],
                "person": {"name": "Robin Fictional"},
                "referral": {"received_at": "2026-01-05T09:00:00.000+00:00"},
                "status": "open",
            }
        )
        meeting = pat.save(
            {
                "kind": "meeting",
                "network_id": net["id"],
                "status": "held",
                "start": "2026-01-05T12:00:00+00:00",
                "end": "2026-01-05T13:00:00+00:00",
                "location": "home",
            }
        )
        sync_once(pat)
        sync_once(sam)
        # Sam, offline, moves the start; meanwhile Pat signs a note of the meeting
        sam.save({**sam.get(meeting["id"]), "start": "2026-01-05T12:30:00+00:00"})
        pat.save(
            {
                "kind": "note",
                "meeting_id": meeting["id"],
                "network_id": net["id"],
                "author_id": trust["pat"],
                "state": "signed",
                "signed_at": utc_now(),
                "summary": "Robin spoke first",
            }
        )
        sync_once(pat)
        sync_once(sam)
        [refused] = sam.rejected()
        assert "start time can no longer be edited" in refused["reason"]
        assert "meeting correction" in refused["reason"]

        win = _window(qtbot, sam)
        win.show_conflicts()
        panel = win.conflicts_view.refused
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
        assert "Turn your change into a meeting correction" in panel.model.record(0)["_plain"]
        panel.select_row(0)
        assert panel.correction_button.isEnabled()
        correction = panel.turn_into_correction(
            panel.selected(), "The visit began half an hour late"
        )
        assert correction is not None
        assert correction["fields"] == [
            {
                "field": "start",
                "old": "2026-01-05T12:00:00+00:00",
                "new": "2026-01-05T12:30:00+00:00",
            }
        ]
        # the refused revision is taken back and kept in the history; the meeting is as signed
        assert sam.rejected() == []
        assert [w["rev"] for w in sam.withdrawn(meeting["id"])] == [refused["rev"]]
        assert sam.get(meeting["id"])["start"] == "2026-01-05T12:00:00+00:00"
        win.lock()
        sam = open_weak(tmp_path / "sam", PASSPHRASE)
        sync_once(sam)
        assert sam.rejected() == []
        sync_once(pat)
        win_pat = _window(qtbot, pat)
        editor = win_pat.open_meeting(net["id"], meeting["id"])
        assert editor.facts["start"] == "2026-01-05T12:30:00+00:00"
        assert pat.get(meeting["id"])["start"] == "2026-01-05T12:00:00+00:00"
        text = editor.read_back().text()
        assert "Corrected on" in text and "because The visit began half an hour late" in text
        win_pat.lock()
        sam.close()
