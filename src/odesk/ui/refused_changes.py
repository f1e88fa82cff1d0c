"""Changes the server refused: each one named in words, its reason in plain words, and something
to do about it — open it where it lives, send it again once fixed, or discard it.

The server never stores a refused revision, and it accepts no revision built on one, so both
remedies first take the refused revision (and any local edit made on top of it) out of the
record's tree (`Store.withdraw_refused`); the text is kept in the store's `withdrawn` table and
shown in the network's history. "Send again" then writes the latest local content as a new
revision on what the server holds; "Discard" (after a confirmation) leaves the record as the
server has it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from odesk.core.integrity import correction_from_edit, effective_meeting, ordered_corrections
from odesk.core.records import content_of
from odesk.ui.keys import open_rows
from odesk.ui.record_models import RecordTableModel, meeting_time
from odesk.ui.refusal_words import Refused, kind_words, plain_reason
from odesk.ui.times import format_date

if TYPE_CHECKING:
    from odesk.store import Store


def describe(store: Store, record_id: str) -> tuple[str, dict]:
    """'Meeting of 05/01/2026 — Robin Fictional' and where the record lives."""
    record = store.get(record_id) or (store.history(record_id) or [{}])[-1]
    kind = record.get("kind") or ""
    place: dict = {"kind": kind, "record_id": record_id}
    words = kind_words(kind)
    meeting = None
    if kind == "meeting":
        meeting = record
    elif kind == "note":
        meeting = store.get(record.get("meeting_id") or "")
    elif kind == "addendum":
        note = store.get(record.get("note_id") or "") or {}
        meeting = store.get(note.get("meeting_id") or "")
    elif kind == "member" and record.get("name"):
        words += f" ({record['name']})"
    if meeting:
        place["meeting_id"] = meeting["id"]
        when = format_date(meeting_time(meeting)[:10] or None)
        if when:
            words += " " + Refused.tr("of {date}").format(date=when)
    network_id = record["id"] if kind == "network" else record.get("network_id")
    if not network_id and meeting:
        network_id = meeting.get("network_id")
    place["network_id"] = network_id
    network = store.get(network_id or "") if network_id else None
    person = ((network or {}).get("person") or {}).get("name")
    if person:
        words += f" — {person}"
    return words, place


def send_again(store: Store, record_id: str) -> dict | None:
    """Take the refused chain back and write its latest content on what the server holds."""
    latest = store.withdraw_refused(record_id)
    if latest is None:
        return None
    record = {
        **{k: v for k, v in content_of(latest).items() if not k.startswith("_")},
        "id": record_id,
        "kind": latest["kind"],
    }
    if latest.get("deleted"):
        record["deleted"] = True
    head = store.get(record_id)
    remaining = store.history(record_id)
    if head is not None:
        record["rev"] = head["rev"]
    elif remaining:  # deleted on the server: build on its last revision
        record["rev"] = remaining[-1]["rev"]
    return dict(store.save(record))


class RefusedChangesPanel(QWidget):
    """The refused list with its three actions; `open_record` asks the window to show one."""

    open_record = Signal(dict)  # {"kind", "record_id", "network_id", "meeting_id"?}
    changed = Signal()  # a refused change was sent again or discarded

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # Called with a record id before it is taken back (the window closes its editor).
        self.before_withdraw: Callable[[str], None] | None = None
        self._table()
        self._buttons()
        self.detail = QLabel()  # the chosen change and its reason in full, wrapped
        self.detail.setAccessibleName(Refused.tr("The chosen refused change"))
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.status = QLabel()
        self.status.setAccessibleName(Refused.tr("Refused changes status"))
        self.status.setWordWrap(True)
        hint = QLabel(
            Refused.tr(
                "Open a refused change to fix it where it was made, then send it again; or"
                " discard it to keep the server's version (your text stays in the history)."
            )
        )
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.send_button, self.correction_button, self.discard_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.detail)
        lay.addWidget(hint)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        self._enable()

    def _table(self) -> None:
        """The refused changes (the picard model: table model and view), two wrapped columns."""
        self.model = RecordTableModel(
            [
                (Refused.tr("Change"), lambda r: r["_what"]),
                (Refused.tr("Reason"), lambda r: r["_plain"]),
            ],
            self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(Refused.tr("Changes the server refused"))
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        # Both columns share the width and wrap: the panel is narrow beside the conflicts.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().hide()
        open_rows(self.view, lambda _i: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(self._enable)

    def _buttons(self) -> None:
        """Open, send again, turn into a meeting correction, discard."""
        self.open_button = QPushButton(Refused.tr("&Open record"))
        self.open_button.setAccessibleName(Refused.tr("Open the refused record"))
        self.open_button.clicked.connect(self.open_selected)
        self.send_button = QPushButton(Refused.tr("Send &again"))
        self.send_button.setAccessibleName(Refused.tr("Send the refused change again"))
        self.send_button.clicked.connect(self.send_selected)
        self.correction_button = QPushButton(Refused.tr("Turn into a meeting &correction…"))
        self.correction_button.setAccessibleName(
            Refused.tr("Turn the refused meeting change into a meeting correction")
        )
        self.correction_button.clicked.connect(self.ask_correction)
        self.discard_button = QPushButton(Refused.tr("&Discard…"))
        self.discard_button.setAccessibleName(Refused.tr("Discard the refused change"))
        self.discard_button.clicked.connect(self.ask_discard)

    def refresh(self) -> None:
        store = self.session.store
        rows = []
        seen: set[str] = set()
        for entry in store.rejected():
            if entry["record_id"] in seen:
                continue  # one row a record: its refused revisions go back together
            seen.add(entry["record_id"])
            what, place = describe(store, entry["record_id"])
            rows.append(
                {**entry, "_what": what, "_plain": plain_reason(entry["reason"]), "_place": place}
            )
        self.model.set_records(rows)
        self._enable()

    def clear(self) -> None:
        self.model.clear()
        self.status.clear()
        self._enable()

    def _enable(self, *args: Any) -> None:
        entry = self.selected()
        self.detail.setText(f"{entry['_what']}\n{entry['_plain']}" if entry else "")
        self.detail.setVisible(entry is not None)
        on = entry is not None
        for b in (self.open_button, self.send_button, self.discard_button):
            b.setEnabled(on)
        offer = (
            on and entry is not None and refused_meeting_edit(self.session.store, entry) is not None
        )
        self.correction_button.setVisible(offer)
        self.correction_button.setEnabled(offer)

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)
        self._enable()

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.record(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        entry = self.selected()
        if entry:
            self.open_record.emit(dict(entry["_place"]))

    def _withdrawing(self, record_id: str) -> None:
        if self.before_withdraw is not None:
            self.before_withdraw(record_id)

    def send_selected(self) -> bool:
        entry = self.selected()
        if not entry:
            return False
        self._withdrawing(entry["record_id"])
        try:
            send_again(self.session.store, entry["record_id"])
        except Exception as exc:  # a store or validation error: one line, nothing lost
            self.status.setText(Refused.tr("Not sent again: {error}").format(error=exc))
            return False
        self.status.setText(
            Refused.tr("{what}: sent again at the next sync.").format(what=entry["_what"])
        )
        self.refresh()
        self.changed.emit()
        return True

    def ask_discard(self) -> None:
        entry = self.selected()
        if not entry:
            return
        answer = QMessageBox.question(
            self,
            Refused.tr("Discard this change?"),
            Refused.tr(
                "{what}: this laptop will show it as the server has it. What you wrote is not"
                " lost: it stays in the network's history on this laptop, marked as refused."
            ).format(what=entry["_what"]),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.discard(entry)

    def discard(self, entry: dict) -> bool:
        self._withdrawing(entry["record_id"])
        try:
            self.session.store.withdraw_refused(entry["record_id"])
        except Exception as exc:
            self.status.setText(Refused.tr("Not discarded: {error}").format(error=exc))
            return False
        self.status.setText(
            Refused.tr("{what}: discarded; the server's version is shown.").format(
                what=entry["_what"]
            )
        )
        self.refresh()
        self.changed.emit()
        return True

    def ask_correction(self) -> None:
        from odesk.ui.meeting_correction import MeetingCorrectionDialog

        entry = self.selected()
        found = refused_meeting_edit(self.session.store, entry) if entry else None
        if entry is None or found is None:
            return
        facts, revision = found
        dialog = MeetingCorrectionDialog(facts, self.session.name_of, self, proposed=revision)
        if dialog.exec():
            self.turn_into_correction(entry, dialog.reason_text(), dialog.fields())

    def turn_into_correction(
        self, entry: dict, reason: str, fields: list[dict] | None = None
    ) -> dict | None:
        """Save a refused edit of a sealed meeting's facts as a meeting correction (its new
        values, or ``fields`` as the person adjusted them) with ``reason``; the refused
        revision is then taken back (kept in the history), so the meeting shows the signed
        facts with the correction, as every other laptop will."""
        from odesk.ui.meeting_correction import save_correction

        store = self.session.store
        found = refused_meeting_edit(store, entry)
        if found is None or not reason.strip():
            return None
        facts, revision = found
        self._withdrawing(entry["record_id"])
        try:
            stored = save_correction(
                store,
                facts,
                fields if fields is not None else correction_from_edit(facts, revision),
                reason,
                self.session.user_id,
            )
            store.withdraw_refused(entry["record_id"])
        except Exception as exc:  # a store or validation error: one line, nothing lost
            self.status.setText(Refused.tr("Correction not saved: {error}").format(error=exc))
            return None
        self.status.setText(
            Refused.tr("{what}: recorded as a meeting correction.").format(what=entry["_what"])
        )
        self.refresh()
        self.changed.emit()
        return dict(stored)


def refused_meeting_edit(store: Store, entry: dict) -> tuple[dict, dict] | None:
    """For a refused edit of a meeting's frozen facts: (the meeting's facts as the server holds
    them, corrected so far; the refused revision). None for any other refused change."""
    history = {r["rev"]: r for r in store.history(entry["record_id"])}
    revision = history.get(entry.get("rev") or "")
    if revision is None or revision.get("kind") != "meeting" or revision.get("deleted"):
        return None
    if "can no longer be edited" not in str(entry.get("reason") or ""):
        return None
    parents = [history[p] for p in revision.get("parent_revs") or () if p in history]
    if not parents:
        return None
    corrections = ordered_corrections(
        store.records("meeting_correction", meeting_id=revision["id"]), revision["id"]
    )
    facts = effective_meeting(parents[-1], corrections)
    if not correction_from_edit(facts, revision):
        return None
    return facts, revision
