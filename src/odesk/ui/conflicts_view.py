"""Conflicts and refused changes: the leaves side by side, a merged text saved by a person.

For each field the versions disagree on, the versions are shown next to each other and the
merged value is edited below them (text fields) or chosen from them; saving writes a revision
whose parents are every leaf (odesk.sync.resolve_conflict), which ends the conflict everywhere.
Changes the server refused are listed with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from odesk.core.records import ENVELOPE_FIELDS
from odesk.ui.i18n import Context
from odesk.ui.keys import open_rows, tab_leaves
from odesk.ui.people import attendee_name, with_names
from odesk.ui.record_models import RecordTableModel
from odesk.ui.times import local_time

Conflicts = Context("Conflicts")


def content(rev: dict) -> dict:
    return {k: v for k, v in rev.items() if k not in ENVELOPE_FIELDS}


def differing_fields(leaves: list[dict]) -> list[str]:
    keys: set[str] = set()
    for leaf in leaves:
        keys |= set(content(leaf))
    return sorted(
        k for k in keys if len({json.dumps(leaf.get(k), sort_keys=True) for leaf in leaves}) > 1
    )


def fit_header(view: QTableView) -> None:
    """Columns as wide as their header text (and the few rows), the last one taking the rest.

    These lists are short (conflicts and refused changes), so measuring their rows is cheap.
    """
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    view.verticalHeader().hide()


def show(value: Any, name: Any = None) -> str:
    """A field's value as text; with ``name`` (a reference → person's name function), a list or
    object shows people by name, never by id."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if name is not None:
        value = with_names(value, name)
    return json.dumps(value, ensure_ascii=False, indent=1)


