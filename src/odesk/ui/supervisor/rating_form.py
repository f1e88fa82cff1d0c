"""A fidelity rating form generated from a scale file: one choice per item, "not rated" allowed.

The rater picks the scale and their role (self, co-facilitator, supervisor, researcher); saving
writes a ``rating`` record of the meeting through the store. One rating per rater, meeting, scale
and role: the form opens on my existing one, and saving again is a new revision of it, not a
second rating. ``has_unsaved_changes()`` tells a dialog whether closing would lose anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from odesk.core.records import ValidationError
from odesk.reports import Scale
from odesk.store import StoreError
from odesk.ui.keys import tab_leaves
from odesk.ui.supervisor.context import SupervisorContext, has_supervisor_role

if TYPE_CHECKING:
    from odesk.store import Store


class RatingForm(QWidget):
    saved = Signal(dict)

    def __init__(
        self, ctx: SupervisorContext, meeting: dict, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting = meeting
        self.item_boxes: dict[str, QComboBox] = {}
        self.setAccessibleName(self.tr("Fidelity rating"))

        layout = QVBoxLayout(self)
        head, roles = self._head()
        layout.addLayout(head)

        self.message = QLabel()
        self.message.setWordWrap(True)
        if not roles:
            self.message.setText(self.tr("You do not rate meetings of this team."))
        elif ctx.scale_error:
            self.message.setText(self.tr("A scale file could not be read: ") + ctx.scale_error)
        elif not ctx.scales:
            self.message.setText(self.tr("No rating scales are installed."))
        layout.addWidget(self.message)

        self.items_area = QScrollArea()
        self.items_area.setWidgetResizable(True)
        self.items_area.setAccessibleName(self.tr("Rating items"))
        layout.addWidget(self.items_area, 1)
        self._comment_and_save(layout, roles)

        self.existing: dict | None = None
        self._saved_state: tuple = ()
        self.scale_box.currentIndexChanged.connect(self._build_items)
        self.role_box.currentIndexChanged.connect(lambda _: self._load_existing())
        self._build_items()

    def _head(self) -> tuple[QFormLayout, list[str]]:
        """Scale and rater role; the roles this user may rate as in the meeting's team."""
        ctx = self.ctx
        head = QFormLayout()
        self.scale_box = QComboBox()
        self.scale_box.setAccessibleName(self.tr("Rating scale"))
        for scale in ctx.scales.values():
            self.scale_box.addItem(f"{scale.name} ({scale.version})", scale.id)
        scale_label = QLabel(self.tr("S&cale"))
        scale_label.setBuddy(self.scale_box)
        head.addRow(scale_label, self.scale_box)
        self.role_box = QComboBox()
        self.role_box.setAccessibleName(self.tr("Rater role"))
        names = {
            "self": self.tr("Self-rating"),
            "co_facilitator": self.tr("Co-facilitator"),
            "supervisor": self.tr("Supervisor"),
            "researcher": self.tr("Researcher"),
        }
        network = ctx.store.get(self.meeting.get("network_id") or "") or {}
        roles = ctx.rater_roles(network.get("team_id"))
        for role in roles:
            self.role_box.addItem(names[role], role)
        # As before the roles were narrowed: supervisors start on "supervisor", others on "self".
        default = "supervisor" if has_supervisor_role(ctx.user) else "self"
        self.role_box.setCurrentIndex(max(0, self.role_box.findData(default)))
        role_label = QLabel(self.tr("Rating &as"))
        role_label.setBuddy(self.role_box)
        head.addRow(role_label, self.role_box)
        return head, roles

    def _comment_and_save(self, layout: QVBoxLayout, roles: list[str]) -> None:
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Rating comment"))
        self.comment.setPlaceholderText(self.tr("Comment (optional)"))
        tab_leaves(self.comment)
        comment_label = QLabel(self.tr("Co&mment"))
        comment_label.setBuddy(self.comment)
        layout.addWidget(comment_label)
        layout.addWidget(self.comment)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save ra&ting"))
        self.save_button.setAccessibleName(self.tr("Save rating"))
        self.save_button.setEnabled(bool(self.ctx.scales) and bool(roles))
        self.buttons.accepted.connect(self.save)
        layout.addWidget(self.buttons)

    @property
    def scale(self) -> Scale | None:
        return self.ctx.scales.get(self.scale_box.currentData())

    def _build_items(self) -> None:
        holder = QWidget()
        form = QFormLayout(holder)
        # Each item's label on its own line above its choice, wrapped to the form's width: the
        # twelve key elements have long names, which a label column would clip.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.item_boxes = {}
        scale = self.scale
        if scale is not None:
            for n, item in enumerate(scale.items, start=1):
                box = QComboBox()
                box.setAccessibleName(item.label)
                box.addItem(self.tr("not rated"), None)
                for score in range(scale.min, scale.max + 1):
                    words = scale.label_for(score)
                    box.addItem(f"{score} – {words}" if words else str(score), score)
                label = QLabel(f"{n}. {item.label}")
                label.setWordWrap(True)
                label.setBuddy(box)
                form.addRow(label, box)
                self.item_boxes[item.id] = box
        self.item_labels = [
            label
            for label in holder.findChildren(QLabel)
            if label.buddy() in self.item_boxes.values()
        ]
        self.items_area.setWidget(holder)
        self._saved_state = ()  # new items: nothing typed in them to keep
        self._load_existing()

    def _load_existing(self) -> None:
        """Fill the form from my rating of this meeting on this scale in this role, if any."""
        scale, role = self.scale, self.role_box.currentData()
        self.existing = None
        if scale is not None and role is not None:
            # the network first: an indexed column, so only that network's ratings are looked at
            # (a rating's meeting is one of its own network's: odesk.core.reference_rules)
            mine = self.ctx.store.records(
                "rating",
                network_id=self.meeting.get("network_id"),
                meeting_id=self.meeting["id"],
                rater_id=self.ctx.user_id,
            )
            self.existing = next(
                (
                    r
                    for r in mine
                    if r.get("instrument") == scale.id and r.get("rater_role") == role
                ),
                None,
            )
        scores = (self.existing or {}).get("scores") or {}
        stored = (
            {k: scores.get(k) for k in self.item_boxes},
            (self.existing or {}).get("comment") or "",
        )
        if self._saved_state and self._state() != self._saved_state:
            # the rater changed role with scores typed: keep what they typed, to be saved as
            # (or over) their rating in the new role
            self._saved_state = stored
            return
        for item_id in self.item_boxes:
            self.set_score(item_id, scores.get(item_id))
        self.comment.setPlainText(stored[1])
        self._saved_state = self._state()

    def _state(self) -> tuple:
        return (self.scores(), self.comment.toPlainText().strip())

    def has_unsaved_changes(self) -> bool:
        """True when a score or the comment differs from what is stored (or, for a new rating,
        from an empty form)."""
        return self.scale is not None and self._state() != self._saved_state

    def scores(self) -> dict[str, int | None]:
        return {item_id: box.currentData() for item_id, box in self.item_boxes.items()}

    def set_score(self, item_id: str, score: int | None) -> None:
        box = self.item_boxes[item_id]
        box.setCurrentIndex(max(0, box.findData(score)))

    def record(self) -> dict[str, Any]:
        scale = self.scale
        assert scale is not None
        record: dict[str, Any] = {
            "kind": "rating",
            "meeting_id": self.meeting["id"],
            "network_id": self.meeting["network_id"],
            "instrument": scale.id,
            "rater_id": self.ctx.user_id,
            "rater_role": self.role_box.currentData(),
            "scores": self.scores(),
        }
        comment = self.comment.toPlainText().strip()
        if comment:
            record["comment"] = comment
        if self.existing is not None:  # a new revision of my rating, never a second rating
            record["id"] = self.existing["id"]
            record["rev"] = self.existing["rev"]
        return record

    def save(self) -> dict | None:
        if self.scale is None or self.role_box.currentData() is None:
            return None
        try:
            stored = self.ctx.store.save(self.record())
        except (ValidationError, StoreError) as exc:
            QMessageBox.warning(self, self.tr("Rating not saved"), str(exc))
            return None
        self.existing = stored
        self._saved_state = self._state()
        self.message.setText(self.tr("Rating saved."))
        self.saved.emit(stored)
        return stored


class RatingDialog(QDialog):
    """The rating form on its own, for the practitioner's meeting view (self or co-facilitator).

    ``RatingDialog(store, meeting)``; ``saved`` carries the stored rating.
    """

    saved = Signal(dict)

    def __init__(
        self,
        store: Store,
        meeting: dict,
        parent: QWidget | None = None,
        *,
        scales: Mapping[str, Scale] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rate this meeting's fidelity"))
        self.setAccessibleName(self.tr("Rate this meeting's fidelity"))
        self.form = RatingForm(SupervisorContext.from_store(store, scales), meeting, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.form.saved.connect(self._done)
        self.resize(560, 620)

    def _done(self, rating: dict) -> None:
        self.saved.emit(rating)
        self.accept()
