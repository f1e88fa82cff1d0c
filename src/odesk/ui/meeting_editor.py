"""The meeting editor: plan or record a network meeting and write one's own note of it.

Every change restarts a short single-shot timer; when it fires, the meeting and the note are
snapshotted on the UI thread and written by the session's one-thread writer, so typing never
waits on the disk and saves land in order. Until it is pushed, the store amends the draft
revision in place. Signing asks first and then makes the note read-only; later words are addenda.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QStringListModel,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from odesk.core.ids import new_id, parse_time, utc_now
from odesk.core.integrity import awaiting_cosigners, effective_meeting, is_signed_note
from odesk.ui import people
from odesk.ui.a11y import announce
from odesk.ui.attendees import ROLES, AttendeesModel, key, role_label
from odesk.ui.autosave import Autosave
from odesk.ui.cosign_queue import awaiting_text, cosign_note
from odesk.ui.forms import iso, qdt
from odesk.ui.i18n import Context
from odesk.ui.keys import tab_leaves
from odesk.ui.meeting_correction import MeetingCorrectionDialog, save_correction
from odesk.ui.meeting_facts import meeting_facts
from odesk.ui.note_dialogs import AddendumDialog, CosignDialog, text_box
from odesk.ui.note_text import correction_html, note_html
from odesk.ui.pdf_export import PdfError, identity_line, suggested_name, write_pdf
from odesk.ui.readback import ReadBackDialog
from odesk.ui.session import OPEN_EDITORS, Session
from odesk.ui.style import style_as
from odesk.ui.times import datetime_input, format_time, local_time

LATE_AFTER = timedelta(hours=24)
UNSET = QDateTime(QDate(2000, 1, 1), QTime(0, 0))  # a start or end not given yet


Meeting = Context("Meeting")


def _clean(record: dict) -> dict:
    return {k: v for k, v in record.items() if not k.startswith("_")}


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
        self.members = {m["id"]: m for m in self.store.list("member", network_id=network_id)}
        self._loading = True
        self.last_error = ""
        self._said_saved = False  # "Saved" announced to a screen reader since the last failure
        self.autosave = Autosave(self.store, session.writer, self._snapshots, self)
        self.autosave.written.connect(self._written)
        self.autosave.failed.connect(self._write_failed)
        self.timer = self.autosave.timer

        existing = self.store.get(meeting_id) if meeting_id else None
        self._touched = existing is not None
        self.meeting: dict = existing or {
            "id": meeting_id or new_id(),
            "kind": "meeting",
            "network_id": network_id,
            # Planned, with no time yet: only a meeting someone marks held stops the referral
            # clock and counts in the figures.
            "status": "planned",
            "location": "home",
            "attendees": [],
        }
        mine = [
            n
            for n in self.store.list("note", meeting_id=self.meeting["id"])
            if n.get("author_id") == session.user_id
        ]
        self.note: dict = (
            mine[0]
            if mine
            else {
                "id": new_id(),
                "kind": "note",
                "meeting_id": self.meeting["id"],
                "network_id": network_id,
                "author_id": session.user_id,
                "state": "draft",
            }
        )
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

    # --- layout ---------------------------------------------------------------------------------

    def _build(self, recovered: bool) -> None:
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

        body = QWidget()
        col = QVBoxLayout(body)

        # Meeting
        mbox = QGroupBox(Meeting.tr("Meeting"))
        mf = QFormLayout(mbox)
        self.status = QComboBox()
        self.status.setAccessibleName(Meeting.tr("Meeting status"))
        for k, label in (
            ("planned", Meeting.tr("Planned")),
            ("held", Meeting.tr("Held")),
            ("cancelled", Meeting.tr("Cancelled")),
            ("did_not_attend", Meeting.tr("Did not attend")),
        ):
            self.status.addItem(label, k)
        self.start = QDateTimeEdit()
        self.start.setAccessibleName(Meeting.tr("Start"))
        self.end = QDateTimeEdit()
        self.end.setAccessibleName(Meeting.tr("End"))
        for edit in (self.start, self.end):
            datetime_input(edit)
            # The earliest time stands for "no time yet" and reads so.
            edit.setMinimumDateTime(UNSET)
            edit.setSpecialValueText(Meeting.tr("not set"))
        self.location = QComboBox()
        self.location.setAccessibleName(Meeting.tr("Location"))
        for k, label in (
            ("home", Meeting.tr("Home")),
            ("clinic", Meeting.tr("Clinic")),
            ("community", Meeting.tr("Community")),
            ("phone", Meeting.tr("Phone")),
            ("video", Meeting.tr("Video")),
            ("other", Meeting.tr("Other")),
        ):
            self.location.addItem(label, k)
        self.location_detail = QLineEdit()
        self.location_detail.setAccessibleName(Meeting.tr("Location detail"))
        mf.addRow(Meeting.tr("St&atus"), self.status)
        mf.addRow(Meeting.tr("Start"), self.start)
        mf.addRow(Meeting.tr("End"), self.end)
        mf.addRow(Meeting.tr("W&here"), self.location)
        mf.addRow(Meeting.tr("Where exactly"), self.location_detail)
        # Once a note of the meeting is signed its facts are frozen: said here, with the way to
        # correct them, and every correction made so far in words.
        self.frozen_label = QLabel(
            Meeting.tr(
                "A note of this meeting is signed: its status, times, place and attendance are"
                " part of what was signed. Use “Correct meeting details…” to correct them."
            )
        )
        self.frozen_label.setWordWrap(True)
        self.frozen_label.setAccessibleName(Meeting.tr("Meeting details are frozen"))
        self.correct_button = QPushButton(Meeting.tr("Correct meeting details…"))
        self.correct_button.setAccessibleName(Meeting.tr("Correct meeting details"))
        self.correct_button.clicked.connect(self.ask_correction)
        self.corrections_view = QLabel()
        self.corrections_view.setWordWrap(True)
        self.corrections_view.setAccessibleName(Meeting.tr("Corrections of this meeting"))
        mf.addRow(self.frozen_label)
        mf.addRow(self.correct_button)
        mf.addRow(self.corrections_view)
        col.addWidget(mbox)

        # Attendees
        abox = QGroupBox(Meeting.tr("Who came"))
        al = QVBoxLayout(abox)
        self.attendees = AttendeesModel(lambda a: self.attendee_name(key(a)), self)
        self.attendees_view = QTableView()
        self.attendees_view.setModel(self.attendees)
        self.attendees_view.setAccessibleName(Meeting.tr("Attendees"))
        self.attendees_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.attendees_view.verticalHeader().hide()
        self.attendees_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.attendees_view.setMinimumHeight(140)
        tab_leaves(self.attendees_view)
        al.addWidget(self.attendees_view)
        pick = QHBoxLayout()
        self.candidate = QComboBox()
        self.candidate.setAccessibleName(Meeting.tr("Person to add"))
        self.candidate.setEditable(True)
        # Typing goes to the combo box's own line edit: that is what takes the focus and what a
        # screen reader names.
        candidate_edit = self.candidate.lineEdit()
        assert candidate_edit is not None  # an editable combo box has one
        candidate_edit.setAccessibleName(Meeting.tr("Person to add"))
        self.candidate.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role = QComboBox()
        self.role.setAccessibleName(Meeting.tr("Role"))
        for r in ROLES:
            self.role.addItem(role_label(r), r)
        self.candidate.currentIndexChanged.connect(self._candidate_role)
        self.facilitator = QCheckBox(Meeting.tr("Facilitator"))
        self.facilitator.setAccessibleName(Meeting.tr("Facilitator"))
        self.add_attendee_button = QPushButton(Meeting.tr("Add att&endee"))
        self.add_attendee_button.setAccessibleName(Meeting.tr("Add attendee"))
        self.add_attendee_button.clicked.connect(self.add_attendee)
        self.remove_attendee_button = QPushButton(Meeting.tr("Remove"))
        self.remove_attendee_button.setAccessibleName(Meeting.tr("Remove attendee"))
        self.remove_attendee_button.clicked.connect(self._remove_attendee)
        for w in (
            self.candidate,
            self.role,
            self.facilitator,
            self.add_attendee_button,
            self.remove_attendee_button,
        ):
            pick.addWidget(w)
        al.addLayout(pick)
        col.addWidget(abox)

        # Note
        nbox = QGroupBox(Meeting.tr("My note"))
        nf = QFormLayout(nbox)
        self.summary = text_box(Meeting.tr("Summary"), 3)
        nf.addRow(Meeting.tr("Su&mmary"), self.summary)
        self.voices_box = QGroupBox(Meeting.tr("Voices — in each person's own words"))
        self.voices_form = QFormLayout(self.voices_box)
        self.voice_edits: dict[str, QPlainTextEdit] = {}
        nf.addRow(self.voices_box)
        self.reflections = text_box(Meeting.tr("Reflections"))
        nf.addRow(Meeting.tr("Ref&lections"), self.reflections)
        self.options_model = QStringListModel(self)
        self.options_view = QListView()
        self.options_view.setModel(self.options_model)
        self.options_view.setAccessibleName(Meeting.tr("Options discussed"))
        self.options_view.setMaximumHeight(110)
        tab_leaves(self.options_view)
        ob = QHBoxLayout()
        self.option_text = QLineEdit()
        self.option_text.setAccessibleName(Meeting.tr("New option"))
        self.option_text.setPlaceholderText(
            Meeting.tr("An option the network discussed (not a decision)")
        )
        self.option_text.returnPressed.connect(self.add_option)
        add_opt = QPushButton(Meeting.tr("Add option"))
        add_opt.setAccessibleName(Meeting.tr("Add option"))
        add_opt.clicked.connect(self.add_option)
        del_opt = QPushButton(Meeting.tr("Remove option"))
        del_opt.setAccessibleName(Meeting.tr("Remove option"))
        del_opt.clicked.connect(self._remove_option)
        ob.addWidget(self.option_text, 1)
        ob.addWidget(add_opt)
        ob.addWidget(del_opt)
        self.option_buttons = (add_opt, del_opt)
        ow = QWidget()
        ol = QVBoxLayout(ow)
        ol.setContentsMargins(0, 0, 0, 0)
        ol.addWidget(self.options_view)
        ol.addLayout(ob)
        nf.addRow(Meeting.tr("Optio&ns"), ow)
        self.options_model.dataChanged.connect(self.changed)
        self.options_model.rowsInserted.connect(self.changed)
        self.options_model.rowsRemoved.connect(self.changed)
        self.agreements = text_box(Meeting.tr("Agreements"), 3)
        nf.addRow(Meeting.tr("Ag&reements"), self.agreements)
        self.uncertainties = text_box(Meeting.tr("Uncertainties"), 3)
        nf.addRow(Meeting.tr("&Uncertainties"), self.uncertainties)
        self.safety_discussed = QCheckBox(Meeting.tr("Safety was discussed openly"))
        self.safety_discussed.setAccessibleName(Meeting.tr("Safety discussed"))
        self.safety_text = text_box(Meeting.tr("Safety"), 3)
        self.safeguarding = QCheckBox(Meeting.tr("Safeguarding concern"))
        self.safeguarding.setAccessibleName(Meeting.tr("Safeguarding concern"))
        nf.addRow("", self.safety_discussed)
        nf.addRow(Meeting.tr("&Safety"), self.safety_text)
        nf.addRow("", self.safeguarding)
        self.next_set = QCheckBox(Meeting.tr("Ne&xt meeting agreed"))
        self.next_set.setAccessibleName(Meeting.tr("Next meeting agreed"))
        self.next_at = QDateTimeEdit(QDateTime.currentDateTime().addDays(7))
        self.next_at.setAccessibleName(Meeting.tr("Next meeting time"))
        datetime_input(self.next_at)
        self.next_where = QLineEdit()
        self.next_where.setAccessibleName(Meeting.tr("Next meeting place"))
        self.next_where.setPlaceholderText(Meeting.tr("where the network chose"))
        nrow = QHBoxLayout()
        nrow.addWidget(self.next_set)
        nrow.addWidget(self.next_at)
        nrow.addWidget(self.next_where, 1)
        nf.addRow(Meeting.tr("Next meeting"), nrow)
        self.late_reason = QLineEdit()
        self.late_reason.setAccessibleName(Meeting.tr("Why the entry is late"))
        nf.addRow(Meeting.tr("&Why late"), self.late_reason)
        col.addWidget(nbox)

        # Colleagues' own notes of this meeting: read-only, each note has one author
        self.other_notes = QTextBrowser()
        self.other_notes.setAccessibleName(Meeting.tr("Colleagues' notes of this meeting"))
        self.other_notes.setMaximumHeight(220)
        self._show_other_notes()
        col.addWidget(self.other_notes)

        # Supervisors' reviews of my note (the supervisor screens provide the widget)
        self.reviews: QWidget | None = None
        try:
            from odesk.ui.supervisor import ReviewCommentsWidget

            self.reviews = ReviewCommentsWidget(self.store, self.note["id"])
            col.addWidget(self.reviews)
        except ImportError:
            self.reviews = None

        # Addenda
        self.addenda_view = QTextBrowser()
        self.addenda_view.setAccessibleName(Meeting.tr("Addenda"))
        self.addenda_view.setMaximumHeight(160)
        col.addWidget(self.addenda_view)
        col.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(Meeting.tr("Meeting note"))
        scroll.setWidget(body)
        # Not a Tab stop of its own: Tab reaches every control inside, and scrolls to it.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.sign_button = QPushButton(Meeting.tr("S&ign note…"))
        self.sign_button.setAccessibleName(Meeting.tr("Sign note"))
        self.sign_button.clicked.connect(self.ask_sign)
        self.cosign_button = QPushButton(Meeting.tr("C&o-sign a colleague's note…"))
        self.cosign_button.setAccessibleName(Meeting.tr("Co-sign a colleague's note"))
        self.cosign_button.clicked.connect(self.ask_cosign)
        self.addendum_button = QPushButton(Meeting.tr("Add a&ddendum…"))
        self.addendum_button.setAccessibleName(Meeting.tr("Add addendum"))
        self.addendum_button.clicked.connect(self.ask_addendum)
        self.readback_button = QPushButton(Meeting.tr("Read &back"))
        self.readback_button.setAccessibleName(Meeting.tr("Read back"))
        self.readback_button.clicked.connect(self.read_back)
        self.pdf_button = QPushButton(Meeting.tr("Save &PDF…"))
        self.pdf_button.setAccessibleName(Meeting.tr("Save PDF"))
        self.pdf_button.clicked.connect(self.ask_pdf)
        self.remove_button = QPushButton(Meeting.tr("Remo&ve meeting…"))
        self.remove_button.setAccessibleName(Meeting.tr("Remove meeting"))
        self.remove_button.clicked.connect(self.ask_remove)
        self.close_button = QPushButton(Meeting.tr("&Close"))
        self.close_button.setAccessibleName(Meeting.tr("Close meeting"))
        self.close_button.clicked.connect(self.close_editor)
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

        top = QVBoxLayout(self)
        top.addWidget(self.title)
        top.addWidget(self.recovered_banner)
        top.addWidget(self.signed_banner)
        top.addWidget(self.late_label)
        top.addWidget(scroll, 1)
        top.addLayout(buttons)

        for box in (
            self.summary,
            self.reflections,
            self.agreements,
            self.uncertainties,
            self.safety_text,
        ):
            box.textChanged.connect(self.changed)
        for cb in (self.safety_discussed, self.safeguarding, self.next_set):
            cb.toggled.connect(self.changed)
        self.status.currentIndexChanged.connect(self._status_changed)
        for combo in (self.status, self.location):
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.start, self.end, self.next_at):
            edit.dateTimeChanged.connect(self.changed)
        for line in (self.location_detail, self.next_where, self.late_reason):
            line.textChanged.connect(self.changed)
        self.attendees.dataChanged.connect(self.changed)
        self.attendees.rowsInserted.connect(self._attendees_changed)
        self.attendees.rowsRemoved.connect(self._attendees_changed)
        self.attendees.modelReset.connect(self._attendees_changed)

    # --- loading --------------------------------------------------------------------------------

    def _read_facts(self) -> None:
        """The meeting as corrected, its corrections, and whether a note of it is signed."""
        facts, self.corrections = meeting_facts(self.store, self.meeting["id"])
        self.facts = facts if facts is not None else effective_meeting(self.meeting, [])
        self.sealed = is_signed_note(self.note) or any(
            is_signed_note(n) for n in self.store.list("note", meeting_id=self.meeting["id"])
        )

    def _show_other_notes(self) -> None:
        others = [
            n
            for n in self.store.list("note", meeting_id=self.meeting["id"])
            if n.get("author_id") != self.session.user_id
        ]
        self.other_notes.setHtml(
            "".join(
                (
                    "<p><b>"
                    + _esc(
                        Meeting.tr("Note by {who}").format(
                            who=self.session.name_of(n.get("author_id") or "")
                        )
                    )
                    + "</b></p>"
                )
                + note_html(n, None, self.attendee_name, user_name=self.session.name_of)
                + (
                    "<p><i>" + _esc(awaiting_text(n, self.session.name_of)) + "</i></p>"
                    if awaiting_cosigners(n)
                    else ""
                )
                for n in others
            )
        )
        self.other_notes.setVisible(bool(others))

    def _load(self) -> None:
        m, n = self.facts, self.note
        self.status.setCurrentIndex(max(0, self.status.findData(m.get("status") or "planned")))
        start = m.get("start") or m.get("planned_start")
        self.start.setDateTime(qdt(start) if start else UNSET)
        self.end.setDateTime(qdt(m.get("end")) if m.get("end") else UNSET)
        self.location.setCurrentIndex(max(0, self.location.findData(m.get("location") or "home")))
        self.location_detail.setText(m.get("location_detail") or "")
        self._fill_candidates()
        self._voice_texts = {v.get("attendee"): v.get("text") or "" for v in n.get("voices") or []}
        self.attendees.set_attendees(m.get("attendees") or [])
        self.summary.setPlainText(n.get("summary") or "")
        self.reflections.setPlainText(n.get("reflections") or "")
        self.options_model.setStringList(list(n.get("options") or []))
        self.agreements.setPlainText(n.get("agreements") or "")
        self.uncertainties.setPlainText(n.get("uncertainties") or "")
        safety = n.get("safety") or {}
        self.safety_discussed.setChecked(bool(safety.get("discussed")))
        self.safety_text.setPlainText(safety.get("text") or "")
        self.safeguarding.setChecked(bool(safety.get("safeguarding_concern")))
        nxt = n.get("next_meeting") or {}
        self.next_set.setChecked(bool(nxt.get("at")))
        if nxt.get("at"):
            self.next_at.setDateTime(qdt(nxt["at"]))
        self.next_where.setText(nxt.get("location") or "")
        self.late_reason.setText(n.get("late_reason") or "")
        self._show_state()

    def _fill_candidates(self) -> None:
        self.candidate.clear()
        person = (self.network.get("person") or {}).get("name")
        if person:
            self.candidate.addItem(
                Meeting.tr("{name} (the person)").format(name=person),
                {"name": person, "role": "person"},
            )
        for m in sorted(self.members.values(), key=lambda m: m.get("name") or ""):
            label = m.get("name") or ""
            if m.get("relationship"):
                label += f" ({m['relationship']})"
            role = "peer_worker" if m.get("category") == "peer" else "network"
            self.candidate.addItem(label, {"member_id": m["id"], "role": role})
        for u in self.session.colleagues():
            role = (
                "peer_worker"
                if "peer" in str(u.get("profession") or "").lower()
                else "practitioner"
            )
            label = str(u.get("name") or u["id"])
            if u.get("profession"):
                label += f" ({u['profession']})"
            self.candidate.addItem(label, {"user_id": u["id"], "role": role})
        if self.session.user_id not in self.session.directory:
            self.candidate.addItem(
                Meeting.tr("Me"), {"user_id": self.session.user_id, "role": "practitioner"}
            )

    def _candidate_role(self) -> None:
        data = self.candidate.currentData()
        if isinstance(data, dict):
            self.role.setCurrentIndex(max(0, self.role.findData(data.get("role"))))

    def attendee_name(self, attendee_key: str) -> str:
        if attendee_key in self.session.directory or attendee_key == self.session.user_id:
            name = self.session.name_of(attendee_key)
            return Meeting.tr("me") if name == "me" else name
        return people.attendee_name(self.session.directory, self.members, attendee_key)

    # --- editing --------------------------------------------------------------------------------

    @property
    def is_signed(self) -> bool:
        return self.note.get("state") == "signed"

    def add_attendee(self) -> None:
        data = self.candidate.currentData()
        text = self.candidate.currentText().strip()
        if (
            isinstance(data, dict)
            and self.candidate.itemText(self.candidate.currentIndex()) == text
        ):
            attendee = {k: v for k, v in data.items() if k != "role"}
        elif text:
            attendee = {"name": text}
        else:
            return
        attendee["role"] = self.role.currentData()
        attendee["facilitator"] = self.facilitator.isChecked()
        attendee["present"] = True
        self.attendees.add(attendee)

    def _remove_attendee(self) -> None:
        self.attendees.remove(self.attendees_view.currentIndex().row())

    def _attendees_changed(self, *args) -> None:  # type: ignore[no-untyped-def]
        for k, box in self.voice_edits.items():
            self._voice_texts[k] = box.toPlainText()
        while self.voices_form.rowCount():
            self.voices_form.removeRow(0)
        self.voice_edits = {}
        before: QWidget = self.summary  # read in order: the voices come after the summary
        for a in self.attendees.attendees():
            k = key(a)
            box = text_box(Meeting.tr("Voice of {name}").format(name=self.attendee_name(k)), 3)
            box.setPlainText(self._voice_texts.get(k, ""))
            box.setReadOnly(self.is_signed)
            box.textChanged.connect(self.changed)
            self.voice_edits[k] = box
            self.voices_form.addRow(self.attendee_name(k), box)
            QWidget.setTabOrder(before, box)
            before = box
        self.changed()

    def add_option(self) -> None:
        text = self.option_text.text().strip()
        if not text:
            return
        n = self.options_model.rowCount()
        self.options_model.insertRows(n, 1)
        self.options_model.setData(self.options_model.index(n), text)
        self.option_text.clear()

    def _remove_option(self) -> None:
        row = self.options_view.currentIndex().row()
        if row >= 0:
            self.options_model.removeRows(row, 1)

    def set_voice(self, attendee_key: str, text: str) -> None:
        self.voice_edits[attendee_key].setPlainText(text)

    def changed(self, *args) -> None:  # type: ignore[no-untyped-def]
        if self._loading:
            return
        self._touched = True
        self.status_label.setText(Meeting.tr("Editing…"))
        self.autosave.changed()

    # --- snapshots and saving ------------------------------------------------------------------

    def _meeting_content(self, m: dict) -> dict:
        return {
            k: v
            for k, v in _clean(m).items()
            if k
            not in (
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
        }

    def _time(self, edit: QDateTimeEdit) -> str | None:
        return None if edit.dateTime() <= UNSET else iso(edit.dateTime())

    def _status_changed(self) -> None:
        """Marking a meeting held gives it a time to edit: its planned start, else now."""
        if self._loading or self.status.currentData() != "held":
            return
        if self.start.dateTime() <= UNSET:
            now = QDateTime.currentDateTime()
            now = now.addSecs(-(now.time().minute() % 5) * 60 - now.time().second())
            self.start.setDateTime(now)
        if self.end.dateTime() <= UNSET:
            self.end.setDateTime(self.start.dateTime().addSecs(3600))

    def meeting_snapshot(self) -> dict:
        m = dict(self._meeting_content(self.meeting))
        if self.sealed:
            # Frozen: the meeting record keeps the facts that were signed; what the screen
            # shows (the facts as corrected) lives in its corrections.
            return m
        status = self.status.currentData()
        m["status"] = status
        when = self._time(self.start)
        if status == "held":
            m["start"] = when
            m["end"] = self._time(self.end)
        else:
            # Planned, cancelled or not attended: a time it was planned for, never one it began.
            m["planned_start"] = when
            m.pop("start", None)
            m.pop("end", None)
        m["location"] = self.location.currentData()
        m["location_detail"] = self.location_detail.text().strip() or None
        m["attendees"] = self.attendees.attendees()
        return m

    def _has_note_text(self) -> bool:
        return bool(
            self.summary.toPlainText().strip()
            or self.reflections.toPlainText().strip()
            or self.agreements.toPlainText().strip()
            or self.uncertainties.toPlainText().strip()
            or self.safety_text.toPlainText().strip()
            or self.options_model.rowCount()
            or any(b.toPlainText().strip() for b in self.voice_edits.values())
        )

    def note_snapshot(self) -> dict:
        n = self._meeting_content(self.note)
        n["summary"] = self.summary.toPlainText() or None
        voices = []
        for a in self.attendees.attendees():
            k = key(a)
            box = self.voice_edits.get(k)
            text = box.toPlainText() if box else self._voice_texts.get(k, "")
            if text:
                voices.append({"attendee": k, "text": text})
        n["voices"] = voices
        n["reflections"] = self.reflections.toPlainText() or None
        n["options"] = [o for o in self.options_model.stringList() if o.strip()]
        n["agreements"] = self.agreements.toPlainText() or None
        n["uncertainties"] = self.uncertainties.toPlainText() or None
        n["safety"] = {
            "discussed": self.safety_discussed.isChecked(),
            "text": self.safety_text.toPlainText() or None,
            "safeguarding_concern": self.safeguarding.isChecked(),
        }
        if self.next_set.isChecked():
            n["next_meeting"] = {
                "at": iso(self.next_at.dateTime()),
                "location": self.next_where.text().strip() or None,
            }
        else:
            n["next_meeting"] = None
        if "late_entry" not in self.note:
            n["late_entry"] = self._is_late()
        n["late_reason"] = self.late_reason.text().strip() or None
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
        note = self.note_snapshot() if (self._note_exists or self._has_note_text()) else None
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
            text = Meeting.tr(
                "Signed by {who} at {when}. A signed note never changes; add an addendum to correct or add to it."
            ).format(
                who=self.session.name_of(self.note.get("author_id") or ""),
                when=local_time(self.note.get("signed_at")),
            )
            for c in self.note.get("cosigned_by") or []:
                text += " " + Meeting.tr("Co-signed by {who}.").format(
                    who=self.session.name_of(c.get("user_id") or "")
                )
            awaited = awaiting_text(self.note, self.session.name_of)
            if awaited:
                text += " " + awaited
            self.signed_banner.setText(text)
        self.signed_banner.setVisible(signed)
        for w in (
            self.summary,
            self.reflections,
            self.agreements,
            self.uncertainties,
            self.safety_text,
            *self.voice_edits.values(),
        ):
            w.setReadOnly(signed)
        self.sealed = self.sealed or signed
        sealed = self.sealed
        widget: QWidget
        for widget in (
            self.status,
            self.location,
            self.candidate,
            self.role,
            self.facilitator,
            self.add_attendee_button,
            self.remove_attendee_button,
        ):
            widget.setEnabled(not sealed)
        # Read-only rather than disabled: the frozen facts stay readable and reachable.
        self.start.setReadOnly(sealed)
        self.end.setReadOnly(sealed)
        self.location_detail.setReadOnly(sealed)
        self.attendees.read_only = sealed
        self.frozen_label.setVisible(sealed)
        self.correct_button.setVisible(sealed)
        self.correct_button.setEnabled(sealed)
        self.corrections_view.setText(
            "".join(
                correction_html(c, self.attendee_name, self.session.name_of)
                for c in self.corrections
            )
        )
        self.corrections_view.setVisible(bool(self.corrections))
        for widget in (
            self.option_text,
            *self.option_buttons,
            self.safety_discussed,
            self.safeguarding,
            self.next_set,
            self.next_at,
            self.next_where,
            self.late_reason,
        ):
            widget.setEnabled(not signed)
        self.options_view.setEditTriggers(
            QListView.EditTrigger.NoEditTriggers
            if signed
            else QListView.EditTrigger.DoubleClicked | QListView.EditTrigger.EditKeyPressed
        )
        self.sign_button.setEnabled(not signed)
        self.remove_button.setEnabled(not signed)
        self.cosign_button.setEnabled(bool(self.cosign_candidates()))
        self.addendum_button.setEnabled(signed)
        self.pdf_button.setEnabled(signed)
        self._show_addenda()

    def _show_addenda(self) -> None:
        addenda = self.addenda() if self._note_exists else []
        html = "".join(
            (
                "<p><b>"
                + Meeting.tr("Addendum")
                + " — "
                + a.get("reason", "").replace("_", " ")
                + "</b>, "
                + self.session.name_of(a.get("author_id") or "")
                + ", "
                + local_time(a.get("created_at"))
                + "<br>"
                + _esc(a.get("text"))
                + "</p>"
            )
            for a in addenda
        )
        self.addenda_view.setHtml(html)
        self.addenda_view.setVisible(bool(addenda))

    def addenda(self) -> list[dict]:
        return sorted(
            self.store.list("addendum", note_id=self.note["id"]),
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
            for n in self.store.list("note", meeting_id=self.meeting["id"])
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
        if self.status.currentData() != "held" or self._time(self.start) is None:
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
            m = self.facts
            self.status.setCurrentIndex(max(0, self.status.findData(m.get("status") or "planned")))
            start = m.get("start") or m.get("planned_start")
            self.start.setDateTime(qdt(start) if start else UNSET)
            self.end.setDateTime(qdt(m.get("end")) if m.get("end") else UNSET)
            self.location.setCurrentIndex(
                max(0, self.location.findData(m.get("location") or "home"))
            )
            self.location_detail.setText(m.get("location_detail") or "")
            if self.sealed:
                self.attendees.set_attendees(m.get("attendees") or [])
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
        if self.reviews is not None and hasattr(self.reviews, "refresh"):
            self.reviews.refresh()
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


def _esc(text: str | None) -> str:
    from html import escape

    return escape(text or "").replace("\n", "<br>")
