"""Dialogs for the small records: a new or edited network (referral) and a network member.

Each dialog only builds the record; the caller saves it, and a validation error is shown in
the dialog as one line and nothing is saved.
"""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from odesk.core.display import nhs_number_digits, nhs_number_spaced
from odesk.core.records import ValidationError, nhs_number_valid, validate_content
from odesk.ui.i18n import Context
from odesk.ui.record_models import CATEGORY, Records
from odesk.ui.style import style_as
from odesk.ui.times import date_input, datetime_input

Forms = Context("Forms")


def iso(dt: QDateTime) -> str:
    return dt.toUTC().toString(Qt.DateFormat.ISODateWithMs).replace("Z", "+00:00")


def qdt(value: str | None) -> QDateTime:
    if value:
        parsed = QDateTime.fromString(value, Qt.DateFormat.ISODateWithMs)
        if not parsed.isValid():
            parsed = QDateTime.fromString(value, Qt.DateFormat.ISODate)
        if parsed.isValid():
            return parsed.toLocalTime()
    return QDateTime.currentDateTime()


# The earliest date of birth the picker offers stands for "not known" and reads so.
NO_DATE = QDate(1900, 1, 1)


def birth_date_input(value: str | None) -> QDateEdit:
    """A date-of-birth picker (calendar pop-up, the locale's order), "Not known" when empty."""
    edit = date_input(QDateEdit())
    edit.setMinimumDate(NO_DATE)
    edit.setMaximumDate(QDate.currentDate())
    edit.setSpecialValueText(Forms.tr("Not known"))
    stored = QDate.fromString(value or "", Qt.DateFormat.ISODate)
    edit.setDate(stored if stored.isValid() else NO_DATE)
    return edit


def birth_date_value(edit: QDateEdit) -> str | None:
    """The picked date of birth as stored (ISO 8601), or None when not known."""
    picked = edit.date()
    return None if picked == NO_DATE else picked.toString(Qt.DateFormat.ISODate)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    widget.setAccessibleName(name)
    return widget


