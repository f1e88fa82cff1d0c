"""The note form of the meeting editor: my own note of a meeting ("My note").

Summary, a voice for each attendee in their own words, reflections, the options discussed,
agreements, uncertainties, safety, the next meeting and why a late entry is late. It reads a
note in, writes what is on screen into a note snapshot, and turns read-only once signed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QStringListModel, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from odesk.ui.attendees import key
from odesk.ui.forms import iso, qdt
from odesk.ui.i18n import Context
from odesk.ui.keys import tab_leaves
from odesk.ui.note_dialogs import text_box
from odesk.ui.times import datetime_input

# The editor's strings keep the one context they were translated under.
Meeting = Context("Meeting")


class NoteForm(QGroupBox):
    changed = Signal()  # anything in the note edited

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Meeting.tr("My note"), parent)
        self.voice_edits: dict[str, QPlainTextEdit] = {}  # by attendee key, in attendee order
        self._voice_texts: dict[str, str] = {}  # what each voice says, box or not
        form = QFormLayout(self)
        self.summary = text_box(Meeting.tr("Summary"), 3)
        form.addRow(Meeting.tr("Su&mmary"), self.summary)
        self.voices_box = QGroupBox(Meeting.tr("Voices — in each person's own words"))
        self.voices_form = QFormLayout(self.voices_box)
        form.addRow(self.voices_box)
        self.reflections = text_box(Meeting.tr("Reflections"))
        form.addRow(Meeting.tr("Ref&lections"), self.reflections)
        form.addRow(Meeting.tr("Optio&ns"), self._options())
        self.agreements = text_box(Meeting.tr("Agreements"), 3)
        form.addRow(Meeting.tr("Ag&reements"), self.agreements)
        self.uncertainties = text_box(Meeting.tr("Uncertainties"), 3)
        form.addRow(Meeting.tr("&Uncertainties"), self.uncertainties)
        self._safety_rows(form)
        form.addRow(Meeting.tr("Next meeting"), self._next_meeting())
        self.late_reason = QLineEdit()
        self.late_reason.setAccessibleName(Meeting.tr("Why the entry is late"))
        form.addRow(Meeting.tr("&Why late"), self.late_reason)
        self._connect()

    # --- layout ---------------------------------------------------------------------------------

    def _options(self) -> QWidget:
        """The options the network discussed: a list, a line to type one, add and remove."""
        self.options_model = QStringListModel(self)
        self.options_view = QListView()
        self.options_view.setModel(self.options_model)
        self.options_view.setAccessibleName(Meeting.tr("Options discussed"))
        self.options_view.setMaximumHeight(110)
        tab_leaves(self.options_view)
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
        row = QHBoxLayout()
        row.addWidget(self.option_text, 1)
        row.addWidget(add_opt)
        row.addWidget(del_opt)
        self.option_buttons = (add_opt, del_opt)
        options = QWidget()
        col = QVBoxLayout(options)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.options_view)
        col.addLayout(row)
        return options

    def _safety_rows(self, form: QFormLayout) -> None:
        self.safety_discussed = QCheckBox(Meeting.tr("Safety was discussed openly"))
        self.safety_discussed.setAccessibleName(Meeting.tr("Safety discussed"))
        self.safety_text = text_box(Meeting.tr("Safety"), 3)
        self.safeguarding = QCheckBox(Meeting.tr("Safeguarding concern"))
        self.safeguarding.setAccessibleName(Meeting.tr("Safeguarding concern"))
        form.addRow("", self.safety_discussed)
        form.addRow(Meeting.tr("&Safety"), self.safety_text)
        form.addRow("", self.safeguarding)

    def _next_meeting(self) -> QHBoxLayout:
        self.next_set = QCheckBox(Meeting.tr("Ne&xt meeting agreed"))
        self.next_set.setAccessibleName(Meeting.tr("Next meeting agreed"))
        self.next_at = QDateTimeEdit(QDateTime.currentDateTime().addDays(7))
        self.next_at.setAccessibleName(Meeting.tr("Next meeting time"))
        datetime_input(self.next_at)
        self.next_where = QLineEdit()
        self.next_where.setAccessibleName(Meeting.tr("Next meeting place"))
        self.next_where.setPlaceholderText(Meeting.tr("where the network chose"))
        row = QHBoxLayout()
        row.addWidget(self.next_set)
        row.addWidget(self.next_at)
        row.addWidget(self.next_where, 1)
        return row

    def _connect(self) -> None:
        for model_signal in (
            self.options_model.dataChanged,
            self.options_model.rowsInserted,
            self.options_model.rowsRemoved,
        ):
            model_signal.connect(self.changed)
        for box in self._text_boxes():
            box.textChanged.connect(self.changed)
        for cb in (self.safety_discussed, self.safeguarding, self.next_set):
            cb.toggled.connect(self.changed)
        self.next_at.dateTimeChanged.connect(self.changed)
        for line in (self.next_where, self.late_reason):
            line.textChanged.connect(self.changed)

    def _text_boxes(self) -> tuple[QPlainTextEdit, ...]:
        return (
            self.summary,
            self.reflections,
            self.agreements,
            self.uncertainties,
            self.safety_text,
        )

    # --- showing --------------------------------------------------------------------------------

    def show_note(self, note: dict) -> None:
        """The note's fields; its voices show once the attendees are set (`show_voices`)."""
        self._voice_texts = {
            v.get("attendee"): v.get("text") or "" for v in note.get("voices") or []
        }
        self.summary.setPlainText(note.get("summary") or "")
        self.reflections.setPlainText(note.get("reflections") or "")
        self.options_model.setStringList(list(note.get("options") or []))
        self.agreements.setPlainText(note.get("agreements") or "")
        self.uncertainties.setPlainText(note.get("uncertainties") or "")
        safety = note.get("safety") or {}
        self.safety_discussed.setChecked(bool(safety.get("discussed")))
        self.safety_text.setPlainText(safety.get("text") or "")
        self.safeguarding.setChecked(bool(safety.get("safeguarding_concern")))
        nxt = note.get("next_meeting") or {}
        self.next_set.setChecked(bool(nxt.get("at")))
        if nxt.get("at"):
            self.next_at.setDateTime(qdt(nxt["at"]))
        self.next_where.setText(nxt.get("location") or "")
        self.late_reason.setText(note.get("late_reason") or "")

    def show_voices(
        self, attendees: list[dict], name_of: Callable[[str], str], *, read_only: bool
    ) -> None:
        """One voice box per attendee, keeping what each says across additions and removals."""
        for k, box in self.voice_edits.items():
            self._voice_texts[k] = box.toPlainText()
        while self.voices_form.rowCount():
            self.voices_form.removeRow(0)
        self.voice_edits.clear()  # the same dict: the editor hands it out by name
        before: QWidget = self.summary  # read in order: the voices come after the summary
        for a in attendees:
            k = key(a)
            box = text_box(Meeting.tr("Voice of {name}").format(name=name_of(k)), 3)
            box.setPlainText(self._voice_texts.get(k, ""))
            box.setReadOnly(read_only)
            box.textChanged.connect(self.changed)
            self.voice_edits[k] = box
            self.voices_form.addRow(name_of(k), box)
            QWidget.setTabOrder(before, box)
            before = box

    def show_signed(self, signed: bool) -> None:
        """A signed note never changes: every field read-only, every control off."""
        for box in (*self._text_boxes(), *self.voice_edits.values()):
            box.setReadOnly(signed)
        widget: QWidget
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

    # --- editing --------------------------------------------------------------------------------

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

    # --- reading back ---------------------------------------------------------------------------

    def has_text(self) -> bool:
        return bool(
            any(box.toPlainText().strip() for box in self._text_boxes())
            or self.options_model.rowCount()
            or any(b.toPlainText().strip() for b in self.voice_edits.values())
        )

    def write_into(self, note: dict, attendees: list[dict]) -> dict:
        """The note record with what is on screen written into it (it is changed); the voices
        of the given attendees, in their order."""
        note["summary"] = self.summary.toPlainText() or None
        voices = []
        for a in attendees:
            k = key(a)
            box = self.voice_edits.get(k)
            text = box.toPlainText() if box else self._voice_texts.get(k, "")
            if text:
                voices.append({"attendee": k, "text": text})
        note["voices"] = voices
        note["reflections"] = self.reflections.toPlainText() or None
        note["options"] = [o for o in self.options_model.stringList() if o.strip()]
        note["agreements"] = self.agreements.toPlainText() or None
        note["uncertainties"] = self.uncertainties.toPlainText() or None
        note["safety"] = {
            "discussed": self.safety_discussed.isChecked(),
            "text": self.safety_text.toPlainText() or None,
            "safeguarding_concern": self.safeguarding.isChecked(),
        }
        if self.next_set.isChecked():
            note["next_meeting"] = {
                "at": iso(self.next_at.dateTime()),
                "location": self.next_where.text().strip() or None,
            }
        else:
            note["next_meeting"] = None
        note["late_reason"] = self.late_reason.text().strip() or None
        return note