class ConflictsView(QWidget):
    resolved = Signal(str)

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.items: list[Any] = []
        self.list_model = RecordTableModel(
            [
                (Conflicts.tr("Record"), lambda r: r["kind"]),
                (Conflicts.tr("Fields"), lambda r: ", ".join(r["fields"])),
                (Conflicts.tr("Versions"), lambda r: r["n"]),
            ],
            self,
        )
        self.list_view = QTableView()
        self.list_view.setModel(self.list_model)
        self.list_view.setAccessibleName(Conflicts.tr("Records in conflict"))
        self.list_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.list_view.clicked.connect(lambda i: self.open_conflict(i.row()))
        open_rows(self.list_view, lambda i: self.open_conflict(i.row()))
        fit_header(self.list_view)
        from odesk.ui.refused_changes import RefusedChangesPanel

        self.refused = RefusedChangesPanel(session)
        self.rejected_model = self.refused.model
        self.rejected_view = self.refused.view
        self.detail = QScrollArea()
        self.detail.setWidgetResizable(True)
        self.detail.setAccessibleName(Conflicts.tr("Versions side by side"))
        self.save_button = QPushButton(Conflicts.tr("&Save merged version"))
        self.save_button.setAccessibleName(Conflicts.tr("Save merged version"))
        self.save_button.clicked.connect(self.save_merge)
        self.save_button.setEnabled(False)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel(Conflicts.tr("Records in conflict")))
        ll.addWidget(self.list_view)
        ll.addWidget(QLabel(Conflicts.tr("Changes the server refused (kept on this laptop)")))
        ll.addWidget(self.refused)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.detail, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        rl.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.current: Any = None
        self.editors: dict[str, Any] = {}

    def refresh(self) -> None:
        # Imported on first use: the sync stack is not needed to open the window.
        from odesk.sync.conflicts import conflicts

        store = self.session.store
        self.items = conflicts(store)
        rows = []
        for info in self.items:
            fields = info.conflict_fields or differing_fields(info.leaves)
            rows.append(
                {"kind": info.kind, "fields": fields, "n": len(info.leaves), "id": info.record_id}
            )
        self.list_model.set_records(rows)
        self.refused.refresh()
        if self.current and not any(i.record_id == self.current.record_id for i in self.items):
            self._clear_detail()

    def clear(self) -> None:
        self.items = []
        self.list_model.clear()
        self.refused.clear()
        self._clear_detail()

    def _clear_detail(self) -> None:
        self.current = None
        self.editors = {}
        self.detail.setWidget(QWidget())
        self.save_button.setEnabled(False)

    def open_conflict(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        info = self.items[row]
        self.current = info
        self.editors = {}
        box = QWidget()
        grid = QGridLayout(box)
        leaves = info.leaves
        for c, leaf in enumerate(leaves):
            head = QLabel(
                Conflicts.tr("Version {n}: {who}, {when}").format(
                    n=c + 1,
                    who=self.session.name_of(leaf.get("updated_by") or ""),
                    when=local_time(leaf.get("updated_at")),
                )
            )
            head.setWordWrap(True)
            grid.addWidget(head, 0, c + 1)
        fields = differing_fields(leaves)
        person = self._person_names(info)
        for r, name in enumerate(fields, start=1):
            self._field_rows(grid, r, name, info, person)
        if not fields:
            grid.addWidget(
                QLabel(
                    Conflicts.tr(
                        "The versions differ only in being deleted; saving keeps the record."
                    )
                ),
                1,
                0,
            )
        self.detail.setWidget(box)
        self.save_button.setEnabled(True)

    def _person_names(self, info: Any) -> Callable[[str], str]:
        """Names for the people a conflicting record refers to (users and network members)."""
        leaves = info.leaves
        network_id = leaves[-1].get("network_id") or (
            info.record_id if info.kind == "network" else None
        )
        members = (
            {m["id"]: m for m in self.session.store.records("member", network_id=network_id)}
            if network_id
            else {}
        )

        def person(ref: str) -> str:
            if ref == self.session.user_id or ref in self.session.directory:
                return str(self.session.name_of(ref))
            return attendee_name(self.session.directory, members, ref)

        return person

    def _field_rows(
        self,
        grid: QGridLayout,
        r: int,
        name: str,
        info: Any,
        person: Callable[[str], str],
    ) -> None:
        """One differing field: each version read-only, and under them the merged value (typed
        for text, chosen among the versions otherwise)."""
        leaves = info.leaves
        group = QGroupBox(name)
        gl = QVBoxLayout(group)
        grid.addWidget(QLabel(name), r * 2 - 1, 0)
        for c, leaf in enumerate(leaves):
            view = QPlainTextEdit(show(leaf.get(name), person))
            view.setReadOnly(True)
            view.setAccessibleName(Conflicts.tr("{field}, version {n}").format(field=name, n=c + 1))
            view.setMaximumHeight(120)
            tab_leaves(view)
            grid.addWidget(view, r * 2 - 1, c + 1)
        values = [leaf.get(name) for leaf in leaves]
        if all(isinstance(v, str) or v is None for v in values):
            edit = QPlainTextEdit(show((info.merged or {}).get(name, values[-1])))
            edit.setAccessibleName(Conflicts.tr("Merged {field}").format(field=name))
            edit.setTabChangesFocus(True)
            self.editors[name] = ("text", edit)
        else:
            choice = QComboBox()
            choice.setAccessibleName(Conflicts.tr("Merged {field}").format(field=name))
            for c, v in enumerate(values):
                choice.addItem(Conflicts.tr("Keep version {n}").format(n=c + 1), v)
                choice.setItemData(c, show(v, person), Qt.ItemDataRole.ToolTipRole)
            self.editors[name] = ("choice", choice)
        gl.addWidget(self.editors[name][1])
        grid.addWidget(group, r * 2, 0, 1, len(leaves) + 1)

    def merged_fields(self) -> dict:
        info = self.current
        base = content(info.merged or info.leaves[-1])
        for name, (mode, edit) in self.editors.items():
            if mode == "text":
                text = edit.toPlainText()
                base[name] = text if text or name not in base else None
            else:
                base[name] = edit.currentData()
        return base

    def save_merge(self) -> bool:
        if not self.current:
            return False
        from odesk.sync.conflicts import resolve_conflict

        record_id = self.current.record_id
        try:
            resolve_conflict(self.session.store, record_id, self.merged_fields())
        except Exception as exc:
            QMessageBox.warning(self, Conflicts.tr("Not saved"), str(exc))
            return False
        self.refresh()
        self._clear_detail()
        self.resolved.emit(record_id)
        return True


__all__ = ["ConflictsView"]
