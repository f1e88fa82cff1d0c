"""Safeguarding concerns still open, and how every screen flags them.

A note with ``safety.safeguarding_concern`` raises a concern on its network; it stays open until a
supervisor's review of that note says ``safeguarding_addressed: true`` (the rule itself is
odesk.core.safeguarding, shared with the store's summary rows that the network list reads). The
network page, the review queue and the dashboard ask the functions here; every screen shows the
same flag: a warning icon *and* words (never colour alone), with the words also given to
assistive technology.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from odesk.core.safeguarding import (
    ADDRESSED_FIELD,
    CONCERN_PATH,
    addresses,
    open_by_network,
    raised,
    raised_on_any_side,
)
from odesk.ui.i18n import Context

if TYPE_CHECKING:
    from odesk.store import Store

__all__ = ["ADDRESSED_FIELD", "CONCERN_PATH", "raised"]

Safeguarding = Context("Safeguarding")


def note_has_concern(store: Store, note: dict) -> bool:
    """A concern in the note as shown, or in any other live side of a note in conflict: a note
    is never merged by the machine, so the side shown may be the one without the concern, and a
    flag is never lowered without a person (DESIGN §5)."""
    if raised(note) or note.get("id") not in set(store.conflicts()):
        return raised(note)
    by_rev = {r["rev"]: r for r in store.history(note["id"])}
    leaves = (by_rev.get(leaf) for leaf in store.resolution(note["id"]).leaves)
    return raised_on_any_side(note, leaves)


def notes_with_concern(store: Store) -> list[dict]:
    """Live notes with a safeguarding concern on any side (see ``note_has_concern``)."""
    notes = store.flagged_records("note", CONCERN_PATH)
    seen = {n["id"] for n in notes}
    for record_id in store.conflicts():
        if record_id in seen:
            continue
        note = store.get(record_id)
        if note is not None and note.get("kind") == "note" and note_has_concern(store, note):
            notes.append(note)
    return notes


def addressed_note_ids(store: Store) -> set[str]:
    return {
        str(r.get("note_id"))
        for r in store.flagged_records("review", ADDRESSED_FIELD)
        if addresses(r)
    }


def open_concerns(store: Store) -> dict[str, list[str]]:
    """Network id → ids of its notes whose safeguarding concern no review has marked addressed."""
    return open_by_network(notes_with_concern(store), addressed_note_ids(store))


def note_concern_open(store: Store, note: dict, reviews: list[dict]) -> bool:
    if not note_has_concern(store, note):
        return False
    return not any(addresses(r) for r in reviews)


def flag_text() -> str:
    """The flag's words, short enough for a table cell."""
    return Safeguarding.tr("Safeguarding concern")


def flag_short() -> str:
    """The flag's word under a "Safeguarding" column title."""
    return Safeguarding.tr("Concern")


def flag_description(count: int) -> str:
    """What a screen reader says, and the tooltip: the flag with its count and what ends it."""
    return Safeguarding.tr(
        "Open safeguarding concern in %n note(s), until a supervisor's review marks it addressed",
        None,
        count,
    )


def flag_icon() -> QIcon:
    from PySide6.QtWidgets import QApplication, QStyle

    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


class SafeguardingBanner(QWidget):
    """The network page's flag: icon and words, reachable by Tab, hidden when nothing is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Qt's enums here, not at import: the network list reads open_concerns without them
        # (see odesk.ui.network_list)
        from PySide6.QtCore import Qt

        from odesk.ui.style import style_as

        style_as(self, "SafeguardingBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # draws the sheet's border
        self.icon = QLabel()
        self.icon.setPixmap(flag_icon().pixmap(24, 24))
        self.icon.setAccessibleName(Safeguarding.tr("Warning"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setAccessibleName(flag_text())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        self.count = 0
        self.setVisible(False)

    def show_count(self, count: int) -> None:
        self.count = count
        description = flag_description(count)
        self.text.setText(f"<b>{flag_text()}</b> — {description}" if count else "")
        self.text.setAccessibleDescription(description if count else "")
        self.setAccessibleName(flag_text() if count else "")
        self.setAccessibleDescription(description if count else "")
        self.setVisible(count > 0)
