"""A meeting note end to end: attendees, voices, options, safety, autosave while typing, sign,
co-sign, addendum, late entry, read-back, PDF only where chosen."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import COLLEAGUE, add_network, hold, type_text


def open_editor(window: Any, **kw: Any) -> Any:
    network = add_network(window.store, **kw)
    window.refresh()
    window.select_network(network["id"])
    return window.open_meeting(network["id"], None)


def pick(editor: Any, text: str) -> None:
    i = next(i for i in range(editor.candidate.count()) if text in editor.candidate.itemText(i))
    editor.candidate.setCurrentIndex(i)
    editor.add_attendee()


def test_write_sign_cosign_addendum(qtbot: Any, window: Any, tmp_path: Path) -> None:
    store = window.store
    editor = open_editor(window)
    saving_threads: set[str] = set()
    note_saves: list[str] = []
    real_save = store.save

    def spy(record: dict) -> dict:
        saving_threads.add(threading.current_thread().name)
        if record.get("kind") == "note":
            note_saves.append(record.get("summary", ""))
        return real_save(record)

    store.save = spy
    started = time.monotonic()
    pick(editor, "the person")
    editor.facilitator.setChecked(True)
    pick(editor, "Alex Fictional")
    editor.facilitator.setChecked(False)
    pick(editor, COLLEAGUE["name"])
    assert editor.attendees.rowCount() == 3
    assert len(editor.voice_edits) == 3

    type_text(editor.summary, "We met at the kitchen table")
    person_key = editor.attendees.attendees()[0]["name"]
    type_text(editor.voice_edits[person_key], "I want to sleep again")
    editor.option_text.setText("Try a walk each morning")
    editor.add_option()
    editor.option_text.setText("Ask the GP about sleep")
    editor.add_option()
    editor.safety_discussed.setChecked(True)
    type_text(editor.safety_text, "No immediate risk said by anyone")
    typed_for = time.monotonic() - started
    # The last words wait for a pause in typing (the timer), not for a write a keystroke.
    assert editor.timer.isActive()

    qtbot.waitUntil(
        lambda: any(
            n.get("summary") == "We met at the kitchen table"
            and bool(n.get("safety", {}).get("text"))
            for n in store.records("note")
        ),
        timeout=10_000,
    )
    assert "MainThread" not in saving_threads  # autosave never writes on the UI thread
    # About 110 keystrokes were written at most once a second of typing plus once after the pause
    # (autosave's MAX_UNSAVED_MS), not once a keystroke; the last write holds the whole summary.
    assert 1 <= len(note_saves) <= 2 + int(typed_for), (len(note_saves), typed_for)
    assert note_saves[-1] == "We met at the kitchen table"
    note = store.records("note")[0]
    assert note["options"] == ["Try a walk each morning", "Ask the GP about sleep"]
    assert note["voices"] == [{"attendee": person_key, "text": "I want to sleep again"}]
    assert note["safety"]["discussed"] is True
    meeting = store.get(note["meeting_id"])
    assert [a.get("role") for a in meeting["attendees"]] == ["person", "network", "practitioner"]
    assert meeting["attendees"][1]["facilitator"] is True
    # autosave amends the unsent draft in place: one revision however much was typed
    assert len(store.history(note["id"])) == 1

    # sign: read-only afterwards, and the store refuses changes
    hold(editor)
    assert not editor.signed_banner.isVisibleTo(editor)
    assert editor.sign()
    signed = store.get(note["id"])
    assert signed["state"] == "signed" and signed["signed_at"]
    assert editor.summary.isReadOnly() and not editor.add_attendee_button.isEnabled()
    # The banner shows in the editor (isVisibleTo: whether or not the test's window is on screen).
    assert editor.signed_banner.isVisibleTo(editor)
    assert not editor.sign_button.isEnabled()

    # the colleague who was there is asked to co-sign; nobody co-signs for her here
    assert signed["cosign_requested"] == [COLLEAGUE["id"]]
    assert f"Awaiting co-signature by {COLLEAGUE['name']}" in editor.signed_banner.text()
    assert editor.cosign_candidates() == [] and not editor.cosign_button.isEnabled()
    assert not editor.cosign(note["id"])
    assert not store.get(note["id"]).get("cosigned_by")
    assert store.get(note["id"])["summary"] == "We met at the kitchen table"

    # addendum with a reason
    add = editor.add_addendum("correction", "The walk is in the afternoon")
    assert add is not None and add["reason"] == "correction"
    assert "afternoon" in editor.addenda_view.toPlainText()

    # read back: large print, only what the note says
    dlg = editor.read_back()
    text = dlg.text()
    assert "I want to sleep again" in text and "Try a walk each morning" in text
    assert f"Awaiting co-signature by {COLLEAGUE['name']}" in text
    assert dlg.browser.font().pointSize() >= 16
    dlg.close()

    # PDF only where chosen, atomically, nothing else left in the folder
    out = tmp_path / "chosen"
    out.mkdir()
    written = editor.save_pdf(str(out / "note.pdf"))
    assert written == str(out / "note.pdf")
    assert [p.name for p in out.iterdir()] == ["note.pdf"]
    assert (out / "note.pdf").read_bytes().startswith(b"%PDF")
    store.save = real_save


def test_pdf_needs_a_signed_note_and_an_existing_folder(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    editor = open_editor(window)
    type_text(editor.summary, "draft words")
    assert editor.save_pdf(str(tmp_path / "draft.pdf")) is None
    assert not (tmp_path / "draft.pdf").exists()
    assert not editor.pdf_button.isEnabled()


def test_late_entry_flag_shown(qtbot: Any, window: Any) -> None:
    editor = open_editor(window)
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    from PySide6.QtCore import QDateTime

    hold(editor)
    editor.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(two_days_ago.timestamp())))
    editor.end.setDateTime(QDateTime.fromSecsSinceEpoch(int(two_days_ago.timestamp()) + 3600))
    type_text(editor.summary, "written later")
    type_text(editor.late_reason, "no laptop at the visit")
    qtbot.waitUntil(
        lambda: bool(
            window.store.records("note") and window.store.records("note")[0].get("late_reason")
        ),
        timeout=10_000,
    )
    note = window.store.records("note")[0]
    assert note["late_entry"] is True
    qtbot.waitUntil(lambda: not editor.late_label.isHidden(), timeout=5000)


def test_reopening_a_meeting_shows_what_was_written(qtbot: Any, window: Any) -> None:
    editor = open_editor(window)
    type_text(editor.reflections, "We wondered together")
    editor.close_editor()
    meeting_id = editor.meeting["id"]
    network_id = editor.meeting["network_id"]
    again = window.open_meeting(network_id, meeting_id)
    assert again.reflections.toPlainText() == "We wondered together"
    assert not again.recovered_banner.isVisibleTo(again)


def test_opening_and_closing_without_typing_writes_nothing(qtbot: Any, window: Any) -> None:
    editor = open_editor(window)
    type_text(editor.summary, "words")
    editor.close_editor()
    store = window.store
    meeting_id, network_id = editor.meeting["id"], editor.meeting["network_id"]
    note_id = store.records("note")[0]["id"]
    before = (store.history(meeting_id), store.history(note_id), store.pending_count())
    again = window.open_meeting(network_id, meeting_id)
    again.close_editor()
    assert (store.history(meeting_id), store.history(note_id), store.pending_count()) == before


def test_colleagues_note_is_shown_read_only(qtbot: Any, window: Any) -> None:
    editor = open_editor(window)
    type_text(editor.summary, "my words")
    editor.close_editor()
    meeting = editor.meeting
    window.store.save(
        {
            "kind": "note",
            "meeting_id": meeting["id"],
            "network_id": meeting["network_id"],
            "author_id": COLLEAGUE["id"],
            "state": "signed",
            "signed_at": "2026-01-05T13:00:00+00:00",
            "reflections": "colleague reflections",
        }
    )
    again = window.open_meeting(meeting["network_id"], meeting["id"])
    assert again.summary.toPlainText() == "my words"  # my own note, editable
    assert not again.summary.isReadOnly()
    assert "colleague reflections" in again.other_notes.toPlainText()
    assert COLLEAGUE["name"] in again.other_notes.toPlainText()
    assert again.other_notes.isReadOnly()


def test_non_stop_typing_is_saved_at_least_every_second(qtbot: Any, window: Any) -> None:
    editor = open_editor(window)
    store = window.store
    typed = ""
    saved_while_typing = False
    for ch in "continuous typing without a pause":
        type_text(editor.summary, ch)
        typed += ch
        qtbot.wait(80)  # a fast typist: never the 0.7 s pause the debounce waits for
        notes = store.records("note")
        if notes and notes[0].get("summary"):
            saved_while_typing = True
            assert typed.startswith(notes[0]["summary"])
    assert saved_while_typing


def test_a_new_meeting_only_opened_is_not_written(qtbot: Any, window: Any) -> None:
    editor = open_editor(window)
    editor.close_editor()
    assert window.store.records("meeting") == []
    assert window.network_page.clock.state is not None and window.network_page.clock.state.waiting


def test_the_signed_note_pdf_is_a_readable_a4_document(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from odesk.ui.pdf_export import identity_line
    from tests.pdfcheck import read_pdf, size_of

    store = window.store
    network = add_network(store, name="Robin Fictional")
    store.save(
        {
            **{k: v for k, v in store.get(network["id"]).items()},
            "person": {
                "name": "Robin Fictional",
                "nhs_number": "9434765919",
                "date_of_birth": "1990-02-01",
            },
        }
    )
    window.refresh()
    window.select_network(network["id"])
    editor = window.open_meeting(network["id"], None)
    pick(editor, "the person")
    pick(editor, COLLEAGUE["name"])
    hold(editor)
    type_text(editor.summary, "We met at the kitchen table")
    long_text = "\n".join(f"Reflection line {i} about sleep and the week ahead" for i in range(90))
    editor.reflections.setPlainText(long_text)
    assert editor.sign()
    editor.add_addendum("late_information", "The GP called after the visit")
    assert editor.correct_meeting(
        [{"field": "location", "old": "home", "new": "clinic"}], "we met at the clinic"
    )

    suggested = editor.suggested_pdf_name()
    assert suggested.startswith("note-fictional-") and suggested.endswith(".pdf")
    assert "Robin" not in suggested and "9434765919" not in suggested
    written = editor.save_pdf(str(tmp_path / suggested))
    assert written is not None
    path = Path(written)
    assert path.stat().st_mode & 0o777 == 0o600  # clinical text: its owner only

    assert PdfReader(str(path)).pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4
    pages = read_pdf(path)
    assert len(pages) >= 2  # the long reflections run over
    for n, page in enumerate(pages, start=1):
        assert "Robin Fictional" in page.text
        assert "NHS number 943 476 5919" in page.text
        assert "born 01/02/1990" in page.text
        assert f"Page {n} of {len(pages)}" in page.text
    everything = " ".join(p.text for p in pages)
    for expected in (
        "We met at the kitchen table",
        "Reflection line 89",
        "Signed by",
        f"Awaiting co-signature by {COLLEAGUE['name']}",
        "The GP called after the visit",
        "because we met at the clinic",  # the meeting correction
    ):
        assert expected in everything, expected
    assert size_of(pages, "We met at the kitchen table") >= 10
    assert size_of(pages, "Reflection line 89") >= 10
    assert size_of(pages, "Page 1 of") >= 9.5
    assert identity_line({"name": "A B"}).startswith("A B")


def test_save_pdf_suggests_the_name_in_qts_own_dialog(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    editor = open_editor(window, name="Robin Fictional")
    hold(editor)
    type_text(editor.summary, "We met")
    assert editor.sign()
    seen: list[str] = []

    def choose() -> None:
        dlg = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QFileDialog) and w.isVisible()
        )
        # not the desktop's native dialog, which would list the file among recent files
        assert dlg.testOption(QFileDialog.Option.DontUseNativeDialog)
        seen.append(dlg.selectedFiles()[0])
        dlg.selectFile(str(tmp_path / "chosen.pdf"))
        dlg.accept()

    QTimer.singleShot(0, choose)
    editor.pdf_button.click()
    assert Path(seen[0]).name == editor.suggested_pdf_name()
    assert Path(seen[0]).name.startswith("note-fictional-")
    written = tmp_path / "chosen.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert written.stat().st_mode & 0o777 == 0o600