class RecordDialog(QDialog):
    """OK validates the record with core before closing; the error stays visible until fixed."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        style_as(self.error, "Banner")
        self.error.setWordWrap(True)
        self.error.hide()
        self.error.setAccessibleName(Forms.tr("Error"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        # The fields scroll, the error and the buttons stay: at 200 % on a 1920x1080 screen the
        # referral form is taller than the screen, and OK must stay in reach.
        self.fields = QWidget()
        self.fields.setLayout(self.form)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setWidget(self.fields)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
        lay = QVBoxLayout(self)
        lay.addWidget(self.fields_area, 1)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self._fitted = False
        self.result_record: dict | None = None

    def showEvent(self, event: Any) -> None:  # noqa: N802
        if not self._fitted:
            self._fitted = True
            # As large as the fields need (a scroll area alone asks for less), within the screen.
            fields = self.fields.sizeHint()
            wanted = self.sizeHint()
            wanted.setHeight(
                wanted.height() - self.fields_area.sizeHint().height() + fields.height()
            )
            wanted.setWidth(
                max(
                    wanted.width(),
                    fields.width()
                    + 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent),
                )
            )
            screen = self.screen()
            self.resize(wanted.boundedTo(screen.availableGeometry().size()) if screen else wanted)
        super().showEvent(event)

    def build(self) -> dict:
        raise NotImplementedError

    def _ok(self) -> None:
        try:
            record = self.build()
            validate_content(record)
        except (ValidationError, ValueError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.result_record = record
        self.accept()


class NetworkDialog(RecordDialog):
    def __init__(
        self, team_choices: list[tuple[str, str]], network: dict | None = None, parent=None
    ) -> None:
        super().__init__(
            Forms.tr("Referral") if network is None else Forms.tr("Edit network"), parent
        )
        self.base = network or {}
        self._person_controls(self.base.get("person") or {})
        self._referral_controls(self.base.get("referral") or {}, team_choices)
        self._status_controls()
        self.sharing = named(
            QPlainTextEdit(self.base.get("sharing_note") or ""),
            Forms.tr("What may be shared with whom"),
        )
        self.sharing.setTabChangesFocus(True)
        f = self.form
        for label, w in (
            (Forms.tr("&Name"), self.name),
            (Forms.tr("Pre&ferred name"), self.preferred),
            (Forms.tr("Pron&ouns"), self.pronouns),
            (Forms.tr("&Date of birth"), self.dob),
            (Forms.tr("N&HS number"), self.nhs),
            (Forms.tr("&Phone"), self.phone),
            (Forms.tr("&Address"), self.address),
            (Forms.tr("Referral &received"), self.received),
            (Forms.tr("&Source"), self.source),
            (Forms.tr("R&eason"), self.reason),
            (Forms.tr("Ur&gency"), self.urgency),
            (Forms.tr("&Team"), self.team),
            (Forms.tr("Stat&us"), self.status),
            (Forms.tr("Reason for &closing"), self.closed_reason),
            (Forms.tr("Shar&ing"), self.sharing),
        ):
            f.addRow(label, w)

    def _person_controls(self, person: dict) -> None:
        self.name = named(QLineEdit(person.get("name") or ""), Forms.tr("Name"))
        self.preferred = named(
            QLineEdit(person.get("preferred_name") or ""), Forms.tr("Preferred name")
        )
        self.pronouns = named(QLineEdit(person.get("pronouns") or ""), Forms.tr("Pronouns"))
        self.dob = named(birth_date_input(person.get("date_of_birth")), Forms.tr("Date of birth"))
        # Shown 3 3 4 as on NHS letters; typed with or without the spaces.
        self.nhs = named(
            QLineEdit(nhs_number_spaced(person.get("nhs_number"))), Forms.tr("NHS number")
        )
        self.phone = named(QLineEdit(person.get("phone") or ""), Forms.tr("Phone"))
        self.address = named(QLineEdit(person.get("address") or ""), Forms.tr("Address"))

    def _referral_controls(self, referral: dict, team_choices: list[tuple[str, str]]) -> None:
        """When and from where it came, why, how urgent, and the team it goes to."""
        self.received = named(
            QDateTimeEdit(qdt(referral.get("received_at"))), Forms.tr("Referral received")
        )
        datetime_input(self.received)
        self.source = named(
            QLineEdit(referral.get("source") or Forms.tr("Single Point of Access")),
            Forms.tr("Referral source"),
        )
        self.reason = named(
            QPlainTextEdit(referral.get("reason") or ""), Forms.tr("Reason for referral")
        )
        self.reason.setTabChangesFocus(True)
        self.urgency = named(QComboBox(), Forms.tr("Urgency"))
        for key, label in (
            ("very_urgent", Forms.tr("Very urgent (4 h)")),
            ("urgent", Forms.tr("Urgent (24 h)")),
            ("routine", Forms.tr("Routine (24 h)")),
        ):
            self.urgency.addItem(label, key)
        self.urgency.setCurrentIndex(
            max(0, self.urgency.findData(referral.get("urgency") or "urgent"))
        )
        self.team = named(QComboBox(), Forms.tr("Team"))
        for team_id, label in team_choices:
            self.team.addItem(label, team_id)
        if self.base.get("team_id"):
            i = self.team.findData(self.base["team_id"])
            if i < 0:
                self.team.addItem(self.base["team_id"], self.base["team_id"])
                i = self.team.count() - 1
            self.team.setCurrentIndex(i)

    def _status_controls(self) -> None:
        self.status = named(QComboBox(), Forms.tr("Status"))
        self.status.addItem(Forms.tr("Open"), "open")
        self.status.addItem(Forms.tr("Closed"), "closed")
        self.status.setCurrentIndex(max(0, self.status.findData(self.base.get("status") or "open")))
        self.closed_reason = named(
            QPlainTextEdit(self.base.get("closed_reason") or ""), Forms.tr("Reason for closing")
        )
        self.closed_reason.setTabChangesFocus(True)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def _status_changed(self) -> None:
        self.closed_reason.setEnabled(self.status.currentData() == "closed")

    def build(self) -> dict:
        record = {k: v for k, v in self.base.items()}
        status = self.status.currentData()
        record.update(
            {
                "kind": "network",
                "team_id": self.team.currentData() or "local",
                "person": self._person(),
                "referral": {
                    "received_at": iso(self.received.dateTime()),
                    "source": self.source.text().strip() or None,
                    "reason": self.reason.toPlainText() or None,
                    "urgency": self.urgency.currentData(),
                },
                "status": status,
                "sharing_note": self.sharing.toPlainText() or None,
            }
        )
        if status == "closed":
            reason = self.closed_reason.toPlainText().strip()
            if not reason:
                raise ValueError(Forms.tr("give the reason for closing this network"))
            record["closed_reason"] = reason
            if not record.get("closed_at"):
                record["closed_at"] = iso(QDateTime.currentDateTime())
        if status == "open":  # reopened: the closure's time and reason stay in the history
            record.pop("closed_at", None)
            record.pop("closed_reason", None)
        return record

    def _person(self) -> dict:
        """The person as typed: a name at least, and a valid NHS number if one is given."""
        nhs = nhs_number_digits(self.nhs.text())
        if nhs and not nhs_number_valid(nhs):
            raise ValueError(Forms.tr("the NHS number is not valid (10 digits with a check digit)"))
        person = {"name": self.name.text().strip()}
        for key, widget in (
            ("preferred_name", self.preferred),
            ("pronouns", self.pronouns),
            ("phone", self.phone),
            ("address", self.address),
        ):
            if widget.text().strip():
                person[key] = widget.text().strip()
        born = birth_date_value(self.dob)
        if born:
            person["date_of_birth"] = born
        if nhs:
            person["nhs_number"] = nhs
        if not person["name"]:
            raise ValueError(Forms.tr("a name is needed"))
        return person


class MemberDialog(RecordDialog):
    def __init__(self, network_id: str, member: dict | None = None, parent=None) -> None:
        super().__init__(Forms.tr("Network member"), parent)
        self.base = member or {"network_id": network_id}
        m = self.base
        self.name = named(QLineEdit(m.get("name") or ""), Forms.tr("Name"))
        self.relationship = named(QLineEdit(m.get("relationship") or ""), Forms.tr("Relationship"))
        self.relationship.setPlaceholderText(Forms.tr("e.g. mother, GP, neighbour"))
        self.category = named(QComboBox(), Forms.tr("Group"))
        for key, label in CATEGORY.items():
            self.category.addItem(Records.tr(label), key)
        self.category.setCurrentIndex(max(0, self.category.findData(m.get("category") or "family")))
        self.phone = named(QLineEdit(m.get("phone") or ""), Forms.tr("Phone"))
        self.email = named(QLineEdit(m.get("email") or ""), Forms.tr("Email"))
        self.may_share = named(
            QCheckBox(Forms.tr("May &share information with this person")), Forms.tr("May share")
        )
        self.may_share.setChecked(bool(m.get("may_share")))
        self.active = named(QCheckBox(Forms.tr("Still &active in the network")), Forms.tr("Active"))
        self.active.setChecked(m.get("active") is not False)
        self.notes = named(QPlainTextEdit(m.get("notes") or ""), Forms.tr("Notes"))
        self.notes.setTabChangesFocus(True)
        for label, w in (
            (Forms.tr("&Name"), self.name),
            (Forms.tr("&Relationship"), self.relationship),
            (Forms.tr("&Group"), self.category),
            (Forms.tr("&Phone"), self.phone),
            (Forms.tr("&Email"), self.email),
            ("", self.may_share),
            ("", self.active),
            (Forms.tr("N&otes"), self.notes),
        ):
            f = self.form
            f.addRow(label, w)

    def build(self) -> dict:
        if not self.name.text().strip():
            raise ValueError(Forms.tr("a name is needed"))
        record = dict(self.base)
        record.update(
            {
                "kind": "member",
                "name": self.name.text().strip(),
                "relationship": self.relationship.text().strip() or None,
                "category": self.category.currentData(),
                "phone": self.phone.text().strip() or None,
                "email": self.email.text().strip() or None,
                "may_share": self.may_share.isChecked(),
                "active": self.active.isChecked(),
                "notes": self.notes.toPlainText() or None,
            }
        )
        return record


__all__ = ["MemberDialog", "NetworkDialog", "iso", "qdt"]
