"""The meeting form of the meeting editor: a meeting's facts (status, times, place) and who came.

It shows the facts as corrected, writes what is on screen into a meeting snapshot, and freezes
once a note of the meeting is signed: the facts are then part of what was signed, and a
correction (asked for with its button, which the editor answers) is the only way to change them.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from odesk.ui import people
from odesk.ui.attendees import ROLES, AttendeesModel, key, role_label
from odesk.ui.forms import iso, qdt
from odesk.ui.i18n import Context
from odesk.ui.keys import tab_leaves
from odesk.ui.note_text import correction_html
from odesk.ui.session import Session
from odesk.ui.times import datetime_input

UNSET = QDateTime(QDate(2000, 1, 1), QTime(0, 0))  # a start or end not given yet

# The editor's strings keep the one context they were translated under.
Meeting = Context("Meeting")


def _combo(name: str, items: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for data, label in items:
        combo.addItem(label, data)
    return combo


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class MeetingForm(QWidget):
    """The "Meeting" and "Who came" boxes of the editor."""

    changed = Signal()  # a fact or an attendee's tick edited
    attendees_changed = Signal()  # attendees added, removed or replaced: the voices follow

    def __init__(
        self,
        session: Session,
        network: dict,
        members: dict[str, dict],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.network = network
        self.members = members
        self._loading = False
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self._facts_box())
        col.addWidget(self._attendees_box())
        self.status.currentIndexChanged.connect(self._status_changed)
        for combo in (self.status, self.location):
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.start, self.end):
            edit.dateTimeChanged.connect(self.changed)
        self.location_detail.textChanged.connect(self.changed)
        self.attendees.dataChanged.connect(self.changed)
        for signal in (
            self.attendees.rowsInserted,
            self.attendees.rowsRemoved,
            self.attendees.modelReset,
        ):
            signal.connect(self.attendees_changed)

    # --- layout ---------------------------------------------------------------------------------

    def _facts_box(self) -> QGroupBox:
        box = QGroupBox(Meeting.tr("Meeting"))
        form = QFormLayout(box)
        self.status = _combo(
            Meeting.tr("Meeting status"),
            (
                ("planned", Meeting.tr("Planned")),
                ("held", Meeting.tr("Held")),
                ("cancelled", Meeting.tr("Cancelled")),
                ("did_not_attend", Meeting.tr("Did not attend")),
            ),
        )
        self.start = QDateTimeEdit()
        self.start.setAccessibleName(Meeting.tr("Start"))
        self.end = QDateTimeEdit()
        self.end.setAccessibleName(Meeting.tr("End"))
        for edit in (self.start, self.end):
            datetime_input(edit)
            # The earliest time stands for "no time yet" and reads so.
            edit.setMinimumDateTime(UNSET)
            edit.setSpecialValueText(Meeting.tr("not set"))
        self.location = _combo(
            Meeting.tr("Location"),
            (
                ("home", Meeting.tr("Home")),
                ("clinic", Meeting.tr("Clinic")),
                ("community", Meeting.tr("Community")),
                ("phone", Meeting.tr("Phone")),
                ("video", Meeting.tr("Video")),
                ("other", Meeting.tr("Other")),
            ),
        )
        self.location_detail = QLineEdit()
        self.location_detail.setAccessibleName(Meeting.tr("Location detail"))
        form.addRow(Meeting.tr("St&atus"), self.status)
        form.addRow(Meeting.tr("Start"), self.start)
        form.addRow(Meeting.tr("End"), self.end)
        form.addRow(Meeting.tr("W&here"), self.location)
        form.addRow(Meeting.tr("Where exactly"), self.location_detail)
        self._frozen_rows(form)
        return box

    def _frozen_rows(self, form: QFormLayout) -> None:
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
        self.correct_button = _button(
            Meeting.tr("Correct meeting details…"), Meeting.tr("Correct meeting details")
        )
        self.corrections_view = QLabel()
        self.corrections_view.setWordWrap(True)
        self.corrections_view.setAccessibleName(Meeting.tr("Corrections of this meeting"))
        form.addRow(self.frozen_label)
        form.addRow(self.correct_button)
        form.addRow(self.corrections_view)

    def _attendees_box(self) -> QGroupBox:
        box = QGroupBox(Meeting.tr("Who came"))
        col = QVBoxLayout(box)
        self.attendees = AttendeesModel(lambda a: self.attendee_name(key(a)), self)
        view = self.attendees_view = QTableView()
        view.setModel(self.attendees)
        view.setAccessibleName(Meeting.tr("Attendees"))
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setMinimumHeight(140)
        tab_leaves(view)
        col.addWidget(view)
        col.addLayout(self._attendee_picker())
        return box

    def _attendee_picker(self) -> QHBoxLayout:
        self.candidate = QComboBox()
        self.candidate.setAccessibleName(Meeting.tr("Person to add"))
        self.candidate.setEditable(True)
        # Typing goes to the combo box's own line edit: that is what takes the focus and what a
        # screen reader names.
        candidate_edit = self.candidate.lineEdit()
        assert candidate_edit is not None  # an editable combo box has one
        candidate_edit.setAccessibleName(Meeting.tr("Person to add"))
        self.candidate.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role = _combo(Meeting.tr("Role"), tuple((r, role_label(r)) for r in ROLES))
        self.candidate.currentIndexChanged.connect(self._candidate_role)
        self.facilitator = QCheckBox(Meeting.tr("Facilitator"))
        self.facilitator.setAccessibleName(Meeting.tr("Facilitator"))
        self.add_attendee_button = _button(Meeting.tr("Add att&endee"), Meeting.tr("Add attendee"))
        self.add_attendee_button.clicked.connect(self.add_attendee)
        self.remove_attendee_button = _button(Meeting.tr("Remove"), Meeting.tr("Remove attendee"))
        self.remove_attendee_button.clicked.connect(self._remove_attendee)
        pick = QHBoxLayout()
        for w in (
            self.candidate,
            self.role,
            self.facilitator,
            self.add_attendee_button,
            self.remove_attendee_button,
        ):
            pick.addWidget(w)
        return pick

    # --- showing --------------------------------------------------------------------------------

    def show_facts(self, facts: dict) -> None:
        """Status, times and place as given (the attendees are set on their own model)."""
        was_loading, self._loading = self._loading, True
        try:
            status = facts.get("status") or "planned"
            self.status.setCurrentIndex(max(0, self.status.findData(status)))
            start = facts.get("start") or facts.get("planned_start")
            self.start.setDateTime(qdt(start) if start else UNSET)
            self.end.setDateTime(qdt(facts.get("end")) if facts.get("end") else UNSET)
            location = facts.get("location") or "home"
            self.location.setCurrentIndex(max(0, self.location.findData(location)))
            self.location_detail.setText(facts.get("location_detail") or "")
        finally:
            self._loading = was_loading

    def fill_candidates(self) -> None:
        """Who can be added: the person, their network, the team, and me."""
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
            profession = str(u.get("profession") or "")
            role = "peer_worker" if "peer" in profession.lower() else "practitioner"
            label = str(u.get("name") or u["id"])
            if u.get("profession"):
                label += f" ({u['profession']})"
            self.candidate.addItem(label, {"user_id": u["id"], "role": role})
        if self.session.user_id not in self.session.directory:
            self.candidate.addItem(
                Meeting.tr("Me"), {"user_id": self.session.user_id, "role": "practitioner"}
            )

    def show_sealed(self, sealed: bool, corrections: list[dict]) -> None:
        """Frozen once a note is signed, with the corrections made since in words."""
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
                correction_html(c, self.attendee_name, self.session.name_of) for c in corrections
            )
        )
        self.corrections_view.setVisible(bool(corrections))

    def attendee_name(self, attendee_key: str) -> str:
        if attendee_key in self.session.directory or attendee_key == self.session.user_id:
            name = self.session.name_of(attendee_key)
            return Meeting.tr("me") if name == "me" else name
        return people.attendee_name(self.session.directory, self.members, attendee_key)

    # --- editing --------------------------------------------------------------------------------

    def _candidate_role(self) -> None:
        data = self.candidate.currentData()
        if isinstance(data, dict):
            self.role.setCurrentIndex(max(0, self.role.findData(data.get("role"))))

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

    # --- reading back ---------------------------------------------------------------------------

    @staticmethod
    def _time(edit: QDateTimeEdit) -> str | None:
        return None if edit.dateTime() <= UNSET else iso(edit.dateTime())

    def start_time(self) -> str | None:
        return self._time(self.start)

    def write_into(self, meeting: dict) -> dict:
        """The meeting record with the facts on screen written into it (it is changed)."""
        status = self.status.currentData()
        meeting["status"] = status
        when = self._time(self.start)
        if status == "held":
            meeting["start"] = when
            meeting["end"] = self._time(self.end)
        else:
            # Planned, cancelled or not attended: a time it was planned for, never one it began.
            meeting["planned_start"] = when
            meeting.pop("start", None)
            meeting.pop("end", None)
        meeting["location"] = self.location.currentData()
        meeting["location_detail"] = self.location_detail.text().strip() or None
        meeting["attendees"] = self.attendees.attendees()
        return meeting
