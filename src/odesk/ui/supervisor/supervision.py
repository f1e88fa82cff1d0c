"""Supervision sessions: the list per team and the form to record one.

The Finnish ("goldfish bowl") format: the practitioners who work with the family reflect first
(inner reflections), then the wider team reflects on fidelity to the model (outer reflections);
actions agreed close the session. Each session is a ``supervision`` record of one team.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimeZone,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from odesk.core.records import ValidationError
from odesk.reports.dataset import team_and_descendants
from odesk.reports.period import parse
from odesk.store import StoreError
from odesk.ui.keys import open_rows, tab_leaves
from odesk.ui.supervisor.context import SupervisorContext
from odesk.ui.supervisor.note_view import when
from odesk.ui.supervisor.rows_model import RowsTableModel
from odesk.ui.times import datetime_input

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class SupervisionModel(RowsTableModel):
    """Sessions of one team, newest first."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("SupervisionModel", "When"),
        QT_TRANSLATE_NOOP("SupervisionModel", "Facilitator"),
        QT_TRANSLATE_NOOP("SupervisionModel", "Attendees"),
        QT_TRANSLATE_NOOP("SupervisionModel", "Networks"),
        QT_TRANSLATE_NOOP("SupervisionModel", "Actions"),
    )

    def __init__(self, ctx: SupervisorContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.team_id: str | None = None
        self._rows: list[dict] = []

    def set_team(self, team_id: str | None) -> None:
        self.team_id = team_id
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        rows = self.ctx.store.records("supervision", team_id=self.team_id) if self.team_id else []
        self._rows = sorted(rows, key=lambda r: r.get("at") or "", reverse=True)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def record(self, row: int) -> dict:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == RECORD_ROLE:
            return row
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        actions = (row.get("actions") or "").strip().splitlines()
        return (
            when(row.get("at")),
            self.ctx.user_name(row.get("facilitator_id")),
            str(len(row.get("attendee_ids") or [])),
            str(len(row.get("network_ids") or [])),
            actions[0] if actions else "",
        )[index.column()]


def _checklist(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    widget.setMaximumHeight(120)
    tab_leaves(widget)  # arrows move in the list, Space ticks, Tab goes on
    return widget


class SupervisionForm(QDialog):
    """Record (or amend) one supervision session of a team."""

    saved = Signal(dict)

    def __init__(
        self,
        ctx: SupervisorContext,
        team_id: str,
        record: dict | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.team_id = team_id
        self.existing = record
        self.setWindowTitle(
            self.tr("Supervision session: %1").replace("%1", ctx.team_name(team_id))
        )
        self.setAccessibleName(self.tr("Supervision session"))
        form = QFormLayout()

        self.at = QDateTimeEdit(QDateTime.currentDateTime())
        datetime_input(self.at)
        self.at.setAccessibleName(self.tr("Date and time of the session"))
        self._row(form, self.tr("&When"), self.at)

        self._people_rows(form)
        self._networks_row(form)
        self._reflection_rows(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if record is not None:
            self._load(record)

    def _people_rows(self, form: QFormLayout) -> None:
        """Facilitator and attendees: the team's practitioners, and me."""
        ctx = self.ctx
        self.facilitator = QComboBox()
        self.facilitator.setAccessibleName(self.tr("Facilitator"))
        self.attendees = _checklist(self.tr("Attendees"))
        users = ctx.team_users(self.team_id)
        if ctx.user_id not in {u["id"] for u in users}:
            users.insert(0, ctx.directory.get(ctx.user_id) or {"id": ctx.user_id})
        for user in users:
            name = user.get("name") or user["id"]
            self.facilitator.addItem(name, user["id"])
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, user["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.attendees.addItem(item)
        self.facilitator.setCurrentIndex(max(0, self.facilitator.findData(ctx.user_id)))
        self._row(form, self.tr("&Facilitator"), self.facilitator)
        self._row(form, self.tr("&Attendees"), self.attendees)

    def _networks_row(self, form: QFormLayout) -> None:
        """The networks of the team (and the teams under it) to tick as discussed."""
        self.networks = _checklist(self.tr("Networks discussed"))
        scope = team_and_descendants(self.team_id, self.ctx.teams.values())
        networks = [n for n in self.ctx.store.records("network") if n.get("team_id") in scope]
        for network in sorted(networks, key=lambda n: (n.get("person") or {}).get("name") or ""):
            person = network.get("person") or {}
            item = QListWidgetItem(person.get("preferred_name") or person.get("name") or "")
            item.setData(Qt.ItemDataRole.UserRole, network["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.networks.addItem(item)
        self._row(form, self.tr("&Networks discussed"), self.networks)

    def _reflection_rows(self, form: QFormLayout) -> None:
        self.inner = QPlainTextEdit()
        self.inner.setAccessibleName(self.tr("Inner reflections"))
        self.inner.setPlaceholderText(self.tr("The practitioners who work with the family"))
        self._row(form, self.tr("&Inner reflections"), self.inner)
        self.outer = QPlainTextEdit()
        self.outer.setAccessibleName(self.tr("Outer reflections"))
        self.outer.setPlaceholderText(self.tr("The wider team, on fidelity to the model"))
        self._row(form, self.tr("&Outer reflections"), self.outer)
        self.actions_edit = QPlainTextEdit()
        self.actions_edit.setAccessibleName(self.tr("Actions"))
        self._row(form, self.tr("A&ctions"), self.actions_edit)
        tab_leaves(self.inner, self.outer, self.actions_edit)

    def _row(self, form: QFormLayout, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)

    def _load(self, record: dict) -> None:
        moment = parse(record.get("at"))
        if moment is not None:
            self.at.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
        self.facilitator.setCurrentIndex(
            max(0, self.facilitator.findData(record.get("facilitator_id")))
        )
        for widget, chosen in (
            (self.attendees, set(record.get("attendee_ids") or [])),
            (self.networks, set(record.get("network_ids") or [])),
        ):
            for i in range(widget.count()):
                item = widget.item(i)
                checked = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.inner.setPlainText(record.get("inner_reflections") or "")
        self.outer.setPlainText(record.get("outer_reflections") or "")
        self.actions_edit.setPlainText(record.get("actions") or "")

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [
            widget.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]

    def record(self) -> dict[str, Any]:
        at = self.at.dateTime().toTimeZone(QTimeZone.utc())
        record: dict[str, Any] = {
            "kind": "supervision",
            "team_id": self.team_id,
            "at": at.toString(Qt.DateFormat.ISODate).replace("Z", "+00:00"),
            "facilitator_id": self.facilitator.currentData(),
            "attendee_ids": self._checked(self.attendees),
            "network_ids": self._checked(self.networks),
        }
        for key, edit in (
            ("inner_reflections", self.inner),
            ("outer_reflections", self.outer),
            ("actions", self.actions_edit),
        ):
            text = edit.toPlainText().strip()
            if text:
                record[key] = text
        if self.existing is not None:
            record["id"] = self.existing["id"]
            record["rev"] = self.existing["rev"]
        return record

    def save(self) -> dict | None:
        try:
            stored = self.ctx.store.save(self.record())
        except (ValidationError, StoreError) as exc:
            QMessageBox.warning(self, self.tr("Session not saved"), str(exc))
            return None
        self.existing = stored
        self.saved.emit(stored)
        self.accept()
        return stored


class SupervisionPage(QWidget):
    def __init__(
        self, ctx: SupervisorContext, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(self.tr("Supervision sessions"))
        self.model = SupervisionModel(ctx, self)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.team_box = QComboBox()
        self.team_box.setAccessibleName(self.tr("Team"))
        label = QLabel(self.tr("Tea&m"))
        label.setBuddy(self.team_box)
        supervised = ctx.supervised_team_ids()
        for team_id in ctx.report_team_ids():
            if team_id in supervised:  # supervised teams and their podlets
                self.team_box.addItem(ctx.team_name(team_id), team_id)
        self.new_button = QPushButton(self.tr("&New session…"))
        self.new_button.setAccessibleName(self.tr("Record a new supervision session"))
        self.new_button.setEnabled(self.team_box.count() > 0)
        top.addWidget(label)
        top.addWidget(self.team_box, 1)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.view = QTableView()
        self.view.setAccessibleName(self.tr("Supervision sessions of the team"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        open_rows(self.view, self.open_index)
        layout.addWidget(self.view, 1)
        self.team_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.new_button.clicked.connect(self.new_session)
        self.last_form: SupervisionForm | None = None
        if not lazy:  # else read when first shown (showEvent)
            self.refresh()

    def refresh(self) -> None:
        if getattr(self.ctx.store, "closed", False):
            self.model.clear()
            return
        self.model.set_team(self.team_box.currentData())

    def clear(self) -> None:
        """Forget everything shown (the app is locking): the list and any open form."""
        if self.last_form is not None:
            self.last_form.reject()
            self.last_form = None
        self.model.clear()

    def showEvent(self, event) -> None:  # noqa: N802
        self.refresh()
        super().showEvent(event)

    def _open(self, record: dict | None) -> SupervisionForm:
        form = SupervisionForm(self.ctx, self.team_box.currentData(), record, self)
        form.saved.connect(lambda _r: self.refresh())
        self.last_form = form
        form.open()
        return form

    def new_session(self) -> SupervisionForm:
        return self._open(None)

    def open_index(self, index: QModelIndex) -> SupervisionForm:
        return self._open(self.model.record(index.row()))
