"""The meeting editor: plan or record a network meeting and write one's own note of it.

It composes the meeting form (facts and attendees, ui/meeting_form.py) and the note form (my
note, ui/note_form.py) with what a note goes through: autosave, signing and co-signing, meeting
corrections, addenda, read-back and the PDF. Every change restarts a short single-shot timer;
when it fires, the meeting and the note are snapshotted on the UI thread and written by the
session's one-thread writer, so typing never waits on the disk and saves land in order. Until it
is pushed, the store amends the draft revision in place. Signing asks first and then makes the
note read-only; later words are addenda.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from odesk.core.ids import new_id, parse_time, utc_now
from odesk.core.integrity import awaiting_cosigners, effective_meeting, is_signed_note
from odesk.ui.a11y import announce
from odesk.ui.autosave import Autosave
from odesk.ui.cosign_queue import awaiting_text, cosign_note
from odesk.ui.i18n import Context
from odesk.ui.meeting_correction import MeetingCorrectionDialog, save_correction
from odesk.ui.meeting_facts import meeting_facts
from odesk.ui.meeting_form import UNSET, MeetingForm
from odesk.ui.note_dialogs import AddendumDialog, CosignDialog
from odesk.ui.note_form import NoteForm
from odesk.ui.note_text import note_html
from odesk.ui.notes_alongside import NotesAlongside
from odesk.ui.pdf_export import PdfError, identity_line, suggested_name, write_pdf
from odesk.ui.readback import ReadBackDialog
from odesk.ui.session import OPEN_EDITORS, Session
from odesk.ui.style import style_as
from odesk.ui.times import format_time, local_time

__all__ = ["LATE_AFTER", "UNSET", "MeetingEditor"]

LATE_AFTER = timedelta(hours=24)

# What a record carries besides its content: never part of a snapshot.
_BOOKKEEPING = (
    "rev",
    "parent_revs",
    "hlc",
    "updated_at",
    "updated_by",
    "device_id",
    "created_at",
    "created_by",
    "deleted",
)

Meeting = Context("Meeting")


def _content(record: dict) -> dict:
    return {k: v for k, v in record.items() if not k.startswith("_") and k not in _BOOKKEEPING}


def _button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.clicked.connect(slot)
    return button


class MeetingEditor(QWidget):
    saved = Signal()  # after each write reaches the store
    save_failed = Signal(str)
    signed = Signal(str)  # note id
    closed = Signal()

    def __init__(
        self,
        session: Session,
        network_id: str,
        meeting_id: str | None = None,
        *,
        recovered: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.store = session.store
        self.network = self.store.get(network_id) or {"id": network_id, "person": {}}
        self.members = {m["id"]: m for m in self.store.records("member", network_id=network_id)}
        self._loading = True
        self.last_error = ""
        self._said_saved = False  # "Saved" announced to a screen reader since the last failure
        self.autosave = Autosave(self.store, session.writer, self._snapshots, self)
        self.autosave.written.connect(self._written)
        self.autosave.failed.connect(self._write_failed)
        self.timer = self.autosave.timer

        existing = self.store.get(meeting_id) if meeting_id else None
        self._touched = existing is not None
        self.meeting: dict = existing or self._new_meeting(network_id, meeting_id)
        mine = [
            n
            for n in self.store.records("note", meeting_id=self.meeting["id"])
            if n.get("author_id") == session.user_id
        ]
        self.note: dict = mine[0] if mine else self._new_note(network_id)
        self._note_exists = bool(mine)
        self._read_facts()
        self._build(recovered)
        self._load()
        self._loading = False
        # What is on screen now counts as saved: only a real edit makes a new write.
        self.autosave.base(
            "meeting", self.meeting.get("rev"), self.meeting_snapshot() if existing else None
        )
        self.autosave.base("note", self.note.get("rev"), self.note_snapshot() if mine else None)
        self._remember_open(True)

    def _new_meeting(self, network_id: str, meeting_id: str | None) -> dict:
        return {
            "id": meeting_id or new_id(),
            "kind": "meeting",
            "network_id": network_id,
            # Planned, with no time yet: only a meeting someone marks held stops the referral
            # clock and counts in the figures.
            "status": "planned",
            "location": "home",
            "attendees": [],
        }

    def _new_note(self, network_id: str) -> dict:
        return {
            "id": new_id(),
            "kind": "note",
            "meeting_id": self.meeting["id"],
            "network_id": network_id,
            "author_id": self.session.user_id,
            "state": "draft",
        }

    # --- layout ---------------------------------------------------------------------------------

    def _build(self, recovered: bool) -> None:
        """Banners over the scrolled sections (meeting, note, colleagues' notes, reviews,
        addenda) over a row of buttons."""
        self.meeting_form = MeetingForm(self.session, self.network, self.members)
        self.note_form = NoteForm()
        self._name_controls()
        top = QVBoxLayout(self)
        for banner in self._banners(recovered):
            top.addWidget(banner)
        top.addWidget(self._sections(), 1)
        top.addLayout(self._buttons())
        self.correct_button.clicked.connect(self.ask_correction)
        self.meeting_form.changed.connect(self.changed)
        self.meeting_form.attendees_changed.connect(self._attendees_changed)
        self.note_form.changed.connect(self.changed)

    def _name_controls(self) -> None:
        """The forms' controls under the editor's own names: what the main window, the tests and
        the benchmarks drive."""
        mf, nf = self.meeting_form, self.note_form
        self.status, self.start, self.end = mf.status, mf.start, mf.end
        self.location, self.location_detail = mf.location, mf.location_detail
        self.frozen_label, self.correct_button = mf.frozen_label, mf.correct_button
        self.corrections_view = mf.corrections_view
        self.attendees, self.candidate, self.role = mf.attendees, mf.candidate, mf.role
        self.facilitator, self.add_attendee_button = mf.facilitator, mf.add_attendee_button
        self.attendee_name, self.add_attendee = mf.attendee_name, mf.add_attendee
        self.summary, self.reflections, self.voice_edits = (
            nf.summary,
            nf.reflections,
            nf.voice_edits,
        )
        self.agreements, self.uncertainties = nf.agreements, nf.uncertainties
        self.safety_discussed, self.safety_text = nf.safety_discussed, nf.safety_text
        self.safeguarding, self.next_at, self.late_reason = (
            nf.safeguarding,
            nf.next_at,
            nf.late_reason,
        )
        self.option_text, self.add_option, self.set_voice = (
            nf.option_text,
            nf.add_option,
            nf.set_voice,
        )

    def _banners(self, recovered: bool) -> tuple[QLabel, ...]:
        person = (self.network.get("person") or {}).get("name") or ""
        self.title = QLabel(Meeting.tr("Network meeting — {name}").format(name=person))
        style_as(self.title, "PageTitle")
        self.recovered_banner = QLabel(
            Meeting.tr(
                "Recovered draft: odesk closed before this meeting was finished. Everything saved up to then is here."
            )
        )
        style_as(self.recovered_banner, "Banner")
        self.recovered_banner.setWordWrap(True)
        self.recovered_banner.setAccessibleName(Meeting.tr("Recovered draft"))
        self.recovered_banner.setVisible(recovered)
        self.signed_banner = QLabel()
        style_as(self.signed_banner, "SignedBanner")
        self.signed_banner.setAccessibleName(Meeting.tr("Signature"))
        self.late_label = QLabel(
            Meeting.tr("Late entry: first written more than 24 hours after the meeting")
        )
        style_as(self.late_label, "LateEntry")
        self.late_label.setAccessibleName(Meeting.tr("Late entry"))
        self.status_label = QLabel()
        self.status_label.setAccessibleName(Meeting.tr("Save status"))
        return (self.title, self.recovered_banner, self.signed_banner, self.late_label)

    def _sections(self) -> QScrollArea:
        body = QWidget()
        col = QVBoxLayout(body)
        col.addWidget(self.meeting_form)
        col.addWidget(self.note_form)
        self.alongside = NotesAlongside(self.session, self.note["id"], self.attendee_name)
        self.other_notes, self.addenda_view = (
            self.alongside.other_notes,
            self.alongside.addenda_view,
        )
        self._show_other_notes()
        col.addWidget(self.alongside)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(Meeting.tr("Meeting note"))
        scroll.setWidget(body)
        # Not a Tab stop of its own: Tab reaches every control inside, and scrolls to it.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return scroll

    def _buttons(self) -> QHBoxLayout:
        self.sign_button = _button(
            Meeting.tr("S&ign note…"), Meeting.tr("Sign note"), self.ask_sign
        )
        self.cosign_button = _button(
            Meeting.tr("C&o-sign a colleague's note…"),
            Meeting.tr("Co-sign a colleague's note"),
            self.ask_cosign,
        )
        self.addendum_button = _button(
            Meeting.tr("Add a&ddendum…"), Meeting.tr("Add addendum"), self.ask_addendum
        )
        self.readback_button = _button(
            Meeting.tr("Read &back"), Meeting.tr("Read back"), self.read_back
        )
        self.pdf_button = _button(Meeting.tr("Save &PDF…"), Meeting.tr("Save PDF"), self.ask_pdf)
        self.remove_button = _button(
            Meeting.tr("Remo&ve meeting…"), Meeting.tr("Remove meeting"), self.ask_remove
        )
        self.close_button = _button(
            Meeting.tr("&Close"), Meeting.tr("Close meeting"), self.close_editor
        )
        buttons = QHBoxLayout()
        for b in (
            self.sign_button,
            self.cosign_button,
            self.addendum_button,
            self.readback_button,
            self.pdf_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.status_label)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.close_button)
        return buttons

    # --- loading --------------------------------------------------------------------------------

    def _read_facts(self) -> None:
        """The meeting as corrected, its corrections, and whether a note of it is signed."""
        facts, self.corrections = meeting_facts(self.store, self.meeting["id"])
        self.facts = facts if facts is not None else effective_meeting(self.meeting, [])
        self.sealed = is_signed_note(self.note) or any(
            is_signed_note(n) for n in self.store.records("note", meeting_id=self.meeting["id"])
        )

    def _show_other_notes(self) -> None:
        self.alongside.show_other_notes(self.meeting["id"])

    def _load(self) -> None:
        self.meeting_form.show_facts(self.facts)
        self.meeting_form.fill_candidates()
        # The note's voice texts first: setting the attendees makes their voice boxes.
        self.note_form.show_note(self.note)
        self.attendees.set_attendees(self.facts.get("attendees") or [])
        self._show_state()

    # --- editing --------------------------------------------------------------------------------

    @property
    def is_signed(self) -> bool:
        return self.note.get("state") == "signed"

    def _attendees_changed(self, *args) -> None:
        self.note_form.show_voices(
            self.attendees.attendees(), self.attendee_name, read_only=self.is_signed
        )
        self.changed()

    def changed(self, *args) -> None:
        if self._loading:
            return
        self._touched = True
        self.status_label.setText(Meeting.tr("Editing…"))
        self.autosave.changed()

    # --- snapshots and saving ------------------------------------------------------------------

    def meeting_snapshot(self) -> dict:
        m = _content(self.meeting)
        if self.sealed:
            # Frozen: the meeting record keeps the facts that were signed; what the screen
            # shows (the facts as corrected) lives in its corrections.
            return m
        return self.meeting_form.write_into(m)

    def note_snapshot(self) -> dict:
        n = self.note_form.write_into(_content(self.note), self.attendees.attendees())
        if "late_entry" not in self.note:
            n["late_entry"] = self._is_late()
        return n

    def _is_late(self) -> bool:
        ended = self.meeting_snapshot().get("end")
        if not ended:
            return False
        try:
            return datetime.now(UTC) - parse_time(ended) > LATE_AFTER
        except ValueError:
            return False

    def _snapshots(self) -> dict[str, dict | None]:
        """What autosave writes: nothing once signed or before any edit; the note once it has text."""
        if self.is_signed or not self._touched:
            return {}  # a meeting only opened, never edited, is not written
        has_note = self._note_exists or self.note_form.has_text()
        note = self.note_snapshot() if has_note else None
        if note is not None:
            self._note_exists = True
            if "late_entry" not in self.note:
                self.note["late_entry"] = note["late_entry"]
                self.late_label.setVisible(bool(note["late_entry"]))
        self.status_label.setText(Meeting.tr("Saving…"))
        return {"meeting": self.meeting_snapshot(), "note": note}

    def flush(self) -> None:
        """Hand the current text to the writer now (the autosave timer calls this)."""
        self.autosave.flush()

    def _written(self, out: dict) -> None:
        if "meeting" in out:
            self.meeting = {**out["meeting"]}
        if "note" in out:
            self.note = {**out["note"]}
            self._show_state()
        if self.autosave.pending == 0:
            self.status_label.setText(
                Meeting.tr("Saved {time}").format(time=format_time(datetime.now().astimezone()))
            )
            if not self._said_saved:  # said once, not at every autosave while they type
                self._said_saved = True
                announce(self.status_label, Meeting.tr("Saved"))
        self.saved.emit()

    def _write_failed(self, message: str) -> None:
        self.last_error = message
        self.status_label.setText(Meeting.tr("Not saved: {error}").format(error=message))
        self._said_saved = False
        announce(self.status_label, self.status_label.text(), assertive=True)
        self.save_failed.emit(message)

    @property
    def saving(self) -> bool:
        return self.autosave.saving

    # --- sign, co-sign, addenda ----------------------------------------------------------------

    def _show_state(self) -> None:
        signed = self.is_signed
        self.late_label.setVisible(bool(self.note.get("late_entry")))
        if signed:
            self.signed_banner.setText(self._signature_text())
        self.signed_banner.setVisible(signed)
        self.sealed = self.sealed or signed
        self.meeting_form.show_sealed(self.sealed, self.corrections)
        self.note_form.show_signed(signed)
        self.sign_button.setEnabled(not signed)
        self.remove_button.setEnabled(not signed)
        self.cosign_button.setEnabled(bool(self.cosign_candidates()))
        self.addendum_button.setEnabled(signed)
        self.pdf_button.setEnabled(signed)
        self._show_addenda()

    def _signature_text(self) -> str:
        name_of = self.session.name_of
        text = Meeting.tr(
            "Signed by {who} at {when}. A signed note never changes; add an addendum to correct or add to it."
        ).format(
            who=name_of(self.note.get("author_id") or ""),
            when=local_time(self.note.get("signed_at")),
        )
        for c in self.note.get("cosigned_by") or []:
            text += " " + Meeting.tr("Co-signed by {who}.").format(
                who=name_of(c.get("user_id") or "")
            )
        awaited = awaiting_text(self.note, name_of)
        if awaited:
            text += " " + awaited
        return text

    def _show_addenda(self) -> None:
        self.alongside.show_addenda(self.addenda() if self._note_exists else [])

    def addenda(self) -> list[dict]:
        return sorted(
            self.store.records("addendum", note_id=self.note["id"]),
            key=lambda a: a.get("created_at") or "",
        )

    def requested_cosigners(self) -> list[str]:
        """Who this note asks to co-sign when signed: the other practitioners who were there."""
        out = []
        for a in self.attendees.attendees():
            uid = a.get("user_id")
            if uid and uid != self.session.user_id and uid not in out and a.get("present", True):
                out.append(uid)
        return out

    def cosign_candidates(self) -> list[tuple[str, str]]:
        """Colleagues' signed notes of this meeting that await my own co-signature:
        [(note id, label)]. Nobody co-signs for someone else."""
        me = self.session.user_id
        return [
            (
                n["id"],
                Meeting.tr("Note by {who}").format(
                    who=self.session.name_of(n.get("author_id") or "")
                ),
            )
            for n in self.store.records("note", meeting_id=self.meeting["id"])
            if n.get("author_id") != me and me in awaiting_cosigners(n)
        ]

    def wait_saved(self, msecs: int = 30_000) -> None:
        """Write anything typed and wait for the writer (before signing, locking, closing)."""
        if self.timer.isActive() or not self.is_signed:
            self.flush()
        self.autosave.wait(msecs)
        QCoreApplication.processEvents()

    def ask_sign(self) -> None:
        answer = QMessageBox.question(
            self,
            Meeting.tr("Sign this note?"),
            Meeting.tr(
                "Once signed, this note can no longer change. Corrections are made with an addendum. Sign now?"
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.sign()

    def sign(self) -> bool:
        self.wait_saved()
        if self.is_signed:
            return True
        if self.status.currentData() != "held" or self.meeting_form.start_time() is None:
            # A note records a meeting that happened: its time is what the clock and figures use.
            QMessageBox.warning(
                self,
                Meeting.tr("Not signed"),
                Meeting.tr(
                    "Mark the meeting as held, with the time it started, before signing its note."
                ),
            )
            return False
        note = self.note_snapshot()
        note.update(
            {
                "state": "signed",
                "signed_at": utc_now(),
                "cosign_requested": self.requested_cosigners(),
            }
        )
        try:
            base = self.autosave.rev("note")
            stored = self.store.save({**note, "rev": base} if base else note)
        except Exception as exc:
            QMessageBox.warning(self, Meeting.tr("Not signed"), str(exc))
            return False
        self._note_exists = True
        self.autosave.set_rev("note", stored["rev"])
        self.note = stored
        self._show_state()
        self.signed.emit(stored["id"])
        return True

    def ask_cosign(self) -> None:
        dlg = CosignDialog(self.cosign_candidates(), self)
        if dlg.exec() and dlg.who.currentData():
            self.cosign(dlg.who.currentData())

    def cosign(self, note_id: str) -> bool:
        """Add my own co-signature to a colleague's signed note of this meeting."""
        note = self.store.get(note_id)
        if note is None or note_id not in {i for i, _ in self.cosign_candidates()}:
            return False
        try:
            cosign_note(self.store, note, self.session.user_id)
        except Exception as exc:
            QMessageBox.warning(self, Meeting.tr("Not co-signed"), str(exc))
            return False
        self._show_other_notes()
        self._show_state()
        return True

    def ask_correction(self) -> None:
        dlg = MeetingCorrectionDialog(self.facts, self.attendee_name, self)
        if dlg.exec():
            self.correct_meeting(dlg.fields(), dlg.reason_text())

    def correct_meeting(self, fields: list[dict], reason: str) -> dict | None:
        """Save a meeting correction and show the meeting as corrected."""
        if not self.sealed:
            return None
        try:
            stored = save_correction(self.store, self.facts, fields, reason, self.session.user_id)
        except Exception as exc:
            QMessageBox.warning(self, Meeting.tr("Correction not saved"), str(exc))
            return None
        self._refresh_facts()
        return stored

    def _refresh_facts(self) -> None:
        """Show the meeting's facts as corrected now (after a correction or a sync)."""
        current = self.store.get(self.meeting["id"])
        if current is not None:
            self.meeting = current
        self._read_facts()
        was_loading, self._loading = self._loading, True
        try:
            self.meeting_form.show_facts(self.facts)
            if self.sealed:
                self.attendees.set_attendees(self.facts.get("attendees") or [])
        finally:
            self._loading = was_loading
        self.autosave.base("meeting", self.meeting.get("rev"), self.meeting_snapshot())
        self._show_state()

    def ask_addendum(self) -> None:
        dlg = AddendumDialog(self)
        if dlg.exec():
            self.add_addendum(dlg.reason.currentData(), dlg.text.toPlainText())

    def add_addendum(self, reason: str, text: str) -> dict | None:
        if not self.is_signed or not text.strip():
            return None
        try:
            stored = self.store.save(
                {
                    "kind": "addendum",
                    "note_id": self.note["id"],
                    "network_id": self.note.get("network_id"),
                    "author_id": self.session.user_id,
                    "reason": reason,
                    "text": text,
                }
            )
        except Exception as exc:
            QMessageBox.warning(self, Meeting.tr("Addendum not saved"), str(exc))
            return None
        self._show_addenda()
        return stored

    # --- read back and PDF ---------------------------------------------------------------------

    def html(self, *, for_pdf: bool = False, hide_safety: bool = False) -> str:
        note = self.note if self.is_signed else {**self.note, **self.note_snapshot()}
        facts = self.facts if self.sealed else self.meeting_snapshot()
        return note_html(
            note,
            facts,
            self.attendee_name,
            corrections=self.corrections if self.sealed else None,
            person_name=(self.network.get("person") or {}).get("name") or "",
            addenda=self.addenda() if self._note_exists else None,
            user_name=self.session.name_of,
            hide_safety=hide_safety,
        )

    def read_back(self) -> ReadBackDialog:
        """Large print for the room: the safety section hidden until the practitioner asks."""
        not_to_share = sorted(
            str(m.get("name") or "") for m in self.members.values() if m.get("may_share") is False
        )
        dlg = ReadBackDialog(
            self.html(hide_safety=True),
            self,
            full_html=self.html(),
            not_to_share=not_to_share,
        )
        dlg.setModal(True)
        dlg.show()
        self.readback_dialog = dlg
        return dlg

    def suggested_pdf_name(self) -> str:
        """note-<surname>-<meeting date>.pdf: findable again, and nothing clinical in it."""
        meeting = self.meeting_snapshot()
        when = meeting.get("start") or meeting.get("planned_start")
        try:
            day = parse_time(when).astimezone().date().isoformat() if when else None
        except ValueError:
            day = None
        return suggested_name("note", self.network.get("person") or {}, day)

    def ask_pdf(self) -> None:
        from PySide6.QtCore import QStandardPaths

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(
            self,
            Meeting.tr("Save the signed note as PDF"),
            str(Path(folder) / self.suggested_pdf_name()),
            Meeting.tr("PDF files (*.pdf)"),
            # Qt's own dialog: a desktop's native one records the chosen file, whose name
            # carries the person's surname, in its recent-files list outside the store.
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if path:
            self.save_pdf(path)

    def save_pdf(self, path: str) -> str | None:
        if not self.is_signed:
            return None
        try:
            written = write_pdf(
                self.html(for_pdf=True),
                path,
                title=Meeting.tr("Network meeting note"),
                identity=identity_line(self.network.get("person") or {}),
            )
        except PdfError as exc:
            QMessageBox.warning(self, Meeting.tr("PDF not written"), str(exc))
            return None
        self.store.audit("export_pdf", self.note["id"])
        return str(written)

    # --- removal --------------------------------------------------------------------------------

    def ask_remove(self) -> None:
        from odesk.ui.meeting_removal import removal_blocker
        from odesk.ui.reason_dialog import ReasonDialog

        blocker = removal_blocker(self.store, self.meeting["id"], self.session.user_id)
        if blocker:
            QMessageBox.information(self, Meeting.tr("Meeting kept"), blocker)
            return
        dlg = ReasonDialog(
            Meeting.tr("Remove this meeting?"),
            Meeting.tr(
                "The meeting and your draft note of it are removed from the timeline. They stay in"
                " the network's history with your reason."
            ),
            Meeting.tr("Why the meeting is removed"),
            self,
        )
        self.remove_dialog = dlg
        if dlg.exec():
            self.remove(dlg.text())

    def remove(self, reason: str) -> bool:
        """Write the tombstones (after anything still being saved) and close the editor."""
        from odesk.ui.meeting_removal import RemovalRefused, remove_meeting

        self.wait_saved()
        if self.store.get(self.meeting["id"]) is not None:
            try:
                remove_meeting(self.store, self.meeting["id"], reason, self.session.user_id)
            except (RemovalRefused, ValueError) as exc:
                QMessageBox.warning(self, Meeting.tr("Meeting not removed"), str(exc))
                return False
        self._touched = False  # nothing more to save: closing writes nothing
        self.shutdown(forget=True)
        self.closed.emit()
        return True

    def refresh_from_sync(self) -> None:
        """After a sync: reviews and addenda may have arrived; the text being typed stays."""
        self.alongside.refresh_reviews()
        if self.is_signed:
            # co-signatures arrive by sync, from the co-signers' own laptops
            self.note = self.store.get(self.note["id"]) or self.note
            self._show_state()
        if self._note_exists:
            self._show_addenda()
        self._show_other_notes()
        # A colleague's signature or correction may have arrived: once sealed, the screen
        # shows the facts as corrected (nothing typed is lost: the meeting is no longer written).
        if not self.timer.isActive() and self.autosave.pending == 0:
            self._read_facts()
            if self.sealed:
                self._refresh_facts()

    # --- lifecycle ------------------------------------------------------------------------------

    def _remember_open(self, is_open: bool) -> None:
        ids = [
            i
            for i in self.store.meta_get(OPEN_EDITORS) or []
            if i.get("meeting_id") != self.meeting["id"]
        ]
        if is_open:
            ids.append({"meeting_id": self.meeting["id"], "network_id": self.meeting["network_id"]})
        self.store.meta_set(OPEN_EDITORS, ids)

    def shutdown(self, *, forget: bool) -> None:
        """Save what was typed; forget=True when the user closed the editor (not a lock or crash)."""
        if self.store.closed:
            return
        self.wait_saved()
        if forget:
            self._remember_open(False)

    def close_editor(self) -> None:
        self.shutdown(forget=True)
        self.closed.emit()
