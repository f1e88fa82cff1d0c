"""The "Correct meeting details…" dialog: once a note of a meeting is signed, its status, times,
place and attendance are part of what was signed; a change of them is a meeting correction,
saved beside the meeting with the old and new values and a reason (odesk.core.integrity), and
shown wherever the meeting is ("Corrected on … by … because …").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from odesk.core.integrity import correction_from_edit
from odesk.store import Store
from odesk.ui.forms import iso, qdt
from odesk.ui.i18n import Context
from odesk.ui.times import datetime_input

STATUSES = ("planned", "held", "cancelled", "did_not_attend")
LOCATIONS = ("home", "clinic", "community", "phone", "video", "other")


MeetingCorrection = Context("MeetingCorrection")


def save_correction(
    store: Store, facts: dict, fields: list[dict], reason: str, author_id: str
) -> dict:
    """Store a meeting correction of ``facts`` (the meeting as corrected so far)."""
    return store.save(
        {
            "kind": "meeting_correction",
            "meeting_id": facts["id"],
            "network_id": facts["network_id"],
            "fields": fields,
            "reason": reason.strip(),
            "author_id": author_id,
        }
    )


class MeetingCorrectionDialog(QDialog):
    """New values of the frozen facts, prefilled with the current ones, and the reason."""

    def __init__(
        self,
        facts: dict,
        attendee_name: Callable[[str], str],
        parent: QWidget | None = None,
        *,
        proposed: dict | None = None,
    ) -> None:
        super().__init__(parent)
        self.facts = facts
        self.setWindowTitle(MeetingCorrection.tr("Correct meeting details"))
        self.setAccessibleName(MeetingCorrection.tr("Correct meeting details"))
        start = proposed or facts
        self._fact_controls(facts, start)
        self.attendance = QListWidget()
        self.attendance.setAccessibleName(MeetingCorrection.tr("Who was there"))
        self._attendees = [dict(a) for a in start.get("attendees") or [] if isinstance(a, dict)]
        for attendee in self._attendees:
            who = str(attendee.get("member_id") or attendee.get("user_id") or attendee.get("name"))
            item = QListWidgetItem(attendee_name(who))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            present = attendee.get("present", True) is not False
            item.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
            self.attendance.addItem(item)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(MeetingCorrection.tr("Reason for the correction"))
        self.reason.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setAccessibleName(MeetingCorrection.tr("Correction problem"))
        self.error.setVisible(False)
        self._lay_out(self._buttons())

    def _fact_controls(self, facts: dict, start: dict) -> None:
        """Status, times and place, showing `start` (the facts, or a proposed correction); the
        times keep the facts' own values as the initial ones."""
        self.status = QComboBox()
        self.status.setAccessibleName(MeetingCorrection.tr("Corrected status"))
        for value, label in zip(
            STATUSES,
            (
                MeetingCorrection.tr("Planned"),
                MeetingCorrection.tr("Held"),
                MeetingCorrection.tr("Cancelled"),
                MeetingCorrection.tr("Did not attend"),
            ),
            strict=True,
        ):
            self.status.addItem(label, value)
        self.status.setCurrentIndex(max(0, self.status.findData(start.get("status"))))
        self.start = self._time(MeetingCorrection.tr("Corrected start"))
        self.end = self._time(MeetingCorrection.tr("Corrected end"))
        self._times = {"start": self.start, "end": self.end}
        self._initial: dict[str, str] = {}
        for name, edit in self._times.items():
            edit.setDateTime(qdt(facts.get(name)))
            self._initial[name] = iso(edit.dateTime())
            if start.get(name) and start.get(name) != facts.get(name):
                edit.setDateTime(qdt(start.get(name)))
        self.location = QComboBox()
        self.location.setAccessibleName(MeetingCorrection.tr("Corrected place"))
        for value in LOCATIONS:
            self.location.addItem(MeetingCorrection.tr(value.capitalize()), value)
        self.location.setCurrentIndex(max(0, self.location.findData(start.get("location"))))
        self.location_detail = QLineEdit(str(start.get("location_detail") or ""))
        self.location_detail.setAccessibleName(MeetingCorrection.tr("Corrected place details"))

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName(
            MeetingCorrection.tr("Save correction")
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            MeetingCorrection.tr("Cancel correction")
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        return buttons

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        form = QFormLayout(self)
        intro = QLabel(
            MeetingCorrection.tr(
                "A note of this meeting is signed, so these details are part of what was signed."
                " A correction keeps the old values, says what changed and why, and is shown"
                " with every note of the meeting."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow(MeetingCorrection.tr("St&atus"), self.status)
        form.addRow(MeetingCorrection.tr("&Start"), self.start)
        form.addRow(MeetingCorrection.tr("En&d"), self.end)
        form.addRow(MeetingCorrection.tr("&Where"), self.location)
        form.addRow(MeetingCorrection.tr("Where &exactly"), self.location_detail)
        form.addRow(MeetingCorrection.tr("&Who was there"), self.attendance)
        form.addRow(MeetingCorrection.tr("&Reason"), self.reason)
        form.addRow(self.error)
        form.addRow(buttons)

    def _time(self, name: str) -> QDateTimeEdit:
        edit = datetime_input(QDateTimeEdit())
        edit.setAccessibleName(name)
        return edit

    def edited(self) -> dict:
        """The meeting's facts as this dialog now says them."""
        out = dict(self.facts)
        out["status"] = self.status.currentData()
        for name, edit in self._times.items():
            value = iso(edit.dateTime())
            if value != self._initial[name]:
                out[name] = value
        out["location"] = self.location.currentData()
        out["location_detail"] = self.location_detail.text().strip() or None
        attendees = []
        for row, attendee in enumerate(self._attendees):
            checked = self.attendance.item(row).checkState() == Qt.CheckState.Checked
            was = attendee.get("present", True) is not False
            attendees.append(attendee if checked == was else {**attendee, "present": checked})
        if self._attendees:
            out["attendees"] = attendees
        return out

    def fields(self) -> list[dict]:
        """The correction's fields: each frozen fact changed, with its old and new value."""
        return correction_from_edit(self.facts, self.edited())

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _ok(self) -> None:
        if not self.fields():
            self.error.setText(
                MeetingCorrection.tr("Nothing is changed: change a detail to correct it.")
            )
        elif not self.reason_text():
            self.error.setText(MeetingCorrection.tr("Say why the meeting's details are corrected."))
        else:
            self.accept()
            return
        self.error.setVisible(True)
