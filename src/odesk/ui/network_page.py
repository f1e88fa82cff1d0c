"""A network's page: person and referral with the 24-hour clock, members, map, meetings, history.

The map (a QGraphicsView) is built the first time its tab is shown or asked for: the page opens
on the person and referral, and start-up should not pay for a view nobody has looked at yet.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from odesk.core.display import nhs_number_spaced
from odesk.core.integrity import effective_meeting
from odesk.core.records import network_id_of
from odesk.ui.i18n import Context
from odesk.ui.keys import open_rows, tab_leaves
from odesk.ui.record_models import (
    RecordTableModel,
    history_model,
    meeting_time,
    meetings_model,
    members_model,
)
from odesk.ui.referral_clock import ClockState, clock_state, format_span
from odesk.ui.safeguarding import SafeguardingBanner, note_concern_open
from odesk.ui.session import Session
from odesk.ui.style import style_as
from odesk.ui.times import format_date, local_time

if TYPE_CHECKING:
    from odesk.ui.network_map import NetworkMapView


Network = Context("Network")


def table(model: RecordTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    tab_leaves(view)
    return view


class ReferralClock(QLabel):
    """Counts from referral to the first meeting, once a second; red once the target is missed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style_as(self, "ReferralClock")
        # The banner font is large: wrap so the whole sentence shows on a narrow window.
        self.setWordWrap(True)
        self.setAccessibleName(Network.tr("Time from referral to first meeting"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self._network: dict | None = None
        self._meetings: list[dict] = []
        self.state: ClockState | None = None
        self.now = lambda: datetime.now(UTC)  # tests move time by replacing this

    def show_for(self, network: dict | None, meetings: list[dict]) -> None:
        self._network, self._meetings = network, meetings
        self.refresh()

    def clear(self) -> None:
        self.timer.stop()
        self._network, self._meetings, self.state = None, [], None
        self.setText("")

    @property
    def missed(self) -> bool:
        return bool(self.state and self.state.missed)

    def refresh(self) -> None:
        state = clock_state(self._network, self._meetings, self.now()) if self._network else None
        self.state = state
        if state is None:
            self.timer.stop()
            self.setText(Network.tr("No referral time recorded"))
            self._style(False, False)
            return
        target = Network.tr("{h}-hour target").format(h=state.target_hours)
        if state.first_meeting is not None:
            self.timer.stop()
            taken = format_span(
                state.first_meeting - (state.deadline - timedelta(hours=state.target_hours))
            )
            if state.before_referral:
                self.setText(
                    Network.tr(
                        "First meeting recorded before the referral — not counted as within the"
                        " {target}"
                    ).format(target=target)
                )
            elif state.met:
                self.setText(
                    Network.tr("First meeting {taken} after referral — within the {target}").format(
                        taken=taken, target=target
                    )
                )
            else:
                self.setText(
                    Network.tr(
                        "First meeting {taken} after referral — the {target} was missed"
                    ).format(taken=taken, target=target)
                )
        elif state.missed:
            self.timer.start()
            self.setText(
                Network.tr("No first meeting yet: {target} missed by {late}").format(
                    target=target, late=format_span(state.remaining)
                )
            )
        else:
            self.timer.start()
            self.setText(
                Network.tr("{left} left to meet the network ({target})").format(
                    left=format_span(state.remaining), target=target
                )
            )
        self._style(state.missed, state.met)

    def _style(self, missed: bool, met: bool) -> None:
        if self.property("missed") != missed or self.property("met") != met:
            self.setProperty("missed", missed)
            self.setProperty("met", met)
            self.style().unpolish(self)
            self.style().polish(self)


class NetworkPage(QWidget):
    open_meeting = Signal(str)  # meeting id
    new_meeting = Signal(str)  # network id
    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.network: dict | None = None
        head = self._head()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(Network.tr("Network sections"))
        # Person and referral
        self.person_box = QWidget()
        self.person_form = QFormLayout(self.person_box)
        self.tabs.addTab(self.person_box, Network.tr("&Person"))
        self.tabs.addTab(self._members_tab(), Network.tr("Mem&bers"))
        # Map: a holder now, the view on first use (see `map`)
        self._map: NetworkMapView | None = None
        self._map_shows: tuple[str, list[dict]] | None = None
        self.map_box = QWidget()
        self.map_box.setAccessibleName(Network.tr("Network map"))
        QVBoxLayout(self.map_box).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.map_box, Network.tr("&Map"))
        self.tabs.currentChanged.connect(self._tab_shown)
        self.tabs.addTab(self._meetings_tab(), Network.tr("Meeting&s"))
        # History
        self.history = history_model(lambda u: self.session.name_of(u), self)
        self.history_view = table(self.history, Network.tr("History of changes"))
        self.tabs.addTab(self.history_view, Network.tr("H&istory"))

        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.safeguarding)
        lay.addWidget(self.clock)
        lay.addWidget(self.tabs, 1)
        self.setEnabled(False)

    def _head(self) -> QHBoxLayout:
        """The person's name and the network's buttons; the safeguarding banner and the
        referral clock (placed under them)."""
        self.title = QLabel()
        style_as(self.title, "PageTitle")
        self.title.setAccessibleName(Network.tr("Person"))
        self.clock = ReferralClock()
        self.safeguarding = SafeguardingBanner()
        self.edit_button = QPushButton(Network.tr("&Edit referral…"))
        self.edit_button.setAccessibleName(Network.tr("Edit referral"))
        self.edit_button.clicked.connect(self.edit_network)
        self.key_button = QPushButton(Network.tr("&Key practitioners…"))
        self.key_button.setAccessibleName(Network.tr("Edit key practitioners"))
        self.key_button.clicked.connect(self.edit_key_practitioners)
        self.close_button = QPushButton(Network.tr("Close net&work…"))
        self.close_button.setAccessibleName(Network.tr("Close network"))
        self.close_button.clicked.connect(self.ask_close_or_reopen)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.edit_button)
        head.addWidget(self.key_button)
        head.addWidget(self.close_button)
        return head

    def _members_tab(self) -> QWidget:
        self.members = members_model(self)
        self.members_view = table(self.members, Network.tr("Network members"))
        open_rows(self.members_view, lambda i: self.edit_member(i.row()))
        add_member = QPushButton(Network.tr("&Add member…"))
        add_member.setAccessibleName(Network.tr("Add member"))
        add_member.clicked.connect(lambda: self.edit_member(-1))
        members_box = QWidget()
        ml = QVBoxLayout(members_box)
        ml.addWidget(self.members_view)
        ml.addWidget(add_member, 0, Qt.AlignmentFlag.AlignLeft)
        return members_box

    def _meetings_tab(self) -> QWidget:
        self.meetings = meetings_model(self)
        self.meetings_view = table(self.meetings, Network.tr("Meetings timeline"))
        open_rows(self.meetings_view, self._open_selected)
        new_meeting = QPushButton(Network.tr("&New meeting…"))
        new_meeting.setAccessibleName(Network.tr("New meeting"))
        new_meeting.clicked.connect(self._ask_new_meeting)
        open_meeting = QPushButton(Network.tr("&Open meeting"))
        open_meeting.setAccessibleName(Network.tr("Open meeting"))
        open_meeting.clicked.connect(lambda: self._open_selected(self.meetings_view.currentIndex()))
        meetings_box = QWidget()
        mtl = QVBoxLayout(meetings_box)
        mtl.addWidget(self.meetings_view)
        row = QHBoxLayout()
        row.addWidget(new_meeting)
        row.addWidget(open_meeting)
        row.addStretch(1)
        mtl.addLayout(row)
        return meetings_box

    def _ask_new_meeting(self) -> None:
        if self.network:
            self.new_meeting.emit(self.network["id"])

    @property
    def map(self) -> NetworkMapView:
        if self._map is None:
            from odesk.ui.network_map import NetworkMapView, members_table

            self._map = NetworkMapView()
            layout = self.map_box.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.addWidget(self._map, 1)
            layout.addWidget(members_table(self._map))
            if self._map_shows is not None:
                self._map.show_network(*self._map_shows)
        return self._map

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.map_box:
            _ = self.map  # builds the view

    def _show_map(self, name: str, members: list[dict]) -> None:
        if self._map is not None:
            self._map.show_network(name, members)
        else:
            self._map_shows = (name, members)  # drawn when the map is first shown

    # --- showing --------------------------------------------------------------------------------

    def show_network(self, network_id: str | None) -> None:
        store = self.session.store
        network = store.get(network_id) if network_id else None
        self.network = network
        if network is None:
            self.clear()
            return
        self.setEnabled(True)
        store.audit("view", network["id"])
        name = self._show_person(network)
        members = store.records("member", network_id=network["id"])
        self.members.set_records(members)
        self._show_map(name, members)
        corrections = store.records("meeting_correction", network_id=network["id"])
        meetings = self._show_meetings(network, corrections)
        notes_all = store.records("note", network_id=network["id"])
        reviews: dict[str, list[dict]] = {}
        for review in store.records("review", network_id=network["id"]):
            reviews.setdefault(review.get("note_id") or "", []).append(review)
        self.safeguarding.show_count(
            sum(note_concern_open(store, n, reviews.get(n["id"], [])) for n in notes_all)
        )
        addenda = store.records("addendum", network_id=network["id"])
        ids = [network["id"], *(m["id"] for m in members), *(m["id"] for m in meetings)]
        ids += [n["id"] for n in notes_all] + [a["id"] for a in addenda]
        ids += [c["id"] for c in corrections]
        self._show_history(network["id"], ids)

    def _show_person(self, network: dict) -> str:
        """Title, the close or reopen button, and the person and referral rows; the name shown."""
        person = network.get("person") or {}
        name = person.get("name") or ""
        if person.get("preferred_name"):
            name += f" ({person['preferred_name']})"
        self.title.setText(
            name + ("" if network.get("status") == "open" else Network.tr(" — closed"))
        )
        closed = network.get("status") == "closed"
        self.close_button.setText(
            Network.tr("Reopen net&work") if closed else Network.tr("Close net&work…")
        )
        self.close_button.setAccessibleName(
            Network.tr("Reopen network") if closed else Network.tr("Close network")
        )
        while self.person_form.rowCount():
            self.person_form.removeRow(0)
        for label, value in self._person_rows(network):
            value_label = QLabel(str(value or "—"))
            value_label.setWordWrap(True)
            value_label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value_label.setAccessibleName(label)
            self.person_form.addRow(label, value_label)
        return name

    def _person_rows(self, network: dict) -> list[tuple[str, object]]:
        person = network.get("person") or {}
        referral = network.get("referral") or {}
        return [
            (Network.tr("Pronouns"), person.get("pronouns")),
            (Network.tr("Date of birth"), format_date(person.get("date_of_birth"))),
            (Network.tr("NHS number"), nhs_number_spaced(person.get("nhs_number"))),
            (Network.tr("Phone"), person.get("phone")),
            (Network.tr("Address"), person.get("address")),
            (Network.tr("Referral received"), local_time(referral.get("received_at"))),
            (Network.tr("Source"), referral.get("source")),
            (Network.tr("Urgency"), (referral.get("urgency") or "").replace("_", " ")),
            (Network.tr("Reason"), referral.get("reason")),
            (Network.tr("Team"), self.session.team_name(network.get("team_id") or "")),
            (
                Network.tr("Key practitioners"),
                ", ".join(
                    self.session.name_of(u) for u in network.get("key_practitioner_ids") or []
                ),
            ),
            (Network.tr("Sharing"), network.get("sharing_note")),
            *(
                [(Network.tr("Reason for closing"), network.get("closed_reason"))]
                if network.get("status") == "closed"
                else []
            ),
        ]

    def _show_meetings(self, network: dict, corrections: list[dict]) -> list[dict]:
        """The meetings timeline and the referral clock; the meetings, as corrected."""
        store = self.session.store
        notes = {
            n.get("meeting_id"): n
            for n in store.records("note", network_id=network["id"])
            if n.get("author_id") == self.session.user_id
        }
        # Meetings as corrected (odesk.core.integrity): list and clock show the corrected facts.
        meetings = sorted(
            (
                effective_meeting(m, corrections)
                for m in store.records("meeting", network_id=network["id"])
            ),
            key=meeting_time,
        )
        for m in meetings:
            note = notes.get(m["id"])
            m["_note_state"] = (
                (Network.tr("signed") if note.get("state") == "signed" else Network.tr("draft"))
                if note
                else ""
            )
        self.meetings.set_records(meetings)
        self.clock.show_for(network, meetings)
        return meetings

    def _show_history(self, network_id: str, ids: list[str]) -> None:
        """Every revision of the network's records, newest first, removed records included."""
        store = self.session.store
        history: list[dict] = []
        # Removed records stay in the history, with their reason.
        live = set(ids)
        ids = ids + [
            i
            for i in store.record_ids(include_deleted=True, network_id=network_id)
            if i not in live
        ]
        for rid in ids:
            history.extend(store.history(rid))
        # Refused changes taken back stay in the history too, with the server's reason.
        history.extend(r for r in store.withdrawn() if network_id_of(r) == network_id)
        history.sort(key=lambda r: r.get("updated_at") or "", reverse=True)
        self.history.set_records(history)

    def refresh(self) -> None:
        self.show_network(self.network["id"] if self.network else None)

    def clear(self) -> None:
        self.network = None
        self.title.setText("")
        while self.person_form.rowCount():
            self.person_form.removeRow(0)
        self.members.clear()
        self.meetings.clear()
        self.history.clear()
        self._map_shows = None
        if self._map is not None:
            self._map.clear()
        self.clock.clear()
        self.safeguarding.show_count(0)
        self.setEnabled(False)

    # --- editing --------------------------------------------------------------------------------

    def _open_selected(self, index) -> None:
        rec = self.meetings.record(index.row()) if index.isValid() else None
        if rec:
            self.open_meeting.emit(rec["id"])

    def _save(self, record: dict) -> bool:
        record = {k: v for k, v in record.items() if not k.startswith("_")}
        try:
            self.session.store.save(record)
        except Exception as exc:  # a store or validation error: one line, nothing changed
            from PySide6.QtWidgets import QMessageBox  # on first use, not at start-up

            QMessageBox.warning(self, Network.tr("Not saved"), str(exc))
            return False
        self.changed.emit()
        self.refresh()
        return True

    def edit_network(self) -> None:
        if not self.network:
            return
        choices = [(t, self.session.team_name(t)) for t in self.session.team_ids]
        from odesk.ui.forms import NetworkDialog

        dlg = NetworkDialog(choices, self.network, self)
        if dlg.exec() and dlg.result_record:
            self._save(dlg.result_record)

    def team_directory(self) -> list[dict]:
        """The practitioners of the network's team (all of mine when the team is unknown)."""
        team = (self.network or {}).get("team_id")
        users = [u for u in self.session.directory.values() if team in (u.get("team_ids") or [])]
        return users or self.session.colleagues()

    def edit_key_practitioners(self) -> None:
        if not self.network:
            return
        from odesk.ui.network_people import KeyPractitionersDialog

        dlg = KeyPractitionersDialog(
            self.team_directory(),
            list(self.network.get("key_practitioner_ids") or []),
            self.session.name_of,
            self,
        )
        self.key_dialog = dlg
        if dlg.exec():
            self._save({**self.network, "key_practitioner_ids": dlg.chosen()})

    def ask_close_or_reopen(self) -> None:
        """Closing asks why (the reason stays on the record); reopening clears the closure."""
        if not self.network:
            return
        if self.network.get("status") == "closed":
            record = {**self.network, "status": "open"}
            record.pop("closed_at", None)
            record.pop("closed_reason", None)
            self._save(record)
            return
        from odesk.ui.reason_dialog import ReasonDialog

        dlg = ReasonDialog(
            Network.tr("Close this network?"),
            Network.tr(
                "Closing ends the team's work with this person and their network. The record"
                " stays, and the network can be reopened."
            ),
            Network.tr("Reason for closing"),
            self,
        )
        self.close_dialog = dlg
        if dlg.exec():
            self.close_network(dlg.text())

    def close_network(self, reason: str) -> bool:
        if not self.network or not reason.strip():
            return False
        from datetime import UTC, datetime

        return self._save(
            {
                **self.network,
                "status": "closed",
                "closed_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "closed_reason": reason.strip(),
            }
        )

    def edit_member(self, row: int) -> None:
        if not self.network:
            return
        member = self.members.record(row) if row >= 0 else None
        from odesk.ui.forms import MemberDialog

        dlg = MemberDialog(self.network["id"], member, self)
        if dlg.exec() and dlg.result_record:
            self._save(dlg.result_record)
